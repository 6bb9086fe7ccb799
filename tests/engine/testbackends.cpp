#include "testbackends.h"

#include "backends.h"
#include "random.h"

#include <QTest>

#include <algorithm>
#include <cmath>

namespace ds::test {

void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    for (const BackendInfo &b : probeBackends())
        QTest::newRow(b.id.c_str()) << QString::fromStdString(b.id);
}

std::unique_ptr<Backend> backendForRow(QString *skipReason)
{
    QFETCH(QString, backend);
    for (const BackendInfo &b : probeBackends())
        if (b.id == backend.toStdString() && !b.available) {
            *skipReason = QString::fromStdString(b.id + " backend skipped: " + b.reason);
            return nullptr;
        }
    return createBackend(backend.toStdString());
}

std::vector<double> numericGradient(std::vector<float> &v, const std::function<double()> &f, float eps)
{
    std::vector<double> g(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const float keep = v[i];
        v[i] = keep + eps;
        const double up = f();
        v[i] = keep - eps;
        const double down = f();
        v[i] = keep;
        g[i] = (up - down) / (2.0 * double(eps));
    }
    return g;
}

QString compareGradients(const std::vector<float> &analytic, const std::vector<double> &numeric, double tol)
{
    if (analytic.size() != numeric.size())
        return QString("sizes differ: %1 analytic, %2 numeric").arg(analytic.size()).arg(numeric.size());
    // How far past its allowance each element is: tol of the larger value, plus the float forward
    // pass's own noise (kGradientNoise). Small gradients get no more room than their size, so a
    // leaky ReLU's 0.01 slope left out of its backward is seen.
    double worst = 0.0;
    std::size_t at = 0;
    bool failed = false;
    for (std::size_t i = 0; i < analytic.size(); ++i) {
        const double a = analytic[i], n = numeric[i];
        const double over = std::abs(a - n) - (tol * std::max(std::abs(a), std::abs(n)) + kGradientNoise);
        if (std::isnan(over) || (over > 0.0 && (!failed || over > worst))) {
            worst = over;
            at = i;
            failed = true;
            if (std::isnan(over))
                break;
        }
    }
    if (!failed)
        return {};
    return QString("element %1: analytic %2, numeric %3 (the difference %4 is more than %5 of the larger plus %6)")
        .arg(at)
        .arg(double(analytic[at]), 0, 'g', 7)
        .arg(numeric[at], 0, 'g', 7)
        .arg(std::abs(double(analytic[at]) - numeric[at]), 0, 'g', 3)
        .arg(tol)
        .arg(kGradientNoise);
}

std::vector<float> randomVector(std::size_t n, float lo, float hi, unsigned seed)
{
    Rng rng(seed);
    std::vector<float> v(n);
    for (float &x : v)
        x = rng.uniform(lo, hi);
    return v;
}

} // namespace ds::test

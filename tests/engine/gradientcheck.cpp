#include "gradientcheck.h"

#include "testbackends.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

namespace ds::test {

double weightedSum(const std::vector<float> &y, const std::vector<float> &r)
{
    double s = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i)
        s += double(y[i]) * r[i];
    return s;
}

std::vector<float> inputsAwayFromZero(std::size_t n, unsigned seed)
{
    auto v = randomVector(n, -2.0f, 2.0f, seed);
    for (float &x : v)
        if (std::fabs(x) < 0.1f)
            x = x < 0 ? -0.1f - x : 0.1f + x;
    return v;
}

std::vector<float> distinctValues(std::size_t n, unsigned seed)
{
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = -1.0f + 0.1f * float(i) / std::max<float>(1.0f, float(n) / 20.0f);
    std::shuffle(v.begin(), v.end(), std::mt19937(seed));
    return v;
}

void checkLayer(Backend &be, Layer &layer, const Shape &inRow, int rows, unsigned seed, bool training,
    const std::vector<float> &inputs)
{
    Shape inShape = inRow, outShape = layer.outputShape(inRow);
    inShape.insert(inShape.begin(), rows);
    outShape.insert(outShape.begin(), rows);
    const std::size_t np = layer.paramCount();
    Tensor params, grads;
    std::vector<float> hostParams = randomVector(np, -1.0f, 1.0f, seed + 1);
    if (np) {
        params = be.fromHost(hostParams, {int(np)});
        grads = be.tensor({int(np)});
        layer.bindParams(params, grads);
    }
    std::vector<float> hostX = inputs.empty() ? inputsAwayFromZero(elementCount(inShape), seed) : inputs;
    QCOMPARE(hostX.size(), elementCount(inShape));
    const std::vector<float> r = randomVector(elementCount(outShape), -1.0f, 1.0f, seed + 2);
    Tensor x = be.fromHost(hostX, inShape), y = be.tensor(outShape), dx = be.tensor(inShape);
    Tensor dy = be.fromHost(r, outShape);

    auto loss = [&] {
        be.upload(hostX.data(), x);
        if (np)
            be.upload(hostParams.data(), params);
        layer.forward(x, y, training);
        return weightedSum(be.toHost(y), r);
    };
    loss();
    layer.backward(x, y, dy, &dx);
    const std::vector<float> analyticX = be.toHost(dx);
    const std::vector<float> analyticP = np ? be.toHost(grads) : std::vector<float> {};

    const QString ex = compareGradients(analyticX, numericGradient(hostX, loss), kTolerance);
    QVERIFY2(ex.isEmpty(), qPrintable(QString::fromStdString(layer.describe()) + " input gradient: " + ex));
    if (np) {
        const QString ep = compareGradients(analyticP, numericGradient(hostParams, loss), kTolerance);
        QVERIFY2(ep.isEmpty(), qPrintable(QString::fromStdString(layer.describe()) + " parameter gradient: " + ep));
    }
}

} // namespace ds::test

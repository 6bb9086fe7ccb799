// Pins our forward and backward pass of a small CNN to PyTorch's: the same weights and inputs
// (tests/engine/golden/small_cnn.json, written by make_small_cnn.py with python3-torch in
// double precision) must give the same logits, loss, parameter gradients, running statistics
// and evaluation logits to 1e-4, on each backend.
#include "network.h"
#include "testbackends.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace ds;
using namespace ds::test;

namespace {

constexpr double kGoldenTolerance = 1e-4;

std::vector<float> floats(const QJsonValue &v)
{
    std::vector<float> out;
    for (const QJsonValue &e : v.toArray())
        out.push_back(float(e.toDouble()));
    return out;
}

// "" when |ours - torch| <= tol * max(1, |torch|) everywhere, else the worst element.
QString compare(const std::vector<float> &ours, const std::vector<float> &torch, const char *what)
{
    if (ours.size() != torch.size())
        return QString("%1: %2 values, PyTorch has %3").arg(what).arg(ours.size()).arg(torch.size());
    for (std::size_t i = 0; i < ours.size(); ++i)
        if (std::fabs(double(ours[i]) - torch[i]) > kGoldenTolerance * std::max(1.0, std::fabs(double(torch[i]))))
            return QString("%1[%2]: ours %3, PyTorch %4")
                .arg(what)
                .arg(i)
                .arg(ours[i], 0, 'g', 9)
                .arg(torch[i], 0, 'g', 9);
    return {};
}

ModelSpec smallCnnSpec()
{
    ModelSpec s;
    s.input = {2, 11, 11};
    s.layers = {LayerSpec::conv(3, 3, 1, 1), LayerSpec::batchNorm(), LayerSpec::act(ActivationKind::Tanh),
        LayerSpec::maxPool(2), LayerSpec::conv(4, 2, 1, 0, 2), LayerSpec::act(ActivationKind::Relu),
        LayerSpec::avgPool(3, 2, 1), LayerSpec::flatten(), LayerSpec::dense(5), LayerSpec::softmax()};
    s.loss = LossKind::SoftmaxCrossEntropy;
    return s;
}

} // namespace

class TestGolden : public QObject {
    Q_OBJECT

private slots:
    void smallCnn_data() { addBackendRows(); }
    void smallCnn()
    {
        DS_BACKEND(be);
        // DS_GOLDEN_DIR in the environment wins: on the GPU machine the sources live elsewhere.
        QFile file(qEnvironmentVariable("DS_GOLDEN_DIR", QStringLiteral(DS_GOLDEN_DIR)) + "/small_cnn.json");
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QJsonObject g = QJsonDocument::fromJson(file.readAll()).object();
        const int rows = g["input_shape"].toArray()[0].toInt(), classes = g["classes"].toInt();
        std::vector<float> targets(std::size_t(rows) * classes, 0.0f);
        const QJsonArray labels = g["labels"].toArray();
        for (int r = 0; r < rows; ++r)
            targets[std::size_t(r) * classes + labels[r].toInt()] = 1.0f;

        const ModelSpec spec = smallCnnSpec();
        Network net(spec, *be, 1);
        net.setParameters(floats(g["parameters"]));
        Tensor x = be->fromHost(floats(g["inputs"]), {rows, 2, 11, 11});
        Tensor t = be->fromHost(targets, {rows, classes}), grad = be->tensor({rows, classes});

        net.forward(x, true);
        QString e = compare(be->toHost(net.lossInput()), floats(g["training_logits"]), "training logits");
        QVERIFY2(e.isEmpty(), qPrintable(e));
        const float loss = be->loss(spec.loss, net.lossInput(), t);
        QVERIFY2(std::fabs(loss - g["loss"].toDouble()) < kGoldenTolerance,
            qPrintable(QString("loss: ours %1, PyTorch %2").arg(loss).arg(g["loss"].toDouble())));
        be->lossGradient(spec.loss, net.lossInput(), t, grad);
        net.backward(grad);
        e = compare(be->toHost(net.gradients()), floats(g["gradients"]), "gradients");
        QVERIFY2(e.isEmpty(), qPrintable(e));
        e = compare(net.parametersToHost(), floats(g["parameters_after_training_forward"]), "running statistics");
        QVERIFY2(e.isEmpty(), qPrintable(e));

        net.forward(x, false);
        e = compare(be->toHost(net.lossInput()), floats(g["evaluation_logits"]), "evaluation logits");
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }
};

QTEST_APPLESS_MAIN(TestGolden)
#include "tst_golden.moc"

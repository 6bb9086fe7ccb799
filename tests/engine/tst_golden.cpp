// Pins our forward and backward passes to PyTorch's: the same weights and inputs (a small CNN in
// tests/engine/golden/small_cnn.json, a network with skip connections in residual.json, written
// by make_small_cnn.py and make_residual.py with python3-torch in double precision) must give the
// same logits, loss, parameter gradients, running statistics and evaluation logits to 1e-4, on
// each backend.
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

// Runs `spec` on the golden file's weights and inputs, as tst_golden's header says.
void checkAgainstGolden(Backend &be, const ModelSpec &spec, const QString &name)
{
    // DS_GOLDEN_DIR in the environment wins: on the GPU machine the sources live elsewhere.
    QFile file(qEnvironmentVariable("DS_GOLDEN_DIR", QStringLiteral(DS_GOLDEN_DIR)) + "/" + name);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QJsonObject g = QJsonDocument::fromJson(file.readAll()).object();
    Shape inputShape;
    for (const QJsonValue &d : g["input_shape"].toArray())
        inputShape.push_back(d.toInt());
    const int rows = inputShape[0], classes = g["classes"].toInt();
    std::vector<float> targets(std::size_t(rows) * classes, 0.0f);
    const QJsonArray labels = g["labels"].toArray();
    for (int r = 0; r < rows; ++r)
        targets[std::size_t(r) * classes + labels[r].toInt()] = 1.0f;

    Network net(spec, be, 1);
    net.setParameters(floats(g["parameters"]));
    Tensor x = be.fromHost(floats(g["inputs"]), inputShape);
    Tensor t = be.fromHost(targets, {rows, classes}), grad = be.tensor({rows, classes});

    net.forward(x, true);
    QString e = compare(be.toHost(net.lossInput()), floats(g["training_logits"]), "training logits");
    QVERIFY2(e.isEmpty(), qPrintable(e));
    const float loss = be.loss(spec.loss, net.lossInput(), t);
    QVERIFY2(std::fabs(loss - g["loss"].toDouble()) < kGoldenTolerance,
        qPrintable(QString("loss: ours %1, PyTorch %2").arg(loss).arg(g["loss"].toDouble())));
    be.lossGradient(spec.loss, net.lossInput(), t, grad);
    net.backward(grad);
    e = compare(be.toHost(net.gradients()), floats(g["gradients"]), "gradients");
    QVERIFY2(e.isEmpty(), qPrintable(e));
    e = compare(net.parametersToHost(), floats(g["parameters_after_training_forward"]), "running statistics");
    QVERIFY2(e.isEmpty(), qPrintable(e));

    net.forward(x, false);
    e = compare(be.toHost(net.lossInput()), floats(g["evaluation_logits"]), "evaluation logits");
    QVERIFY2(e.isEmpty(), qPrintable(e));
}

} // namespace

class TestGolden : public QObject {
    Q_OBJECT

private slots:
    void smallCnn_data() { addBackendRows(); }
    void smallCnn()
    {
        DS_BACKEND(be);
        checkAgainstGolden(*be, smallCnnSpec(), "small_cnn.json");
    }

    // Two skip connections (tests/engine/golden/make_residual.py): one over a block of two
    // convolutions, one over a dense layer and its tanh.
    void residual_data() { addBackendRows(); }
    void residual()
    {
        DS_BACKEND(be);
        ModelSpec s;
        s.input = {2, 6, 6};
        s.layers = {LayerSpec::conv(4, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::conv(4, 3, 1, 1),
            LayerSpec::act(ActivationKind::Relu), LayerSpec::conv(4, 3, 1, 1), LayerSpec::residual(3),
            LayerSpec::act(ActivationKind::Relu), LayerSpec::flatten(), LayerSpec::dense(6),
            LayerSpec::act(ActivationKind::Tanh), LayerSpec::dense(6), LayerSpec::act(ActivationKind::Tanh),
            LayerSpec::residual(2), LayerSpec::dense(3), LayerSpec::softmax()};
        s.loss = LossKind::SoftmaxCrossEntropy;
        checkAgainstGolden(*be, s, "residual.json");
    }
};

QTEST_APPLESS_MAIN(TestGolden)
#include "tst_golden.moc"

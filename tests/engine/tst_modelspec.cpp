// ModelSpec validation: every invalid spec is a clear message, never a crash; names parse.
#include "backends.h"
#include "error.h"
#include "network.h"
#include "workload.h"

#include <QRegularExpression>
#include <QTest>

using namespace ds;

namespace {

// LeNet-5 as the preset builds it (1 x 28 x 28, ten classes).
ModelSpec lenet5()
{
    ModelSpec s;
    s.input = {1, 28, 28};
    s.layers = {LayerSpec::conv(6, 5, 1, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
        LayerSpec::conv(16, 5), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2), LayerSpec::flatten(),
        LayerSpec::dense(120), LayerSpec::act(ActivationKind::Relu), LayerSpec::dense(84),
        LayerSpec::act(ActivationKind::Relu), LayerSpec::dense(10), LayerSpec::softmax()};
    s.loss = LossKind::SoftmaxCrossEntropy;
    return s;
}

} // namespace

class TestModelSpec : public QObject {
    Q_OBJECT

    static QString errorOf(const ModelSpec &spec) { return QString::fromStdString(spec.validationError()); }

private slots:
    void validSpec()
    {
        // TensorFlow Playground's heavy case: 7 -> 6 x 8 tanh -> 1 tanh.
        const ModelSpec spec = ModelSpec::mlp(
            7, {8, 8, 8, 8, 8, 8}, {ActivationKind::Tanh}, 1, LossKind::MeanSquaredError, ActivationKind::Tanh);
        QVERIFY(errorOf(spec).isEmpty());
        QCOMPARE(spec.parameterCount(), std::size_t(7 * 8 + 8 + 5 * (8 * 8 + 8) + 8 + 1));
        QCOMPARE(spec.outputShape(), (Shape {1}));
        QCOMPARE(spec.layers.size(), std::size_t(6 * 2 + 2));
    }

    // LeNet-5 as the layer editor shows it: every layer's output shape and parameter count.
    void imageSpecChecks()
    {
        ModelSpec s = lenet5();
        QCOMPARE(errorOf(s), QString());
        const std::vector<LayerCheck> c = s.check();
        QCOMPARE(c[0].output, (Shape {6, 28, 28}));
        QCOMPARE(c[0].parameters, std::size_t(6 * 25 + 6));
        QCOMPARE(c[2].output, (Shape {6, 14, 14}));
        QCOMPARE(c[3].output, (Shape {16, 10, 10}));
        QCOMPARE(c[5].output, (Shape {16, 5, 5}));
        QCOMPARE(c[6].output, (Shape {400}));
        QCOMPARE(s.parameterCount(), std::size_t(61706));
        // Batch norm adds 2 trainable parameters per channel (its running statistics are not trained).
        s.layers.insert(s.layers.begin() + 1, LayerSpec::batchNorm());
        QCOMPARE(s.parameterCount(), std::size_t(61706 + 12));
        // A broken layer marks itself; the layers after it have no shape.
        s.layers[0].kernel = 40;
        const std::vector<LayerCheck> broken = s.check();
        QVERIFY(!broken[0].error.empty());
        QVERIFY(broken[1].output.empty() && broken[1].error.empty());
    }

    // The engine's Conv2D and pooling layers against PyTorch's formula written out here and a
    // brute-force count of the window positions, over every small geometry.
    void convGeometrySweep()
    {
        auto cpu = createBackend("cpu");
        int checked = 0;
        for (int in = 1; in <= 9; ++in)
            for (int k = 1; k <= 5; ++k)
                for (int st = 1; st <= 3; ++st)
                    for (int p = 0; p <= 3; ++p)
                        for (int d = 1; d <= 3; ++d) {
                            const int torch = (in + 2 * p - d * (k - 1) - 1) / st + 1;
                            int positions = 0; // window starts whose last tap stays inside the padded input
                            for (int start = -p; start + d * (k - 1) <= in - 1 + p; start += st)
                                ++positions;
                            const bool fits = in + 2 * p - d * (k - 1) - 1 >= 0;
                            QCOMPARE(positions, fits ? torch : 0);
                            ModelSpec s;
                            s.input = {1, in, in + 1};
                            s.layers = {LayerSpec::conv(1, k, st, p, d), LayerSpec::flatten(), LayerSpec::dense(1)};
                            const bool valid = s.validationError().empty();
                            QCOMPARE(valid, positions > 0 && p <= 64);
                            if (!valid)
                                continue;
                            Network net(s, *cpu, 1);
                            QCOMPARE(net.layerShape(0)[1], positions);
                            int positionsW = 0;
                            for (int start = -p; start + d * (k - 1) <= in + p; start += st)
                                ++positionsW;
                            QCOMPARE(net.layerShape(0)[2], positionsW);
                            ++checked;
                            if (d != 1 || 2 * p > k)
                                continue;
                            for (LayerKind pool : {LayerKind::MaxPool2D, LayerKind::AvgPool2D}) {
                                s.layers[0] = {pool, 0, ActivationKind::Linear, 0.0f, k, st, p};
                                Network pooled(s, *cpu, 1);
                                QCOMPARE(pooled.layerShape(0), (Shape {1, positions, positionsW}));
                            }
                        }
        QVERIFY(checked > 1000);
    }

    void invalidSpecs_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no layers") << 0 << "no layers";
        QTest::newRow("zero neurons") << 1 << "layer 3 (dense 0): a dense layer needs 1 to 65536 neurons, not 0";
        QTest::newRow("bce without sigmoid") << 2 << "end the network with a sigmoid";
        QTest::newRow("softmax ce without softmax") << 3 << "end the network with a softmax";
        QTest::newRow("absurd size") << 4 << "parameters";
        QTest::newRow("no inputs") << 5 << "no inputs";
        QTest::newRow("dropout rate 1") << 6 << "dropout rate";
        QTest::newRow("unknown activation") << 7 << "unknown activation";
        QTest::newRow("softmax of one output") << 8 << "at least 2 outputs";
        QTest::newRow("no dense layer") << 9 << "nothing to learn";
        QTest::newRow("kernel larger than the map") << 10 << "a 5x5 kernel does not fit in a 3x3 map";
        QTest::newRow("convolution after flatten") << 11 << "needs an image (channels, height, width), not (48)";
        QTest::newRow("ends with a map") << 12 << "end it with Flatten and a dense layer";
        QTest::newRow("pool padding over half") << 13 << "more than half the 2x2 window";
        QTest::newRow("dilated kernel too large") << 14 << "dilated by 2 (5x5) does not fit in a 4x4 map";
        QTest::newRow("residual of other shapes")
            << 15
            << "layer 3 (residual: + the input of the 2 layers before): it adds the input of layer 1 (2) to "
               "its own input (4): the shapes must match";
        QTest::newRow("residual spans too far")
            << 16 << "a residual connection spans 1 to 2 layers before it here, not 3";
        QTest::newRow("residual spans nothing") << 17 << "spans 1 to 2 layers before it here, not 0";
    }
    void invalidSpecs()
    {
        QFETCH(int, which);
        QFETCH(QString, expected);
        ModelSpec s = ModelSpec::mlp(2, {4, 4}, {ActivationKind::Relu}, 1, LossKind::MeanSquaredError);
        switch (which) {
        case 0: s.layers.clear(); break;
        case 1: s.layers[2].units = 0; break;
        case 2: s.loss = LossKind::BinaryCrossEntropy; break;
        case 3: s.loss = LossKind::SoftmaxCrossEntropy; break;
        case 4:
            s.layers[0].units = 60000;
            s.layers[2].units = 60000;
            break;
        case 5: s.input = {}; break;
        case 6: s.layers.insert(s.layers.begin(), LayerSpec::dropout(1.0f)); break;
        case 7: s.layers[1].activation = static_cast<ActivationKind>(99); break;
        case 8: s.layers.push_back(LayerSpec::softmax()); break;
        case 9: s.layers = {LayerSpec::act(ActivationKind::Tanh)}; break;
        case 10:
            s.input = {1, 3, 3};
            s.layers = {LayerSpec::conv(4, 5), LayerSpec::flatten(), LayerSpec::dense(1)};
            break;
        case 11:
            s.input = {3, 4, 4};
            s.layers = {LayerSpec::flatten(), LayerSpec::conv(4, 3), LayerSpec::dense(1)};
            break;
        case 12:
            s.input = {3, 4, 4};
            s.layers = {LayerSpec::conv(4, 3)};
            break;
        case 13:
            s.input = {3, 4, 4};
            s.layers = {LayerSpec::maxPool(2, 2, 2), LayerSpec::dense(1)};
            break;
        case 14:
            s.input = {1, 4, 4};
            s.layers = {LayerSpec::conv(2, 3, 1, 0, 2), LayerSpec::dense(1)};
            break;
        case 15: s.layers.insert(s.layers.begin() + 2, LayerSpec::residual(2)); break;
        case 16: s.layers.insert(s.layers.begin() + 2, LayerSpec::residual(3)); break;
        case 17: s.layers.insert(s.layers.begin() + 2, LayerSpec::residual(0)); break;
        }
        QVERIFY2(errorOf(s).contains(expected), qPrintable(errorOf(s)));
        auto cpu = createBackend("cpu");
        // A Network refuses the spec with the same message.
        try {
            Network net(s, *cpu, 1);
            QFAIL("an invalid spec was built");
        } catch (const Error &e) {
            QCOMPARE(QString(e.what()), errorOf(s));
        }
    }

    void names()
    {
        for (const auto &a : activationNames())
            QCOMPARE(activationFromName(a.name), a.kind);
        QCOMPARE(lossFromName("binary-cross-entropy"), LossKind::BinaryCrossEntropy);
        QCOMPARE(optimizerFromName("adamw"), OptimizerKind::AdamW);
        QCOMPARE(nameOf(ScheduleKind::Cosine), std::string("cosine"));
        try {
            activationFromName("relu7");
            QFAIL("an unknown name parsed");
        } catch (const Error &e) {
            QVERIFY(QString(e.what()).contains("unknown activation 'relu7'"));
            QVERIFY(QString(e.what()).contains("swish")); // lists what is known
        }
        QVERIFY_THROWS_EXCEPTION(Error, optimizerFromName("lbfgs"));
        QCOMPARE(layerKindFromName("residual"), LayerKind::Residual);
    }

    // A skip connection keeps its input's shape and adds no parameters.
    void residualShapes()
    {
        ModelSpec s;
        s.input = {3, 8, 8};
        s.layers = {LayerSpec::conv(3, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::residual(2),
            LayerSpec::flatten(), LayerSpec::dense(2)};
        QCOMPARE(errorOf(s), QString());
        QCOMPARE(s.layerShapes()[2], (Shape {3, 8, 8}));
        QCOMPARE(s.check()[2].parameters, std::size_t(0));
        QCOMPARE(describeLayer(LayerSpec::residual(1)), std::string("residual: + the input of the layer before"));
    }

    void mlpHeads()
    {
        const ModelSpec bce = ModelSpec::mlp(2, {3}, {}, 1, LossKind::BinaryCrossEntropy);
        QCOMPARE(bce.layers.back().activation, ActivationKind::Sigmoid);
        const ModelSpec sce = ModelSpec::mlp(2, {3}, {}, 3, LossKind::SoftmaxCrossEntropy);
        QCOMPARE(sce.layers.back().kind, LayerKind::Softmax);
        QVERIFY_THROWS_EXCEPTION(Error,
            ModelSpec::mlp(2, {3, 3, 3}, {ActivationKind::Relu, ActivationKind::Tanh}, 1, LossKind::MeanSquaredError));
    }

    // The estimate counts what the layers do, by hand: a conv of 4 3x3 filters on 1x8x8 (pad 1)
    // is 4*8*8 outputs of 9 multiply-adds; a 2x2 max pool reads 4 values per output; the dense
    // layer 64 -> 10 is 640 multiply-adds.
    void workloadCountsTheArithmetic()
    {
        ModelSpec s;
        s.input = {1, 8, 8};
        s.layers = {LayerSpec::conv(4, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
            LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
        s.loss = LossKind::SoftmaxCrossEntropy;
        const Workload w = estimateWorkload(s);
        QCOMPARE(w.parameters, s.parameterCount());
        QCOMPARE(w.activations, std::size_t(256 + 256 + 64 + 64 + 10 + 10));
        QCOMPARE(w.workspace, std::size_t(9 * 64)); // the conv's unfolded input
        const double expected = 2.0 * 9 * 256 + 4.0 * 256 + 4.0 * 64 + 2.0 * 640 + 4.0 * 10; // flatten: none
        QCOMPARE(w.flops, expected);
        QCOMPARE(w.stepFlops(32), 3.0 * expected * 32);
        QCOMPARE(w.trainingBytes(2), 16.0 * double(w.parameters) + 2 * 4.0 * (2.0 * 660 + 576));
        QVERIFY(workloadError(w, 32).empty());
        QVERIFY_THROWS_EXCEPTION(Error, estimateWorkload(ModelSpec {}));
    }

    // LeNet-5 (the bench's and the preset's) counted by hand, layer by layer, with the estimate's
    // rules: a multiply-add is 2, a pooled value reads its window, an activation or softmax value
    // is 4, a flatten nothing. bench/run's Gflop/s and "% peak" stand on this count.
    void workloadMatchesAHandCountOfLeNet5()
    {
        const ModelSpec s = lenet5();
        const double conv1 = 2.0 * (6 * 28 * 28) * (5 * 5 * 1); // 235,200
        const double relu1 = 4.0 * (6 * 28 * 28); // 18,816
        const double pool1 = 4.0 * (6 * 14 * 14); // 4,704
        const double conv2 = 2.0 * (16 * 10 * 10) * (5 * 5 * 6); // 480,000
        const double relu2 = 4.0 * (16 * 10 * 10); // 6,400
        const double pool2 = 4.0 * (16 * 5 * 5); // 1,600
        const double dense = 2.0 * (400 * 120 + 120 * 84 + 84 * 10); // 117,840
        const double rest = 4.0 * (120 + 84) + 4.0 * 10; // the two ReLUs and the softmax: 856
        const double forward = conv1 + relu1 + pool1 + conv2 + relu2 + pool2 + dense + rest;
        QCOMPARE(forward, 865416.0);
        QCOMPARE(estimateWorkload(s).flops, forward);
        QCOMPARE(estimateWorkload(s).stepFlops(1), 3.0 * 865416.0); // about 2.6 Mflop per trained image
    }

    // Too much memory, then too much arithmetic per step, each with the estimate and the limit.
    void workloadRefusesWhatIsTooLarge()
    {
        // 16,384 filters of 3x3 on 28x28: 51 M activations per image.
        ModelSpec wide;
        wide.input = {1, 28, 28};
        wide.layers
            = {LayerSpec::conv(16384, 3, 1, 1), LayerSpec::globalAvgPool(), LayerSpec::dense(10), LayerSpec::softmax()};
        wide.loss = LossKind::SoftmaxCrossEntropy;
        QVERIFY(wide.validationError().empty()); // valid: only its size is absurd
        const std::string memory = workloadError(estimateWorkload(wide), 64);
        QVERIFY2(QString::fromStdString(memory).contains(
                     QRegularExpression("about [\\d.]+ GB of memory \\(at most 4.0 GB\\)")),
            memory.c_str());
        QVERIFY(workloadError(estimateWorkload(wide), 1).empty()); // one image at a time fits
        // 3 x 2,048-neuron dense layers on 2,048 inputs: little memory, 25 MFLOP per row.
        ModelSpec deep
            = ModelSpec::mlp(2048, {2048, 2048, 2048}, {ActivationKind::Relu}, 1, LossKind::MeanSquaredError);
        const std::string time = workloadError(estimateWorkload(deep), 4096);
        QVERIFY2(QString::fromStdString(time).contains("GFLOP of arithmetic (at most 100 GFLOP"), time.c_str());
        QVERIFY(workloadError(estimateWorkload(deep), 32).empty());
    }

    void workloadUnits()
    {
        QCOMPARE(formatBytes(512), std::string("512 bytes"));
        QCOMPARE(formatBytes(740e3), std::string("740 KB"));
        QCOMPARE(formatBytes(4e9), std::string("4.0 GB"));
        QCOMPARE(formatBytes(10.6e9), std::string("11 GB"));
        QCOMPARE(formatFlops(1.2e9), std::string("1.2 GFLOP"));
        QCOMPARE(formatFlops(310e6), std::string("310 MFLOP"));
    }
};

QTEST_APPLESS_MAIN(TestModelSpec)
#include "tst_modelspec.moc"

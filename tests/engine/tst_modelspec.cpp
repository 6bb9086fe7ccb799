// ModelSpec validation: every invalid spec is a clear message, never a crash; names parse.
#include "backends.h"
#include "error.h"
#include "network.h"

#include <QTest>

using namespace ds;

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

    void invalidSpecs_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no layers") << 0 << "no layers";
        QTest::newRow("zero neurons") << 1 << "layer 3 has 0 neurons";
        QTest::newRow("bce without sigmoid") << 2 << "end the network with a sigmoid";
        QTest::newRow("softmax ce without softmax") << 3 << "end the network with a softmax";
        QTest::newRow("absurd size") << 4 << "parameters";
        QTest::newRow("no inputs") << 5 << "no inputs";
        QTest::newRow("dropout rate 1") << 6 << "dropout rate";
        QTest::newRow("unknown activation") << 7 << "unknown activation";
        QTest::newRow("softmax of one output") << 8 << "at least 2 outputs";
        QTest::newRow("no dense layer") << 9 << "nothing to learn";
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
            activationFromName("relu6");
            QFAIL("an unknown name parsed");
        } catch (const Error &e) {
            QVERIFY(QString(e.what()).contains("unknown activation 'relu6'"));
            QVERIFY(QString(e.what()).contains("swish")); // lists what is known
        }
        QVERIFY_THROWS_EXCEPTION(Error, optimizerFromName("lbfgs"));
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
};

QTEST_APPLESS_MAIN(TestModelSpec)
#include "tst_modelspec.moc"

// Playground files: a round trip keeps every setting; bad files are clear errors that name the
// field; a save is atomic.
#include "playgroundfile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ds;
using namespace ds::app;

class TestPlaygroundFile : public QObject {
    Q_OBJECT

private slots:
    void roundTrip()
    {
        PlaygroundConfig c;
        c.dataset = data::Generator::Spiral;
        c.noisePercent = 25;
        c.trainPercent = 70;
        c.numPoints = 300;
        c.dataSeed = 42;
        c.drawnPoints = {{1.5f, -2.0f, 1.0f}, {-3.0f, 4.0f, 0.0f}};
        c.features = data::kAllFeatures;
        c.hiddenLayers = {8, 6, 3};
        c.activation = ActivationKind::Relu;
        c.layerActivations = {ActivationKind::Relu, ActivationKind::Gelu, ActivationKind::Swish};
        c.learningRate = 0.003f;
        c.optimizer = OptimizerKind::AdamW;
        c.regularization = Regularization::Dropout;
        c.regularizationRate = 0.25f;
        c.schedule.kind = ScheduleKind::Cosine;
        c.schedule.cosineEpochs = 321;
        c.batchSize = 25;
        c.seed = 7;
        c.stopAfterEpochs = 1000;
        c.patienceEpochs = 50;
        c.epochsPerSecond = 12.5;
        c.showTestData = true;
        c.discretizeOutput = true;
        QTemporaryDir dir;
        const QString path = dir.filePath("p.deepscope.json");
        QString error;
        QVERIFY2(savePlayground(path, c, &error), qPrintable(error));
        const auto back = loadPlayground(path, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QVERIFY(*back == c);
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{ nope") << "not valid JSON";
        QTest::newRow("not ours") << QByteArray("{}") << "not a Deepscope playground file";
        const QByteArray head = R"({"format": "deepscope-playground", "version": 1, )";
        QTest::newRow("wrong type") << head + R"("learningRate": "fast"})"
                                    << "'learningRate' must be a number";
        QTest::newRow("out of range") << head + R"("noise": 80})"
                                      << "'noise' must be a number from 0 to 50";
        QTest::newRow("unknown activation") << head + R"("activation": "relu6"})"
                                            << "unknown activation 'relu6'";
        QTest::newRow("unknown feature") << head + R"("features": ["X3"]})"
                                         << "unknown feature 'X3'";
        QTest::newRow("no features") << head + R"("features": []})"
                                     << "at least one input feature";
        QTest::newRow("zero neurons") << head + R"("hiddenLayers": [4, 0]})"
                                      << "neuron counts";
        QTest::newRow("bad points") << head + R"("drawnPoints": [[1, 2]]})"
                                    << "[x, y, value]";
        QTest::newRow("newer") << QByteArray(R"({"format": "deepscope-playground", "version": 99})")
                               << "newer Deepscope";
    }
    void badFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        QString error;
        QVERIFY(!loadPlayground(path, &error).has_value());
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains("bad.json"), qPrintable(error)); // names the file
    }

    void missingFile()
    {
        QString error;
        QVERIFY(!loadPlayground("/nonexistent/p.json", &error).has_value());
        QVERIFY(error.contains("cannot open"));
    }

    // Saving goes through a temporary file renamed over the old one: nothing is left beside it,
    // and a save that cannot happen says why and creates nothing.
    void saveIsAtomic()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.json");
        QString error;
        QVERIFY(savePlayground(path, PlaygroundConfig {}, &error));
        PlaygroundConfig other;
        other.learningRate = 0.5f;
        QVERIFY(savePlayground(path, other, &error));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {"p.json"});
        QCOMPARE(loadPlayground(path, &error)->learningRate, 0.5f);
        QVERIFY(!savePlayground(dir.filePath("missing/p.json"), other, &error));
        QVERIFY2(error.contains("cannot write"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestPlaygroundFile)
#include "tst_playgroundfile.moc"

// Playground files: a round trip keeps every setting of both modes; version 1 files open; bad
// files are clear errors that name the field; floats read as typed; a save is atomic and a failed
// write (the file size limit standing in for a full disk) leaves the old file whole.
#include "document/playgroundfile.h"
#include "document/trainedrunfile.h"

#include "error.h"
#include "points2d.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

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
        c.init = InitKind::He;
        c.residual = true;
        c.race = {OptimizerKind::Sgd, OptimizerKind::Adam};
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
        QTest::newRow("not json at all") << QByteArray("\0\0\x08\x03rest", 8)
                                         << "not a Deepscope playground: a playground is a JSON object, starting "
                                            "with '{', and this file starts with 00 00 08 03";
        QTest::newRow("a list") << QByteArray(" \n[1, 2]") << "starts with 5b 31 2c 20";
        const QByteArray head = R"({"format": "deepscope-playground", "version": 1, )";
        QTest::newRow("wrong type") << head + R"("learningRate": "fast"})"
                                    << "'learningRate' must be a number";
        QTest::newRow("out of range") << head + R"("noise": 80})"
                                      << "'noise' must be a whole number from 0 to 50";
        // A fraction where a whole number belongs is refused by name, not cut short.
        // A formula that parses but is no number over the plane: refused with its reason (it used
        // to abort every command and the window).
        QTest::newRow("formula 1/0") << head + R"("formula": "1/0"})"
                                     << "the formula '1/0' is not a number over most of the plane";
        QTest::newRow("formula log(-1)") << head + R"x("formula": "log(-1)"})x"
                                         << "is not a number over most of the plane";
        QTest::newRow("fractional batch") << head + R"("batchSize": 10.7})"
                                          << "'batchSize' must be a whole number from 1 to 100000";
        QTest::newRow("fractional points") << head + R"("numPoints": 200.5})"
                                           << "'numPoints' must be a whole number from 10 to 100000";
        QTest::newRow("fractional seed") << head + R"("seed": 1.5})" << "'seed' must be a whole number from 0";
        QTest::newRow("seed text") << head + R"("dataSeed": "12a"})" << "'dataSeed' must be a whole number from 0";
        QTest::newRow("seed past 64 bits") << head + R"("seed": "18446744073709551616"})"
                                           << "'seed' must be a whole number from 0 to 18446744073709551615";
        QTest::newRow("fractional layer") << head + R"("hiddenLayers": [4, 2.5]})" << "neuron counts";
        QTest::newRow("unknown activation") << head + R"("activation": "relu7"})"
                                            << "unknown activation 'relu7'";
        QTest::newRow("unknown feature") << head + R"("features": ["X3"]})"
                                         << "unknown feature 'X3'";
        QTest::newRow("no features") << head + R"("features": []})"
                                     << "at least one input feature";
        QTest::newRow("zero neurons") << head + R"("hiddenLayers": [4, 0]})"
                                      << "neuron counts";
        QTest::newRow("bad points") << head + R"("drawnPoints": [[1, 2]]})"
                                    << "[x, y, value]";
        QTest::newRow("point class out of range") << head + R"("drawnPoints": [[1, 2, 0], [2, 1, 7]]})"
                                                  << "drawn point 2 has class 7, but the data set's classes are 0 to 1";
        QTest::newRow("point off the plane") << head + R"("drawnPoints": [[1e300, 2, 0]]})"
                                             << "drawn point 1 lies off the plane";
        QTest::newRow("newer") << QByteArray(R"({"format": "deepscope-playground", "version": 99})")
                               << "newer Deepscope";
        // Read as version 1 it would lose the whole playground (and a save would write defaults).
        QTest::newRow("version as text") << QByteArray(R"({"format": "deepscope-playground", "version": "2"})")
                                         << "'version' must be a whole number";
        QTest::newRow("version 1.5") << QByteArray(R"({"format": "deepscope-playground", "version": 1.5})")
                                     << "'version' must be a whole number";
        const QByteArray v2 = R"({"format": "deepscope-playground", "version": 2, )";
        QTest::newRow("v2 points field") << v2 + R"("points": {"noise": 80}})"
                                         << "'points': 'noise' must be a whole number from 0 to 50";
        QTest::newRow("v2 unknown layer") << v2 + R"("images": {"layers": [{"kind": "conv3d"}]}})"
                                          << "'images': 'layers': layer 1: 'kind'";
        QTest::newRow("v2 bad kernel") << v2 + R"("images": {"layers": [{"kind": "conv2d", "kernel": 0}]}})"
                                       << "'kernel' must be a whole number from 1";
        QTest::newRow("v2 fractional kernel") << v2 + R"("images": {"layers": [{"kind": "conv2d", "kernel": 2.5}]}})"
                                              << "'kernel' must be a whole number from 1";
        QTest::newRow("v2 fractional batch") << v2 + R"("images": {"batchSize": 31.5}})"
                                             << "'images': 'batchSize' must be a whole number from 1 to 100000";
        QTest::newRow("v2 fractional channels") << v2 + R"("images": {"data": {"channels": 1.5}}})"
                                                << "'images': 'data': 'channels' must be a whole number from 1 to 3";
        QTest::newRow("v2 bad source") << v2 + R"("images": {"data": {"source": "imagenet"}}})"
                                       << "unknown image source 'imagenet'";
        QTest::newRow("v2 bad mode") << v2 + R"("mode": "audio"})"
                                     << "unknown mode 'audio'";
        QTest::newRow("v2 arithmetic kernel") << v2 + R"("arithmetic": {"kernel": 12}})"
                                              << "'arithmetic': 'kernel' must be a whole number from 1 to 11";
        QTest::newRow("v2 arithmetic operation") << v2 + R"("arithmetic": {"operation": "deconv"}})"
                                                 << "'arithmetic': 'operation': unknown operation 'deconv'; known: "
                                                    "convolution, transposed, transposed-scatter, maxpool, avgpool";
        QTest::newRow("v2 arithmetic not an object") << v2 + R"("arithmetic": [1]})" << "'arithmetic' must be an object";
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

    // A file that is not a playground is refused from its first bytes, and one whose text runs on
    // from what was read so far: neither is read whole (a 2.1 GB file was, before its text was
    // looked at). Both files are sparse: they take no disk.
    void largeFilesAreRefusedFromTheirStart()
    {
        QTemporaryDir dir;
        const QString zeros = dir.filePath("zeros.deepscope");
        QFile f(zeros);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(qint64(2100) << 20));
        f.close();
        QString error;
        QVERIFY(!loadDocument(zeros, &error).has_value());
        QVERIFY2(error.contains("this file starts with 00 00 00 00"), qPrintable(error));

        const QString endless = dir.filePath("endless.deepscope");
        QFile g(endless);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("{\"format\": \"deepscope-playground\", \"lesson\": \"");
        QVERIFY(g.resize(qint64(2100) << 20));
        g.close();
        QVERIFY(!loadDocument(endless, &error).has_value());
        QVERIFY2(error.contains("its text runs on past 64 MB"), qPrintable(error));
    }

    // Seeds are 64-bit: above 2^53 a JSON number would lose bits, so they go out as text and come
    // back exact; small ones stay numbers.
    void seedsRoundTripIn64Bits()
    {
        PlaygroundDocument d;
        d.points.seed = 18446744073709551615ull;
        d.points.dataSeed = (1ull << 53) + 1;
        d.images.seed = 12345678901234567891ull;
        d.images.shuffleSeed = 5;
        const QJsonObject json = documentToJson(d);
        QCOMPARE(json["points"].toObject()["seed"].toString(), QString("18446744073709551615"));
        QVERIFY(json["images"].toObject()["shuffleSeed"].isDouble());
        QString error;
        const auto back = documentFromJson(json, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(back->points.seed, d.points.seed);
        QCOMPARE(back->points.dataSeed, d.points.dataSeed);
        QCOMPARE(back->images.seed, d.images.seed);
        QCOMPARE(back->images.shuffleSeed, d.images.shuffleSeed);
    }

    // Both modes and the mode showing, in one document.
    void documentRoundTrip()
    {
        PlaygroundDocument d;
        d.mode = PlaygroundDocument::Images;
        d.points.dataset = data::Generator::Xor;
        d.points.learningRate = 0.05f;
        d.images.data.source = ImageDataChoice::Folder;
        d.images.data.paths = {"/data/flowers"};
        d.images.data.channels = 3;
        d.images.data.height = d.images.data.width = 48;
        d.images.data.validationFraction = 0.15;
        d.images.preset = "";
        d.images.spec.layers
            = {LayerSpec::conv(8, 3, 1, 1, 2), LayerSpec::batchNorm(), LayerSpec::act(ActivationKind::Elu),
                LayerSpec::residual(2), LayerSpec::maxPool(3, 2, 1), LayerSpec::avgPool(2), LayerSpec::dropout(0.3f),
                LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
        d.images.spec.layers[0].frozen = true; // fine-tuning's mark travels with the layer
        d.images.spec.init = InitKind::He;
        d.images.learningRate = 0.0007f;
        d.images.optimizer = OptimizerKind::Nesterov;
        d.images.batchSize = 48;
        d.images.epochs = 12;
        d.images.augment = true;
        d.images.seed = 9;
        d.images.shuffleSeed = 11;
        // The conv-arithmetic diagram travels too (it was left out of the file).
        d.mode = PlaygroundDocument::Arithmetic;
        d.arithmetic.mode = ConvArithMode::TransposedScatter;
        d.arithmetic.inH = 7;
        d.arithmetic.inW = 4;
        d.arithmetic.kernel = 4;
        d.arithmetic.stride = 2;
        d.arithmetic.dilation = 2;
        d.arithmetic.paddingMode = PaddingMode::Same;
        d.arithmetic.padding = 3;
        d.arithmetic.outputPadding = 1;
        QTemporaryDir dir;
        const QString path = dir.filePath("both.deepscope");
        QString error;
        QVERIFY2(saveDocument(path, d, &error), qPrintable(error));
        const auto back = loadDocument(path, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(back->images.spec.layers.size(), d.images.spec.layers.size());
        QVERIFY(back->images == d.images);
        QVERIFY(back->arithmetic == d.arithmetic);
        QVERIFY(*back == d);
    }

    // A trained run rides after the JSON as a binary section; a cut-short one is a clear error.
    void trainedRunSection()
    {
        PlaygroundDocument d;
        TrainedRun run;
        run.weights = {0.5f, -1.25f, 3e-8f};
        run.trainer.rng = {1, 2, 3, 4, 1, 0x3f800000};
        run.trainer.order = {2, 0, 1};
        run.trainer.cursor = 1;
        run.trainer.updates = 41;
        run.trainer.optimizerStep = 41;
        run.trainer.epoch = 13;
        run.trainer.moments1 = {0.1f, 0.2f, 0.3f};
        run.trainer.moments2 = {1e-9f, 2e-9f, 3e-9f};
        run.trainer.inputs = {1, 2, 3, 4, 5, 6};
        run.trainer.layerCounters = {0, 7};
        run.curves = {{1, {0.0, 0.7, 13.0, 0.2}}, {4, {0.0, 0.8, 13.0, 0.3}}};
        RaceLaneRun lane;
        lane.weights = {1.5f, NAN, -2.0f}; // a diverged lane keeps what it had
        lane.trainer = run.trainer;
        lane.trainer.inputs.clear();
        lane.trainer.cursor = 2;
        lane.diverged = true;
        run.lanes = {lane, RaceLaneRun {{7, 8, 9}, run.trainer, false}};
        d.pointsRun = run;
        QTemporaryDir dir;
        const QString path = dir.filePath("run.deepscope");
        QString error;
        QVERIFY(saveDocument(path, d, &error));
        const auto back = loadDocument(path, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        // NaN is not equal to itself: the lanes' bits are compared apart.
        QCOMPARE(back->pointsRun->lanes.size(), std::size_t(2));
        QVERIFY(std::isnan(back->pointsRun->lanes[0].weights[1]));
        QVERIFY(back->pointsRun->lanes[0].diverged && !back->pointsRun->lanes[1].diverged);
        QVERIFY(back->pointsRun->lanes[1] == run.lanes[1]);
        QCOMPARE(back->pointsRun->lanes[0].trainer, lane.trainer);
        TrainedRun withoutLanes = *back->pointsRun;
        withoutLanes.lanes.clear();
        TrainedRun expected = run;
        expected.lanes.clear();
        QVERIFY(withoutLanes == expected);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() - 5));
        f.close();
        QVERIFY(!loadDocument(path, &error).has_value());
        QVERIFY2(error.contains("cut short"), qPrintable(error));
        // A count that claims far more values than the section holds is refused, not allocated.
        QByteArray bytes = encodeTrainedRun(run);
        const int countAt = 4 + 4 + 6 * 8 + 4 + 3 * 8 + 6 * 8 + 8; // the weights' count
        bytes[countAt + 3] = char(0x0f);
        QVERIFY(!decodeTrainedRun(bytes, &error).has_value());
        QVERIFY2(error.contains("damaged"), qPrintable(error));
    }

    // Version 1 files (the Points config at the top level) still open.
    void versionOneOpens()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("old.deepscope.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "deepscope-playground", "version": 1, "dataset": "spiral-3", "learningRate": 0.1})");
        f.close();
        QString error;
        const auto d = loadDocument(f.fileName(), &error);
        QVERIFY2(d.has_value(), qPrintable(error));
        QCOMPARE(d->points.dataset, data::Generator::Spiral3);
        QCOMPARE(d->points.learningRate, 0.1f);
        QCOMPARE(d->mode, int(PlaygroundDocument::Points));
        QVERIFY(d->images == ImagesConfig {});
    }

    // 0.03f is written as 0.03, not 0.029999999329447746.
    void floatsReadAsTyped()
    {
        PlaygroundDocument d;
        d.points.learningRate = 0.03f;
        d.points.drawnPoints = {{0.1f, -2.7f, 1.0f}};
        const QByteArray text = QJsonDocument(documentToJson(d)).toJson();
        QVERIFY2(text.contains("\"learningRate\": 0.03,"), text.constData());
        QVERIFY2(text.contains("0.1,") && text.contains("-2.7,"), text.constData());
    }

    // A write that fails part-way (here the process's file size limit, as a full disk would) says
    // so and leaves the previous file as it was.
    void failedWriteKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.deepscope");
        QString error;
        PlaygroundDocument small;
        QVERIFY(saveDocument(path, small, &error));
        const QByteArray before = [&] {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        PlaygroundDocument big;
        for (int i = 0; i < 20000; ++i)
            big.points.drawnPoints.push_back({float(i % 12) - 6.0f, 1.0f, 0.0f});
        std::signal(SIGXFSZ, SIG_IGN); // the write then fails with EFBIG instead of killing us
        rlimit old {};
        getrlimit(RLIMIT_FSIZE, &old);
        rlimit limit = old;
        limit.rlim_cur = 64 * 1024;
        setrlimit(RLIMIT_FSIZE, &limit);
        const bool saved = saveDocument(path, big, &error);
        setrlimit(RLIMIT_FSIZE, &old);
        QVERIFY(!saved);
        QVERIFY2(error.contains("cannot save") && error.contains("unchanged"), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {"p.deepscope"}); // no temporary left
        // A folder that vanished: a clear message, nothing written.
        QVERIFY(!saveDocument(dir.filePath("gone/p.deepscope"), small, &error));
        QVERIFY2(error.contains("cannot write"), qPrintable(error));
    }

    // A folder the user may not write to: a clear message, the old file whole, nothing beside it.
    // Root writes anywhere, so as root the save runs as "nobody" (seteuid, undone after).
    void readOnlyFolderKeepsTheOldFile()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(
            dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
        const QString folder = dir.filePath("locked"), path = folder + "/p.deepscope";
        QVERIFY(QDir().mkdir(folder));
        QString error;
        PlaygroundDocument before;
        QVERIFY(saveDocument(path, before, &error));
        QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
        PlaygroundDocument after;
        after.points.learningRate = 0.5f;
        const bool root = ::geteuid() == 0;
        if (root)
            QCOMPARE(::seteuid(65534), 0);
        const bool saved = saveDocument(path, after, &error);
        if (root)
            QCOMPARE(::seteuid(0), 0);
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(!saved);
        QVERIFY2(
            error.contains("cannot write") && error.contains(path) && error.contains("ermission"), qPrintable(error));
        const std::optional<PlaygroundDocument> read = loadDocument(path, &error);
        QVERIFY2(read.has_value(), qPrintable(error));
        QCOMPARE(read->points.learningRate, before.points.learningRate);
        QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList {"p.deepscope"});
    }

    // A named pipe (or a device) given as a playground or CSV file is refused at once instead of
    // blocking the read forever; /dev/zero as a CSV likewise.
    void pipesAreRefused()
    {
        QTemporaryDir dir;
        const QByteArray pipe = dir.filePath("pipe.deepscope").toLocal8Bit();
        QCOMPARE(::mkfifo(pipe.constData(), 0600), 0);
        QString error;
        QVERIFY(!loadDocument(QString::fromLocal8Bit(pipe), &error).has_value());
        QVERIFY2(error.contains("not a regular file"), qPrintable(error));
        for (const std::string &path : {pipe.toStdString(), std::string("/dev/zero")}) {
            try {
                data::loadCsv(path, 50, 1);
                QFAIL("a pipe or device was read as CSV");
            } catch (const Error &e) {
                QVERIFY2(QString(e.what()).contains("not a regular file"), e.what());
            }
        }
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

// The command line, run as a user would: the real deepscope binary in a child process.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "patience.h"

#include <sys/stat.h>

using deepscope::test::patience;

class TestCli : public QObject {
    Q_OBJECT

    static QString run(const QStringList &args, int *exitCode)
    {
        QProcess p;
        p.start(DEEPSCOPE_BINARY, args);
        if (!p.waitForFinished(patience(30000)))
            return "timed out";
        *exitCode = p.exitCode();
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    }

    static QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
    {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(text);
        return f.fileName();
    }

    // Stdout alone: the summary line, without the progress that goes to stderr.
    static QByteArray runForStdout(const QStringList &args, int *exitCode, QByteArray *err)
    {
        QProcess p;
        p.start(DEEPSCOPE_BINARY, args);
        if (!p.waitForFinished(patience(60000)))
            return "timed out";
        *exitCode = p.exitCode();
        *err = p.readAllStandardError();
        return p.readAllStandardOutput();
    }

private slots:
    void version()
    {
        int code = -1;
        const QString out = run({"--version"}, &code);
        QCOMPARE(code, 0);
        QVERIFY2(QRegularExpression("^deepscope \\d+\\.\\d+\\.\\d+ \\(commit ([0-9a-f]{7,40}|unknown)\\)\\n$").match(out).hasMatch(), qPrintable(out));
    }

    void info()
    {
        int code = -1;
        const QString out = run({"info"}, &code);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains("Qt 6."), qPrintable(out));
        QVERIFY2(out.contains("Eigen 3."), qPrintable(out));
        QVERIFY2(out.contains("cpu: available"), qPrintable(out));
        // The GPU line is either available or says why not, after a dash.
        QVERIFY2(QRegularExpression("cuda: (available|off — .{20,})").match(out).hasMatch(), qPrintable(out));
    }

    // train: progress on stderr, one JSON line on stdout, the files asked for, exit 0.
    void trainWritesTheSummaryAndTheFiles()
    {
        QTemporaryDir dir;
        const QString file = write(dir, "xor.deepscope",
            R"({"format":"deepscope-playground","version":2,"points":{"dataset":"xor","hiddenLayers":[4]}})");
        int code = -1;
        QByteArray err;
        const QByteArray out = runForStdout(
            {"train", file, "--epochs", "30", "--save", dir.filePath("t.deepscope"), "--export-onnx",
                dir.filePath("t.onnx"), "--export-torch", dir.filePath("torch"), "--history", dir.filePath("h.csv")},
            &code, &err);
        QVERIFY2(code == 0, err.constData());
        QVERIFY2(err.contains("epoch 30/30"), err.constData());
        QCOMPARE(out.count('\n'), 1);
        const QJsonObject summary = QJsonDocument::fromJson(out).object();
        QCOMPARE(summary.value("mode").toString(), QString("points"));
        QCOMPARE(summary.value("epochs").toInt(), 30);
        QVERIFY(summary.value("test_accuracy").toDouble() > 0.5);
        QVERIFY(summary.value("seconds").toDouble() > 0);
        for (const char *f : {"t.deepscope", "t.onnx", "torch/train.py", "torch/weights.bin"})
            QVERIFY2(QFile::exists(dir.filePath(f)), f);
        QFile history(dir.filePath("h.csv"));
        QVERIFY(history.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = history.readAll().split('\n');
        QCOMPARE(lines.first(), QByteArray("epoch,train_loss,test_loss,train_accuracy,test_accuracy"));
        QVERIFY2(lines.size() > 10 && lines[lines.size() - 2].startsWith("30,"), lines.join('|').constData());

        // export reads the saved, trained playground.
        const QString again = run({"export", dir.filePath("t.deepscope"), "--onnx", dir.filePath("again.onnx")}, &code);
        QVERIFY2(code == 0, qPrintable(again));
        QVERIFY(QFile::exists(dir.filePath("again.onnx")));
    }

    // The playground's stop rules end `train` where they end a run in the window: at the epoch
    // limit, or when the test loss has stalled for the patience, however many epochs were asked.
    void trainStopsWhereTheRulesSay()
    {
        QTemporaryDir dir;
        const QString limited = write(dir, "limit.deepscope",
            R"({"format":"deepscope-playground","version":2,"points":)"
            R"({"dataset":"xor","hiddenLayers":[4],"stopAfterEpochs":36}})");
        int code = -1;
        QByteArray err;
        QByteArray out = runForStdout({"train", limited, "--epochs", "300"}, &code, &err);
        QVERIFY2(code == 0, err.constData());
        QJsonObject summary = QJsonDocument::fromJson(out).object();
        QCOMPARE(summary.value("epochs").toInt(), 36);
        QCOMPARE(summary.value("stopped").toString(), QString("stopped after 36 epochs"));

        // Patience 2 on a noisy set: SGD's test loss stalls for two epochs long before 600.
        const QString patient = write(dir, "patience.deepscope",
            R"({"format":"deepscope-playground","version":2,"points":)"
            R"({"dataset":"spiral","noise":40,"hiddenLayers":[4],"learningRate":0.3,"patienceEpochs":2}})");
        out = runForStdout({"train", patient, "--epochs", "600", "--save", dir.filePath("p.deepscope")}, &code, &err);
        QVERIFY2(code == 0, err.constData());
        summary = QJsonDocument::fromJson(out).object();
        QVERIFY2(summary.value("epochs").toInt() < 600, out.constData());
        QVERIFY2(summary.value("epochs").toInt() >= 2, out.constData());
        QCOMPARE(summary.value("stopped").toString(), QString("stopped: the test loss has not improved for 2 epochs"));
        // A run without a rule has no "stopped".
        const QString plain = write(dir, "plain.deepscope",
            R"({"format":"deepscope-playground","version":2,"points":{"dataset":"xor","hiddenLayers":[4]}})");
        out = runForStdout({"train", plain, "--epochs", "12"}, &code, &err);
        QVERIFY2(code == 0, err.constData());
        summary = QJsonDocument::fromJson(out).object();
        QCOMPARE(summary.value("epochs").toInt(), 12);
        QVERIFY(!summary.contains("stopped"));
    }

    // render and train of an Images-mode playground that names its preset without its layers.
    void imagesPlaygroundFromAFile()
    {
        QTemporaryDir dir;
        const QString file = write(dir, "tiny.deepscope",
            R"json({"format":"deepscope-playground","version":2,"mode":"images",)json"
            R"json("images":{"data":{"source":"bundled-mnist"},"preset":"Tiny (fast)","batchSize":128}})json");
        int code = -1;
        const QString out
            = run({"render", file, "--epochs", "1", "--out", dir.filePath("r.png"), "--tab", "results"}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        QVERIFY2(out.contains("after 1 epochs (test accuracy 0.9"), qPrintable(out));
        QVERIFY(QFile::exists(dir.filePath("r.png")));
        QByteArray err;
        const QByteArray summary = runForStdout(
            {"train", file, "--epochs", "1", "--export-onnx", dir.filePath("t.onnx"), "--save", dir.filePath("s.deepscope")},
            &code, &err);
        QVERIFY2(code == 0, err.constData());
        QCOMPARE(QJsonDocument::fromJson(summary).object().value("mode").toString(), QString("images"));
        // --epochs trains; it does not rewrite the playground's own epochs (the schedule's horizon).
        QFile saved(dir.filePath("s.deepscope"));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray text = saved.readAll();
        const QJsonObject images
            = QJsonDocument::fromJson(text.left(text.indexOf("\nDEEPSCOPE-TRAINED-RUN"))).object()["images"].toObject();
        QCOMPARE(images["epochs"].toInt(), 5);
        // The Tiny preset's layers were trained, not LeNet-5's: 8 filters of 3x3 in the first layer.
        QFile onnx(dir.filePath("t.onnx"));
        QVERIFY(onnx.open(QIODevice::ReadOnly));
        QVERIFY(onnx.size() < 60000);
    }

    void trainFailuresAreOneLine_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("formula not a number") << QByteArray(
            R"({"format":"deepscope-playground","version":2,"points":{"formula":"1/0"}})")
                                             << QStringList {"--epochs", "2"} << 1
                                             << "is not a number over most of the plane";
        QTest::newRow("diverges") << QByteArray(
            R"({"format":"deepscope-playground","version":2,"points":)"
            R"({"dataset":"plane","learningRate":100,"hiddenLayers":[8,8],"activation":"relu"}})")
                                  << QStringList {"--epochs", "20"} << 1 << "diverged";
        QTest::newRow("images diverge") << QByteArray(
            R"json({"format":"deepscope-playground","version":2,"mode":"images","images":)json"
            R"json({"data":{"source":"bundled-mnist"},"preset":"Tiny (fast)","learningRate":100,)json"
            R"json("optimizer":"momentum"}})json")
                                        << QStringList {"--epochs", "3"} << 1 << "no longer a number";
        // A 73-byte file asking for a 65,536-neuron layer: refused up front with what it would need.
        QTest::newRow("absurd size") << QByteArray(
            R"({"format":"deepscope-playground","version":1,"hiddenLayers":[65536]})")
                                     << QStringList {} << 1 << "GB of memory (at most 4.0 GB)";
        QTest::newRow("images absurd size") << QByteArray(
            R"json({"format":"deepscope-playground","version":2,"mode":"images","images":)json"
            R"json({"data":{"source":"bundled-mnist"},"batchSize":512,"layers":[{"kind":"conv2d","units":8192,)json"
            R"json("kernel":3,"padding":1},{"kind":"globalavgpool"},{"kind":"dense","units":10},)json"
            R"json({"kind":"softmax"}]}})json")
                                            << QStringList {} << 1 << "GB of memory (at most 4.0 GB)";
        // Images that cannot load: at once, with the loader's own words (it waited 600 s and
        // said only that they did not load).
        QTest::newRow("images folder missing") << QByteArray(
            R"json({"format":"deepscope-playground","version":2,"mode":"images","images":)json"
            R"json({"data":{"source":"folder","paths":["/nonexistent/pets"],"channels":1,"height":28,"width":28}}})json")
                                               << QStringList {"--epochs", "1"} << 1 << "'/nonexistent/pets': it does not exist";
        QTest::newRow("not a playground") << QByteArray("[]") << QStringList {} << 1 << "not a Deepscope playground";
        QTest::newRow("bad epochs") << QByteArray("{}") << QStringList {"--epochs", "lots"} << 2 << "--epochs takes";
        // Numbers are read whole or refused: not cut to what parses, nor wrapped to fit.
        QTest::newRow("epochs 12x") << QByteArray("{}") << QStringList {"--epochs", "12x"} << 2 << "--epochs takes";
        QTest::newRow("epochs past 64 bits") << QByteArray("{}") << QStringList {"--epochs", "4294967297"} << 2
                                             << "--epochs takes";
        QTest::newRow("empty save name") << QByteArray("{}") << QStringList {"--save", ""} << 2
                                         << "--save needs a file name";
        QTest::newRow("unknown backend") << QByteArray("{}") << QStringList {"--backend", "tpu"} << 2 << "cpu or cuda";
        QTest::newRow("unwritable save") << QByteArray(R"({"format":"deepscope-playground","version":2})")
                                         << QStringList {"--save", "/nonexistent-folder/x.deepscope"} << 1
                                         << "cannot save";
    }

    void trainFailuresAreOneLine()
    {
        QFETCH(QByteArray, file);
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QTemporaryDir dir;
        int code = -1;
        QByteArray err;
        const QByteArray out
            = runForStdout(QStringList {"train", write(dir, "p.deepscope", file)} + extra, &code, &err);
        QCOMPARE(code, exitCode);
        QVERIFY2(err.contains(message.toUtf8()), err.constData());
        QVERIFY2(out.isEmpty(), out.constData()); // no summary for a failed run
    }

    // A trained run the file holds but that does not fit its playground (here: fewer points than
    // the run's shuffle) fails the command, and --save leaves the file as it was, instead of a
    // fresh run written over it with exit 0.
    void unrestorableRunFailsAndKeepsTheFile()
    {
        QTemporaryDir dir;
        const QString file = write(dir, "xor.deepscope",
            R"({"format":"deepscope-playground","version":2,"points":{"dataset":"xor","hiddenLayers":[4]}})");
        int code = -1;
        QByteArray err;
        runForStdout({"train", file, "--epochs", "3", "--save", file}, &code, &err);
        QVERIFY2(code == 0, err.constData());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        f.close();
        QVERIFY(bytes.contains("\"numPoints\": 500,"));
        bytes.replace("\"numPoints\": 500,", "\"numPoints\": 400,");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
        f.close();
        runForStdout({"train", file, "--epochs", "3", "--save", file}, &code, &err);
        QCOMPARE(code, 1);
        QVERIFY2(err.contains("the Points mode's trained network was not restored: the trained network in the file was not restored"),
            err.constData());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes);
    }

    // A drawn set trains on all its points: the summary has no test numbers (it said a loss of 0).
    void drawnSetHasNoTestNumbers()
    {
        QTemporaryDir dir;
        const QString file = write(dir, "drawn.deepscope",
            R"({"format":"deepscope-playground","version":2,"points":{"drawnOnly":true,"hiddenLayers":[3],)"
            R"("drawnPoints":[[-2,-2,0],[-3,-1,0],[-1,-3,0],[2,2,1],[3,1,1],[1,3,1]]}})");
        int code = -1;
        QByteArray err;
        const QByteArray out = runForStdout({"train", file, "--epochs", "5"}, &code, &err);
        QVERIFY2(code == 0, err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(out).object();
        QVERIFY2(summary.value("test_loss").isNull() && !summary.contains("test_accuracy"), out.constData());
        QVERIFY(summary.value("train_loss").toDouble() > 0);
    }

    // The Images mode with no test images: no test numbers either.
    void imagesWithoutTestImagesHaveNoTestNumbers()
    {
        QTemporaryDir dir;
        // The bundled set always keeps its own test part; a folder of generated images has none.
        for (int c = 0; c < 2; ++c) {
            QVERIFY(QDir(dir.path()).mkpath(QString("set/c%1").arg(c)));
            for (int i = 0; i < 10; ++i) {
                QImage image(28, 28, QImage::Format_Grayscale8);
                image.fill(c ? 255 : 0);
                QVERIFY(image.save(dir.filePath(QString("set/c%1/%2.png").arg(c).arg(i))));
            }
        }
        const QString folder = write(dir, "folder.deepscope",
            QString(R"json({"format":"deepscope-playground","version":2,"mode":"images","images":{"data":)json"
                    R"json({"source":"folder","paths":["%1"],"channels":1,"height":28,"width":28,)json"
                    R"json("validationFraction":0,"testFraction":0},"preset":"Tiny (fast)","batchSize":8}})json")
                .arg(dir.filePath("set"))
                .toUtf8());
        int code = -1;
        QByteArray err;
        const QByteArray out = runForStdout({"train", folder, "--epochs", "1"}, &code, &err);
        QVERIFY2(code == 0, err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(out).object();
        QVERIFY2(summary.value("test_loss").isNull() && !summary.contains("test_accuracy"), out.constData());
    }

    // render reads its numbers strictly too: "abc" epochs used to train 0 and exit 0.
    void renderRefusesBadNumbers()
    {
        QTemporaryDir dir;
        int code = -1;
        for (const QStringList &extra : {QStringList {"--epochs", "abc"}, QStringList {"--epochs", "4294967297"},
                 QStringList {"--epochs", "1", "--size", "800x600px"}, QStringList {"--epochs", "1", "--size", "100x100"}}) {
            const QString out = run(QStringList {"render", "images", "--out", dir.filePath("r.png")} + extra, &code);
            QCOMPARE(code, 2);
            QVERIFY2(out.contains(extra.last()) && out.count('\n') == 1, qPrintable(out));
            QVERIFY(!QFile::exists(dir.filePath("r.png")));
        }
    }

    // inspect: an ONNX model's layers, totals and memory without a window or a data set; a graph
    // says which layers each reads; a file that is no model is one line and exit 1.
    void inspectPrintsTheModel()
    {
        int code = -1;
        QString out = run({"inspect", QFINDTESTDATA("../onnx/data/pytorch_lenet.onnx")}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        QVERIFY2(out.contains("10 layers, a chain"), qPrintable(out));
        QVERIFY2(out.contains("input (1, 28, 28) -> output (10)"), qPrintable(out));
        QVERIFY2(QRegularExpression(R"(\n +0 +conv 5x5, 6 filters +input +\(6, 24, 24\) +156\n)").match(out).hasMatch(),
            qPrintable(out));
        QVERIFY2(out.contains("parameters: 11,126 trainable"), qPrintable(out));
        QVERIFY2(out.contains("to train in batches of 32"), qPrintable(out));

        QTemporaryDir dir;
        const QString graph = write(dir, "graph.deepscope",
            R"json({"format":"deepscope-playground","version":2,"mode":"images","images":{"preset":"","layers":[)json"
            R"json({"kind":"conv2d","units":4,"kernel":3,"stride":1,"padding":1,"dilation":1},)json"
            R"json({"kind":"activation","activation":"relu"},)json"
            R"json({"kind":"conv2d","units":4,"kernel":3,"stride":1,"padding":1,"dilation":1},)json"
            R"json({"kind":"concat","inputs":[0,2]},{"kind":"flatten"},{"kind":"dense","units":10},)json"
            R"json({"kind":"softmax"}]}})json");
        out = run({"export", graph, "--onnx", dir.filePath("g.onnx")}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        out = run({"inspect", dir.filePath("g.onnx"), "--batch", "8"}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        QVERIFY2(out.contains("a graph"), qPrintable(out));
        QVERIFY2(QRegularExpression(R"(\n +3 +concat[^\n]* +0, 2 +\(8, 28, 28\))").match(out).hasMatch(), qPrintable(out));
        QVERIFY2(out.contains("to train in batches of 8"), qPrintable(out));
        QVERIFY2(out.contains("preprocessing: (x - mean) / std per channel"), qPrintable(out));

        out = run({"inspect", graph}, &code);
        QCOMPARE(code, 1);
        QVERIFY2(out.contains("not an ONNX model") && out.count('\n') == 1, qPrintable(out));
        // The other way round: a model given to train is named as one, not as bad JSON.
        out = run({"train", dir.filePath("g.onnx"), "--epochs", "1"}, &code);
        QCOMPARE(code, 1);
        QVERIFY2(out.contains("is an ONNX model, not a playground") && out.contains("deepscope inspect"),
            qPrintable(out));
    }

    // A FIFO or a device named as the file to open is said to be one, not "no such file" (and
    // nothing waits on the pipe).
    void notARegularFileIsSaid()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath("x.deepscope");
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        int code = -1;
        QString out = run({fifo}, &code);
        QCOMPARE(code, 2);
        QVERIFY2(out.contains("not a regular file"), qPrintable(out));
        out = run({"/dev/zero"}, &code);
        QCOMPARE(code, 2);
        QVERIFY2(out.contains("not a regular file"), qPrintable(out));
    }

    void unknownCommand()
    {
        int code = -1;
        const QString out = run({"trian"}, &code);
        QCOMPARE(code, 2);
        QVERIFY(out.contains("unknown command 'trian'"));
    }

    // deepscope landscape: a Points playground's loss landscape without a window — the path of 30
    // epochs' training in its plane, a PNG and the grid as CSV, and the numbers (its shape too) on
    // stdout; a path
    // plane asked for an untrained network is refused with the reason, and bad options by name.
    void landscapeDrawsAPlaygroundsLoss()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("xor.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"deepscope-playground","version":2,"mode":"points",)"
                R"("points":{"dataset":"xor","hiddenLayers":[4],"numPoints":100}})");
        f.close();
        int code = -1;
        const QString out = run({"landscape", f.fileName(), "--epochs", "30", "--directions", "path", "--grid", "11",
                                    "--out", dir.filePath("map.png"), "--csv", dir.filePath("grid.csv")},
            &code);
        QVERIFY2(code == 0, qPrintable(out));
        QVERIFY(out.contains("\"grid\":11") && out.contains("\"epoch\":30") && out.contains("\"path\":31"));
        // The shape numbers; "pca" (the paper's name) is the path's plane: the same line.
        QVERIFY2(out.contains("\"roughness\":") && out.contains("\"basin\":"), qPrintable(out));
        const QString pca = run({"landscape", f.fileName(), "--epochs", "30", "--directions", "pca", "--grid", "11",
                                    "--csv", dir.filePath("pca.csv")},
            &code);
        QCOMPARE(code, 0);
        QCOMPARE(pca.trimmed().split('\n').last(), out.trimmed().split('\n').last());
        // The line from the start through now: 30 steps from 0 to 1 and 15 beyond each end.
        const QString line = run({"landscape", f.fileName(), "--epochs", "30", "--directions", "line", "--grid", "31",
                                     "--out", dir.filePath("line.png"), "--csv", dir.filePath("line.csv")},
            &code);
        QVERIFY2(code == 0, qPrintable(line));
        QVERIFY2(line.contains("\"line\":61") && line.contains("\"from\":-0.5") && line.contains("\"to\":1.5"),
            qPrintable(line));
        QFile lineCsv(dir.filePath("line.csv"));
        QVERIFY(lineCsv.open(QIODevice::ReadOnly));
        QCOMPARE(lineCsv.readAll().trimmed().split('\n').size(), 62);
        QVERIFY(!QImage(dir.filePath("line.png")).isNull());
        QCOMPARE(QImage(dir.filePath("map.png")).size(), QSize(640, 640));
        QFile csv(dir.filePath("grid.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().trimmed().split('\n').size(), 122); // the header and 11 × 11 points

        const QString untrained = run({"landscape", f.fileName(), "--directions", "path", "--out", dir.filePath("x.png")}, &code);
        QCOMPARE(code, 1);
        QVERIFY2(untrained.contains("train a little"), qPrintable(untrained));
        QVERIFY(!QFile::exists(dir.filePath("x.png")));
        run({"landscape", f.fileName(), "--grid", "2", "--out", dir.filePath("x.png")}, &code);
        QCOMPARE(code, 2);
        run({"landscape", f.fileName(), "--directions", "sideways", "--out", dir.filePath("x.png")}, &code);
        QCOMPARE(code, 2);
    }

    // An Images playground's landscape the same way: its data loaded, 3 epochs trained (the path
    // taken at the curve points), the map of the path's plane and the numbers.
    void landscapeOfAnImagesPlayground()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("cnn.deepscope"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"deepscope-playground","version":2,"mode":"images","images":{"preset":"",)"
                R"("data":{"source":"bundled-mnist","trainImages":1000},"batchSize":64,"layers":[)"
                R"({"kind":"conv2d","units":4,"kernel":5,"stride":2,"padding":0},{"kind":"activation","activation":"relu"},)"
                R"({"kind":"flatten"},{"kind":"dense","units":10},{"kind":"softmax"}]}})");
        f.close();
        int code = -1;
        const QString out = run({"landscape", f.fileName(), "--epochs", "3", "--directions", "path", "--grid", "7",
                                    "--out", dir.filePath("map.png")},
            &code);
        QVERIFY2(code == 0, qPrintable(out));
        QVERIFY2(out.contains("\"grid\":7") && out.contains("\"epoch\":3")
                && out.contains("\"path\":4"), qPrintable(out)); // epochs 0 to 3
        QCOMPARE(QImage(dir.filePath("map.png")).size(), QSize(640, 640));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

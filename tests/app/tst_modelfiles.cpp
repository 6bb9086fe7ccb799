// Trained models out of and into the window, as a user does it from the File menu: ONNX export
// of either mode reads back as the network the window trains; the PyTorch script runs with
// Debian's python3-torch, matches our outputs before training and then trains; an ONNX file that
// PyTorch wrote opens in the Images mode, classifies and trains on.
#include "images/cnnview.h"
#include "images/layereditor.h"
#include "onnximport.h"
#include "training/trainingworker.h"
#include "window/mainwindow.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTabBar>
#include <QTemporaryDir>
#include <QImage>
#include <QStatusBar>
#include <QTest>

#include "patience.h"

using deepscope::test::patience;

using namespace ds;
using namespace ds::app;

namespace {

std::string readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

// Runs the exported script; returns its output, or why it could not run.
QString runScript(const QString &folder, int epochs, int *exitCode)
{
    QProcess p;
    p.start("/usr/bin/python3", {QDir(folder).filePath("train.py"), "--epochs", QString::number(epochs)});
    if (!p.waitForFinished(patience(120000)))
        return "timed out";
    *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

bool haveTorch()
{
    QProcess p;
    p.start("/usr/bin/python3", {"-c", "import torch, numpy"});
    return p.waitForFinished(patience(60000)) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// The script's own check against our outputs, then its epochs: returns "" when all is well.
QString checkScriptOutput(const QString &out, int epochs)
{
    const auto match = QRegularExpression("largest difference ([0-9.e+-]+)").match(out);
    if (!match.hasMatch())
        return "no check of Deepscope's outputs in: " + out;
    if (!(match.captured(1).toDouble() <= 1e-4))
        return "the outputs differ by " + match.captured(1);
    if (!out.contains(QString("epoch %1: train loss").arg(epochs)))
        return "it did not train: " + out;
    return {};
}

} // namespace

class TestModelFiles : public QObject {
    Q_OBJECT

private slots:
    void pointsOnnxIsTheTrainedNetwork()
    {
        QTemporaryDir dir;
        MainWindow w;
        PlaygroundConfig c;
        c.dataset = data::Generator::Spiral;
        c.features = data::kAllFeatures;
        c.hiddenLayers = {8, 4};
        w.setConfig(c);
        w.trainAndWait(30);
        QString error;
        const QString path = dir.filePath("spiral.onnx");
        QVERIFY2(w.exportOnnxFile(path, &error), qPrintable(error));
        const onnx::OnnxModel model = onnx::importOnnx(readAll(path));
        const auto run = w.document().pointsRun;
        QVERIFY(run);
        QVERIFY(model.parameters == run->weights);
        QCOMPARE(model.prelude.pointFeatures.size(), std::size_t(7));
        QVERIFY(model.metadata.at("deepscope.output").find("class 1") != std::string::npos);
    }

    void imagesOnnxIsTheTrainedNetwork()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.showMode(MainWindow::ImagesMode);
        ImagesConfig images = w.cnnView()->config();
        images.preset = "";
        images.spec.layers = {LayerSpec::conv(4, 5, 2), LayerSpec::batchNorm(), LayerSpec::act(ActivationKind::Relu),
            LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
        images.batchSize = 128;
        w.cnnView()->setConfig(images);
        QVERIFY(w.cnnView()->trainAndWait(1));
        QString error;
        const QString path = dir.filePath("digits.onnx");
        QVERIFY2(w.exportOnnxFile(path, &error), qPrintable(error));
        const onnx::OnnxModel model = onnx::importOnnx(readAll(path));
        QVERIFY(model.parameters == w.cnnView()->trainedRun()->weights);
        QCOMPARE(model.prelude.mean.size(), std::size_t(1));
        QVERIFY(model.prelude.mean[0] > 0.1f && model.prelude.mean[0] < 0.2f); // MNIST's mean
        QVERIFY(model.metadata.at("deepscope.classes").starts_with("0, 1, 2"));
    }

    void torchScriptOfEachMode_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("points") << int(MainWindow::PointsMode);
        QTest::newRow("images") << int(MainWindow::ImagesMode);
    }

    // The script loads our weights, gives our outputs to 1e-4 before training, and trains.
    void torchScriptOfEachMode()
    {
        QFETCH(int, mode);
        if (!haveTorch())
            QSKIP("/usr/bin/python3 cannot import torch and numpy: tools/install-deps installs python3-torch");
        QTemporaryDir dir;
        MainWindow w;
        if (mode == MainWindow::PointsMode) {
            PlaygroundConfig c;
            c.dataset = data::Generator::Xor;
            c.features = data::X1 | data::X2 | data::X1TimesX2 | data::SinX1;
            c.optimizer = OptimizerKind::Adam;
            c.regularization = Regularization::L2;
            c.regularizationRate = 0.001f;
            w.setConfig(c);
            w.trainAndWait(20);
        } else {
            w.showMode(MainWindow::ImagesMode);
            ImagesConfig images = w.cnnView()->config();
            images.preset = "";
            // With a residual block: the script's Chain and Skip modules must give our outputs.
            images.spec.layers = {LayerSpec::conv(4, 3, 1, 1), LayerSpec::batchNorm(),
                LayerSpec::act(ActivationKind::Gelu), LayerSpec::conv(4, 3, 1, 1), LayerSpec::act(ActivationKind::Relu),
                LayerSpec::residual(2), LayerSpec::avgPool(3, 2, 1), LayerSpec::dropout(0.2f), LayerSpec::flatten(),
                LayerSpec::dense(10), LayerSpec::softmax()};
            // Fine-tuning: the script freezes them too (the batch norm in evaluation mode).
            images.spec.layers[0].frozen = images.spec.layers[1].frozen = true;
            images.batchSize = 128;
            w.cnnView()->setConfig(images);
            QVERIFY(w.cnnView()->trainAndWait(1));
        }
        QString error;
        const QString folder = dir.filePath("script");
        QVERIFY2(w.exportTorchFolder(folder, &error), qPrintable(error));
        int code = -1;
        const QString out = runScript(folder, 2, &code);
        QVERIFY2(code == 0, qPrintable(out));
        const QString problem = checkScriptOutput(out, 2);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(QFile::exists(QDir(folder).filePath("trained.pt")));
        if (mode == MainWindow::ImagesMode) {
            // The frozen convolution and batch norm (scale, shift and running statistics) left
            // PyTorch's training as Deepscope exported them, bit for bit.
            QProcess p;
            p.start("/usr/bin/python3",
                {"-c",
                    "import sys, numpy, torch\n"
                    "t = torch.load(sys.argv[1] + '/trained.pt')\n"
                    "keys = ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var']\n"
                    "w = numpy.concatenate([t[k].numpy().ravel() for k in keys])\n"
                    "ours = numpy.fromfile(sys.argv[1] + '/weights.bin', dtype='<f4')[:w.size]\n"
                    "sys.exit(0 if (w == ours).all() else 1)\n",
                    folder});
            QVERIFY(p.waitForFinished(patience(60000)));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        }
    }

    // The script unchanged under torchrun: two processes on the CPU (gloo), each half of every
    // batch, give the single process's losses (full batch, to 1e-5 as printed).
    void torchrunGivesTheSingleProcessLosses()
    {
        if (!haveTorch())
            QSKIP("/usr/bin/python3 cannot import torch and numpy: tools/install-deps installs python3-torch");
        QTemporaryDir dir;
        MainWindow w;
        PlaygroundConfig c;
        c.dataset = data::Generator::Spiral;
        c.features = data::X1 | data::X2 | data::SinX1 | data::SinX2;
        c.optimizer = OptimizerKind::Adam;
        c.regularization = Regularization::L2;
        c.regularizationRate = 0.001f;
        c.batchSize = 250; // the whole training half of 500 points
        w.setConfig(c);
        w.trainAndWait(5);
        QString error;
        const QString folder = dir.filePath("script");
        QVERIFY2(w.exportTorchFolder(folder, &error), qPrintable(error));
        int code = -1;
        const QString single = runScript(folder, 15, &code);
        QVERIFY2(code == 0, qPrintable(single));
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        // torchrun itself, through Debian's python3 (a python3 on PATH may not see its torch).
        // "--redirects 2 --tee 2": Debian 12's torch 1.13 under Python 3.11 cannot read its own
        // default "0" for these (an IntFlag of value 0 is no longer listed), README says so.
        p.start("/usr/bin/python3", {"-m", "torch.distributed.run", "--redirects", "2", "--tee", "2", "--nproc_per_node",
                                        "2", "--master_port", "29533", QDir(folder).filePath("train.py"), "--epochs",
                                        "15"});
        QVERIFY(p.waitForFinished(patience(180000)));
        const QString two = QString::fromUtf8(p.readAll());
        QVERIFY2(p.exitCode() == 0, qPrintable(two));
        const QRegularExpression epoch("epoch (\\d+): train loss ([0-9.]+), test loss ([0-9.]+)");
        auto losses = [&](const QString &out) {
            std::vector<double> values;
            for (auto m = epoch.globalMatch(out); m.hasNext();) {
                const auto match = m.next();
                values.push_back(match.captured(2).toDouble());
                values.push_back(match.captured(3).toDouble());
            }
            return values;
        };
        const std::vector<double> one = losses(single), both = losses(two);
        QCOMPARE(one.size(), std::size_t(30));
        QCOMPARE(both.size(), one.size()); // one line per epoch, from the first process only
        for (std::size_t i = 0; i < one.size(); ++i)
            QVERIFY2(std::abs(one[i] - both[i]) <= 1e-5,
                qPrintable(QString("epoch %1: %2 alone, %3 on two processes").arg(i / 2 + 1).arg(one[i]).arg(both[i])));
    }

    // A LeNet that PyTorch trained and wrote opens in the Images mode with its layers and weights,
    // classifies the test digits as PyTorch did, and trains on.
    void pytorchOnnxOpensInTheImagesMode()
    {
        MainWindow w;
        QString error;
        QVERIFY2(w.importOnnxFile(QFINDTESTDATA("../onnx/data/pytorch_lenet.onnx"), &error), qPrintable(error));
        QCOMPARE(w.mode(), int(MainWindow::ImagesMode));
        QCOMPARE(w.findChild<QTabBar *>("modes")->currentIndex(), int(MainWindow::ImagesMode)); // the tabs agree
        auto *editor = w.cnnView()->findChild<LayerEditor *>();
        QTRY_VERIFY_WITH_TIMEOUT(editor->isValid() && editor->spec().layers.size() == 11, patience(60000));
        QCOMPARE(editor->spec().layers.back().kind, LayerKind::Softmax);
        QTRY_VERIFY_WITH_TIMEOUT(w.cnnView()->trainedRun().has_value(), patience(60000));
        // Saved before any training, the document keeps the imported weights.
        QCOMPARE(w.cnnView()->trainedRun()->weights.size(), std::size_t(11126));
        QVERIFY(w.cnnView()->trainAndWait(0));
        // Restoring the weights sends a test report.
        QTRY_VERIFY_WITH_TIMEOUT(w.cnnView()->lastSnapshot()->report, patience(60000));
        const auto before = w.cnnView()->lastSnapshot();
        QVERIFY2(
            before->report->metrics.accuracy > 0.95f, qPrintable(QString::number(before->report->metrics.accuracy)));
        QVERIFY(w.cnnView()->trainAndWait(1));
        QVERIFY(w.cnnView()->lastSnapshot()->report->metrics.accuracy > 0.95f);
    }

    // Fine-tuning an imported model on other classes: PyTorch's 10-class LeNet on a 3-class folder
    // of digit-sized images gets a new 3-class head, its layers before it frozen; training leaves
    // those as imported and tunes the head.
    void importWithOtherClassesGetsANewHead()
    {
        QTemporaryDir dir;
        for (int c = 0; c < 3; ++c) {
            QVERIFY(QDir(dir.path()).mkpath(QString("shapes/class%1").arg(c)));
            for (int i = 0; i < 12; ++i) {
                QImage image(28, 28, QImage::Format_Grayscale8);
                image.fill(0);
                for (int y = 0; y < 28; ++y) // a band whose place tells the class
                    for (int x = 4 + 8 * c; x < 8 + 8 * c + i % 3; ++x)
                        image.setPixel(x, y, qRgb(255, 255, 255));
                QVERIFY(image.save(dir.filePath(QString("shapes/class%1/%2.png").arg(c).arg(i))));
            }
        }
        MainWindow w;
        w.showMode(MainWindow::ImagesMode);
        ImagesConfig images = w.cnnView()->config();
        images.data.source = ImageDataChoice::Folder;
        images.data.paths = {dir.filePath("shapes")};
        images.data.channels = 1;
        images.data.height = images.data.width = 28;
        w.cnnView()->setConfig(images);
        QTRY_VERIFY_WITH_TIMEOUT(w.cnnView()->dataClasses() == 3, patience(60000));
        QString error;
        QVERIFY2(w.importOnnxFile(QFINDTESTDATA("../onnx/data/pytorch_lenet.onnx"), &error), qPrintable(error));
        QVERIFY2(w.statusBar()->currentMessage().contains("10-class head replaced by a new one for these 3 classes"),
            qPrintable(w.statusBar()->currentMessage()));
        const ModelSpec spec = w.cnnView()->config().spec;
        QCOMPARE(spec.outputShape(), Shape({3}));
        QVERIFY(spec.layers[0].frozen && spec.layers[3].frozen && spec.layers[7].frozen);
        QVERIFY(!spec.layers[9].frozen);
        QVERIFY(w.cnnView()->trainAndWait(0, patience(60000)));
        const std::vector<float> imported = w.cnnView()->trainedRun()->weights;
        QVERIFY(w.cnnView()->trainAndWait(2, patience(60000)));
        const std::vector<float> tuned = w.cnnView()->trainedRun()->weights;
        const std::size_t head = tuned.size() - (32 * 3 + 3);
        QVERIFY(std::equal(imported.begin(), imported.begin() + std::ptrdiff_t(head), tuned.begin()));
        QVERIFY(!std::equal(imported.begin() + std::ptrdiff_t(head), imported.end(), tuned.begin() + std::ptrdiff_t(head)));
    }

    void importRefusesWhatTheImagesModeCannotTrain()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.trainAndWait(1);
        QString error;
        const QString points = dir.filePath("points.onnx");
        QVERIFY2(w.exportOnnxFile(points, &error), qPrintable(error));
        QVERIFY(!w.importOnnxFile(points, &error));
        QVERIFY2(error.contains("only image classifiers"), qPrintable(error));
        QFile junk(dir.filePath("junk.onnx"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a model at all");
        junk.close();
        QVERIFY(!w.importOnnxFile(junk.fileName(), &error));
        QVERIFY2(error.contains("not an ONNX model"), qPrintable(error));
        QCOMPARE(w.mode(), int(MainWindow::PointsMode));
    }
};

QTEST_MAIN(TestModelFiles)
#include "tst_modelfiles.moc"

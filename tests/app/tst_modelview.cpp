// The Model mode (app/model/modelview.h) as a user meets it, offscreen: a graph model's file
// opens with no data set — its graph, its colour filters, its preprocessing and class names from
// the file — a picture shows its top classes and the chosen node's maps, the preprocessing runs
// it again, a file that does not open loses nothing, and the window's mode and document follow.
#include "backends.h"
#include "core/modelsession.h"
#include "document/playgroundfile.h"
#include "filtergrid.h"
#include "graphdiagram.h"
#include "model/modelview.h"
#include "model/preprocessingeditor.h"
#include "patchgrid.h"
#include "network.h"
#include "onnxexport.h"

#include <onnx/onnx_pb.h>
#include "patience.h"
#include "window/mainwindow.h"

#include <QCheckBox>
#include <QLabel>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ds;
using namespace ds::app;
using deepscope::test::patience;

namespace {

// An RGB graph (two branches joined by a Concat, a projection added back) that ends with a
// softmax over three named classes, normalized by statistics carried in the file.
ds::onnx::OnnxModel graphModel()
{
    ds::onnx::OnnxModel m;
    m.spec.input = {3, 12, 12};
    m.spec.layers = {LayerSpec::conv(4, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::conv(2, 1),
        LayerSpec::conv(2, 3, 1, 1).from({1}), LayerSpec::concat({2, 3}), LayerSpec::add({4, 1}),
        LayerSpec::globalAvgPool(), LayerSpec::dense(3), LayerSpec::softmax()};
    m.spec.loss = LossKind::SoftmaxCrossEntropy;
    auto cpu = createBackend("cpu");
    m.parameters = Network(m.spec, *cpu, 4).parametersToHost();
    m.prelude.mean = {0.4f, 0.5f, 0.6f};
    m.prelude.stddev = {0.2f, 0.25f, 0.3f};
    m.metadata["deepscope.classes"] = "sky, grass, sand";
    return m;
}

QString write(const QTemporaryDir &dir, const QString &name, const std::string &bytes)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(bytes.data(), qint64(bytes.size()));
    return f.fileName();
}

QString picture(const QTemporaryDir &dir, const QString &name, QColor colour)
{
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(colour);
    for (int x = 0; x < 40; ++x)
        image.setPixelColor(x, x % 30, Qt::white); // something for the filters to find
    const QString path = dir.filePath(name);
    image.save(path);
    return path;
}

} // namespace

class TestModelView : public QObject {
    Q_OBJECT
private slots:
    void aGraphOpensWithoutData()
    {
        QTemporaryDir dir;
        const QString path = write(dir, "branches.onnx", ds::onnx::exportOnnx(graphModel()));
        ModelView view;
        view.resize(1280, 720);
        QSignalSpy opened(&view, &ModelView::modelOpened);
        QSignalSpy painted(&view, &ModelView::picturePainted);
        QString error;
        QVERIFY2(view.openModel(path, &error), qPrintable(error));
        // A picture given while the model opens waits for it.
        QVERIFY2(view.openPicture(picture(dir, "green.png", QColor(30, 160, 40)), &error), qPrintable(error));
        QVERIFY(opened.wait(patience(30000)));

        QCOMPARE(view.graph()->nodeCount(), 9);
        QCOMPARE(view.graph()->layout().nodes[3].row, view.graph()->layout().nodes[2].row); // branches side by side
        QCOMPARE(view.filters()->filterCount(), 4);
        QVERIFY(view.filters()->caption().contains("RGB") || view.filters()->caption().contains("3×3"));
        QCOMPARE(view.classNames(), QStringList({"sky", "grass", "sand"}));
        PreprocessingEditor *prep = view.preprocessingEditor();
        QCOMPARE(prep->presetBox()->currentText(), QString("From the file"));
        QCOMPARE(prep->preprocessing().mean, std::vector<float>({0.4f, 0.5f, 0.6f}));

        QVERIFY(painted.count() > 0 || painted.wait(patience(30000)));
        auto shown = view.lastPicture();
        QVERIFY(shown);
        QCOMPARE(shown->shown.size(), QSize(12, 12)); // covered and cropped to the input
        QCOMPARE(shown->name, QString("green.png"));
        QCOMPARE(view.topClasses(5).size(), 3);
        QVERIFY(view.topClasses(1)[0].startsWith("sky ") || view.topClasses(1)[0].startsWith("grass ")
            || view.topClasses(1)[0].startsWith("sand "));
        // The first node with maps is picked: the convolution's four 12×12 maps.
        QCOMPARE(view.graph()->selectedNode(), 0);
        QCOMPARE(shown->result.node, 0);
        QCOMPARE(shown->result.maps.shape, Shape({4, 12, 12}));

        // Another node: its maps for the same picture, the probabilities unchanged.
        painted.clear();
        view.selectNode(4);
        QVERIFY(painted.wait(patience(30000)));
        QCOMPARE(view.lastPicture()->result.node, 4);
        QCOMPARE(view.lastPicture()->result.maps.shape, Shape({4, 12, 12}));
        QCOMPARE(view.lastPicture()->result.probabilities, shown->result.probabilities);

        // Other statistics: the picture goes through again and the answer moves.
        painted.clear();
        prep->presetBox()->setCurrentIndex(1); // ImageNet
        emit prep->presetBox()->activated(1);
        QVERIFY(painted.wait(patience(30000)));
        QVERIFY(view.lastPicture()->result.probabilities != shown->result.probabilities);
        QCOMPARE(view.lastPicture()->result.node, 4);
    }

    void aFileThatDoesNotOpenLosesNothing()
    {
        QTemporaryDir dir;
        const QString good = write(dir, "good.onnx", ds::onnx::exportOnnx(graphModel()));
        const QString junk = write(dir, "junk.onnx", "this is no protobuf at all");
        ModelView view;
        QSignalSpy opened(&view, &ModelView::modelOpened);
        QSignalSpy said(&view, &ModelView::statusMessage);
        QString error;
        QVERIFY(view.openModel(good, &error));
        QVERIFY(opened.wait(patience(30000)));
        QVERIFY(view.openModel(junk, &error)); // it reads; importing it fails on the model thread
        QVERIFY(said.wait(patience(30000)));
        QVERIFY(said.last().at(0).toString().startsWith("junk.onnx: "));
        QCOMPARE(QString::fromStdString(view.overview()->name), QString("good.onnx"));
        QCOMPARE(view.modelPath(), QFileInfo(good).absoluteFilePath());
        // The model before still answers.
        QSignalSpy painted(&view, &ModelView::picturePainted);
        QVERIFY(view.openPicture(picture(dir, "p.png", Qt::blue), &error));
        QVERIFY(painted.wait(patience(30000)));
        // No file at all is said at once.
        QVERIFY(!view.openModel(dir.filePath("missing.onnx"), &error));
        QVERIFY(!error.isEmpty());
        // Neither is a picture that is none.
        QFile bad(dir.filePath("bad.png"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a png");
        bad.close();
        QVERIFY(!view.openPicture(bad.fileName(), &error));
        QVERIFY(error.startsWith("bad.png: "));
    }

    // A folder of pictures: the first is shown, and the others one step at a time, round.
    void aFolderIsSteppedThrough()
    {
        QTemporaryDir dir;
        const QString model = write(dir, "m.onnx", ds::onnx::exportOnnx(graphModel()));
        QDir(dir.path()).mkdir("pics");
        picture(dir, "pics/a.png", Qt::red);
        picture(dir, "pics/b.png", Qt::green);
        picture(dir, "pics/c.png", Qt::blue);
        write(dir, "pics/notes.txt", "not a picture");
        ModelView view;
        QSignalSpy opened(&view, &ModelView::modelOpened);
        QSignalSpy painted(&view, &ModelView::picturePainted);
        QString error;
        QVERIFY(view.openModel(model, &error));
        QVERIFY(opened.wait(patience(30000)));
        QVERIFY2(view.openPictures({dir.filePath("pics")}, &error), qPrintable(error));
        QCOMPARE(view.pictureCount(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(view.lastPicture() && view.lastPicture()->name == "a.png", patience(30000));
        view.findChild<QPushButton *>("nextPicture")->click();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastPicture()->name == "b.png", patience(30000));
        view.findChild<QPushButton *>("previousPicture")->click();
        view.findChild<QPushButton *>("previousPicture")->click();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastPicture()->name == "c.png", patience(30000)); // round
        QCOMPARE(view.pictureIndex(), 2);
        QVERIFY(!view.openPictures({dir.filePath("pics/notes.txt")}, &error));
        QVERIFY(error.startsWith("no pictures"));
    }

    // Top patches: each filter of the chosen convolution beside the windows of the open pictures
    // that excite it most; another convolution clicked in the graph gets its own; off again, the
    // first layer's filters are back.
    void topPatchesOverAFolder()
    {
        QTemporaryDir dir;
        const QString model = write(dir, "m.onnx", ds::onnx::exportOnnx(graphModel()));
        QDir(dir.path()).mkdir("pics");
        const QColor colours[] = {Qt::red, Qt::green, Qt::blue, Qt::yellow, Qt::gray};
        for (int i = 0; i < 5; ++i)
            picture(dir, QString("pics/%1.png").arg(i), colours[i]);
        ModelView view;
        QSignalSpy opened(&view, &ModelView::modelOpened);
        QSignalSpy patches(&view, &ModelView::patchesPainted);
        QString error;
        QVERIFY(view.openModel(model, &error));
        QVERIFY(opened.wait(patience(30000)));
        auto *box = view.findChild<QCheckBox *>("topPatches");
        QVERIFY(box);
        box->setChecked(true); // before any picture: the caption says what to do
        auto *caption = view.findChild<QLabel *>("filtersCaption");
        QVERIFY(caption && caption->text().contains("open a folder of pictures"));
        QVERIFY2(view.patches()->rowCount() == 0, "no pictures, no patches");
        QVERIFY2(view.openPictures({dir.filePath("pics")}, &error), qPrintable(error));
        QVERIFY(patches.wait(patience(30000)));
        QCOMPARE(view.patches()->rowCount(), 4); // the first convolution's 4 filters
        QVERIFY2(view.patches()->caption().contains("of 5 pictures"), qPrintable(view.patches()->caption()));
        QVERIFY(view.patches()->caption().contains("3×3-pixel windows"));
        QVERIFY(!view.patches()->tileRect(0, 0).isEmpty());
        view.selectNode(3); // the 3×3 convolution of the branch: 2 filters, 5×5 windows
        QVERIFY(patches.wait(patience(30000)));
        QCOMPARE(view.patches()->rowCount(), 2);
        QVERIFY2(view.patches()->caption().contains("5×5-pixel windows"), qPrintable(view.patches()->caption()));
        box->setChecked(false);
        QVERIFY(view.filters()->isVisible() || !view.isVisible());
    }

    void classNamesFromALabelsFileBesideTheModel()
    {
        QTemporaryDir dir;
        ds::onnx::OnnxModel m = graphModel();
        m.metadata.clear();
        const QString path = write(dir, "plain.onnx", ds::onnx::exportOnnx(m));
        write(dir, "plain.labels.txt", "alpha\nbeta\ngamma\n");
        ModelView view;
        QSignalSpy opened(&view, &ModelView::modelOpened);
        QString error;
        QVERIFY(view.openModel(path, &error));
        QVERIFY(opened.wait(patience(30000)));
        QCOMPARE(view.classNames(), QStringList({"alpha", "beta", "gamma"}));
        // A file with another count is refused by name, and the names stay.
        const QString wrong = write(dir, "two.txt", "a\nb\n");
        QVERIFY(!view.loadClassNames(wrong, &error));
        QVERIFY(error.contains("2 classes"));
        QCOMPARE(view.classNames().size(), 3);
    }

    // A model that takes pictures of any size (PyTorch's dynamic axes) opens at the size given
    // (the view asks for one when none is), and pictures are fitted to it.
    void anyPictureSizeOpensAtTheSizeGiven()
    {
        QTemporaryDir dir;
        ds::onnx::OnnxModel m = graphModel();
        ::onnx::ModelProto proto;
        QVERIFY(proto.ParseFromString(ds::onnx::exportOnnx(m)));
        auto *dims = proto.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim();
        const std::string height = "height", width = "width";
        dims->Mutable(2)->set_dim_param(height);
        dims->Mutable(3)->set_dim_param(width);
        std::string bytes;
        QVERIFY(proto.SerializeToString(&bytes));
        const QString path = write(dir, "any.onnx", bytes);
        ModelView view;
        QSignalSpy opened(&view, &ModelView::modelOpened);
        QSignalSpy painted(&view, &ModelView::picturePainted);
        QString error;
        QVERIFY(view.openModel(path, &error, QSize(16, 20))); // 16 wide, 20 high
        QVERIFY(view.openPicture(picture(dir, "p.png", Qt::darkGreen), &error));
        QVERIFY(opened.wait(patience(30000)));
        QCOMPARE(view.overview()->input, Shape({3, 20, 16}));
        QVERIFY(painted.count() > 0 || painted.wait(patience(30000)));
        QCOMPARE(view.lastPicture()->shown.size(), QSize(16, 20)); // width × height
    }

    void theWindowOpensModelsInTheirOwnMode()
    {
        QTemporaryDir dir;
        const QString path = write(dir, "branches.onnx", ds::onnx::exportOnnx(graphModel()));
        MainWindow w;
        w.startSession();
        QSignalSpy opened(w.modelView(), &ModelView::modelOpened);
        QString error;
        QVERIFY2(w.openModelFile(path, &error), qPrintable(error));
        QCOMPARE(w.mode(), int(MainWindow::ModelMode));
        QVERIFY(opened.wait(patience(30000)));
        // The Model mode is no part of a playground: a save keeps the mode shown before.
        const QString saved = dir.filePath("p.deepscope");
        QVERIFY2(w.saveFile(saved, &error), qPrintable(error));
        QFile f(saved);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("\"mode\": \"points\""));
        // Not the current network to export: it says why.
        QVERIFY(!w.exportOnnxFile(dir.filePath("x.onnx"), &error));
        QVERIFY(error.contains("Model mode"));
    }
};

QTEST_MAIN(TestModelView)
#include "tst_modelview.moc"

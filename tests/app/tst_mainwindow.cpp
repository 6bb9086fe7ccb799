// The playground window, offscreen, driven through its real controls.
#include "backends.h"
#include "arithmetic/convarithview.h"
#include "datasetpicker.h"
#include "document/playgroundfile.h"
#include "featuretoggles.h"
#include "images/cnnview.h"
#include "images/layereditor.h"
#include "landscapemap.h"
#include "layerprojection.h"
#include "losschart.h"
#include "networkdiagram.h"
#include "outputmap.h"
#include "points/controlbar.h"
#include "points/datapanel.h"
#include "controls/landscapepanel.h"
#include "points/outputpanel.h"
#include "model/modelview.h"
#include "window/mainwindow.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QImage>
#include <QInputDialog>
#include <QJsonDocument>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QSpinBox>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include "patience.h"

using deepscope::test::patience;

using namespace ds;
using namespace ds::app;

namespace {

// Waits until the window has painted a snapshot satisfying `pred`.
template <typename Pred> bool waitForSnapshot(MainWindow &w, Pred pred, int ms = 10000)
{
    return QTest::qWaitFor([&] { return w.lastSnapshot() && pred(*w.lastSnapshot()); }, ms);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the autosave file goes to a test folder, not the user's
    }

    // The mode tabs switch pages; "see how it slides" on LeNet-5's first convolution opens the
    // arithmetic view on that layer's real sizes.
    void modesAndLayerInspection()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        auto *pages = qobject_cast<QStackedWidget *>(w.centralWidget());
        auto *bar = w.findChild<QTabBar *>("modes");
        QCOMPARE(bar->count(), 4); // Points, Images, Convolution arithmetic, Model
        bar->setCurrentIndex(3);
        QCOMPARE(pages->currentWidget(), static_cast<QWidget *>(w.modelView()));
        bar->setCurrentIndex(1);
        QCOMPARE(pages->currentWidget(), static_cast<QWidget *>(w.cnnView()));
        auto *editor = w.cnnView()->findChild<app::LayerEditor *>();
        QTRY_VERIFY_WITH_TIMEOUT(editor->isValid(), patience(5000));
        QCOMPARE(editor->spec().layers[0].kind, LayerKind::Conv2D);
        emit editor->inspectLayerRequested(0);
        QCOMPARE(pages->currentWidget(), static_cast<QWidget *>(w.arithmeticView()));
        QCOMPARE(bar->currentIndex(), 2);
        const widgets::ConvArithSetup s = w.arithmeticView()->setup();
        QCOMPARE(s.inH, 28);
        QCOMPARE(s.inW, 28);
        QCOMPARE(s.kernel, editor->spec().layers[0].kernel);
        QCOMPARE(s.padding, editor->spec().layers[0].padding);
    }

    // Inside → Loss landscape: Compute asks the training thread, which answers with the loss
    // around the weights of the epoch shown and the path's plane; a map too small to read opens
    // its own window with the same picture.
    void landscapeIsComputedOnTheTrainingThread()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        PlaygroundConfig c;
        c.dataset = data::Generator::Xor;
        c.hiddenLayers = {6};
        w.setConfig(c);
        w.trainAndWait(60);
        auto *output = w.findChild<OutputPanel *>();
        output->showInside(4);
        LandscapePanel *panel = output->landscapePanel();
        QVERIFY(panel->isVisible());
        auto *directions = panel->findChild<QComboBox *>("landscapeDirections");
        directions->setCurrentIndex(directions->findData(int(LandscapeRequest::Directions::Path)));
        QCOMPARE(panel->request().directions, LandscapeRequest::Directions::Path);
        panel->computeButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel->caption().startsWith("Epoch 60"), patience(30000));
        QVERIFY(!panel->map()->isEmpty());
        QVERIFY(panel->caption().contains("path plane"));
        if (panel->map()->height() < 150) {
            auto *large = w.findChild<QDialog *>();
            QVERIFY(large && large->isVisible());
            QVERIFY(!large->findChild<widgets::LandscapeMap *>()->isEmpty());
        }
        // Looking did not move the run: it goes on from epoch 60.
        QCOMPARE(w.lastSnapshot()->epoch, 60LL);
    }

    void playTrainsAndTheLossFalls()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.epoch == 0; }));
        const float before = w.lastSnapshot()->test.loss;
        QTest::mouseClick(w.controlBar()->playButton(), Qt::LeftButton);
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.epoch > 200; }));
        QTest::mouseClick(w.controlBar()->playButton(), Qt::LeftButton); // pause
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return !s.running; }));
        QVERIFY2(w.lastSnapshot()->test.loss < before,
            qPrintable(QString("test loss %1 -> %2").arg(before).arg(w.lastSnapshot()->test.loss)));
    }

    void spaceAndRAreShortcuts()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.running && s.epoch > 10; }));
        QTest::keyClick(&w, Qt::Key_R);
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return !s.running && s.epoch == 0; }));
        QTest::keyClick(&w, Qt::Key_Right);
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.epoch == 1; }));
    }

    void addingALayerUpdatesDiagramAndParameterCount()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.columnSizes.size() == 4; })); // 2, 4, 2, 1
        const std::size_t before = w.config().modelSpec().parameterCount();
        QTest::mouseClick(w.diagram(), Qt::LeftButton, {}, w.diagram()->addLayerButtonRect().center().toPoint());
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.columnSizes.size() == 5; }));
        QCOMPARE(w.config().hiddenLayers, (std::vector<int> {4, 2, 2}));
        QVERIFY(w.config().modelSpec().parameterCount() > before);
        QVERIFY(w.diagram()->nodeRect(3, 1).isValid());
        // As deep as the deepest lesson (16 hidden layers), and no deeper.
        for (int i = 0; i < 20; ++i)
            QTest::mouseClick(w.diagram(), Qt::LeftButton, {}, w.diagram()->addLayerButtonRect().center().toPoint());
        QCOMPARE(int(w.config().hiddenLayers.size()), PlaygroundConfig::kMaxHiddenLayers);
        // 32 neurons a layer from its + button, and no more.
        QVERIFY(waitForSnapshot(
            w, [](const Snapshot &s) { return int(s.columnSizes.size()) == PlaygroundConfig::kMaxHiddenLayers + 2; }));
        for (int i = 0; i < 40; ++i)
            QTest::mouseClick(w.diagram(), Qt::LeftButton, {}, w.diagram()->addNeuronButtonRect(0).center().toPoint());
        QCOMPARE(w.config().hiddenLayers[0], PlaygroundConfig::kMaxNeuronsByHand);
    }

    // "Click adds" keeps its class from one point to the next (adding a point is a config change
    // that refills the list; it went back to class 0 after every point).
    void clickAddsKeepsItsClass()
    {
        MainWindow w;
        w.show();
        auto *clickClass = w.outputPanel()->findChild<QComboBox *>("clickClass");
        auto *map = w.outputPanel()->findChild<widgets::OutputMap *>();
        QVERIFY(clickClass && map);
        clickClass->setCurrentIndex(1);
        for (float x : {1.0f, 2.0f, 3.0f})
            emit map->pointAdded(x, 1.0f);
        QCOMPARE(clickClass->currentIndex(), 1);
        QCOMPARE(int(w.config().drawnPoints.size()), 3);
        for (const data::Point2 &p : w.config().drawnPoints)
            QCOMPARE(p.value, 1.0f);
    }

    // After "Draw my own data set", the thumbnail of the data set that was showing switches back
    // to it (a click on it did nothing: the data set had not changed).
    void thumbnailEndsOwnData()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        QAction *draw = nullptr;
        for (QAction *a : w.findChildren<QAction *>())
            if (a->text() == "&Draw my own data set")
                draw = a;
        QVERIFY(draw);
        const data::Generator before = w.config().dataset;
        draw->trigger();
        QVERIFY(w.config().drawnOnly);
        auto *picker = w.dataPanel()->picker();
        QVERIFY(picker->current().isEmpty()); // no thumbnail marked over drawn points
        QCOMPARE(before, data::Generator::Circle); // the first tile: circle, xor, gaussian, ...
        QTest::mouseClick(picker, Qt::LeftButton, {}, picker->tileRect(0).center());
        QCOMPARE(w.config().dataset, before);
        QVERIFY(!w.config().drawnOnly);
        QVERIFY(w.config().drawnPoints.empty());
        QCOMPARE(picker->current(), QString::fromStdString(data::generatorName(before)));
    }

    // Drawn points alone have no test part: the charts draw no test line (it was a line at 0,
    // a perfect score never earned).
    void drawnDataHasNoTestLine()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        for (QAction *a : w.findChildren<QAction *>())
            if (a->text() == "&Draw my own data set")
                a->trigger();
        QVERIFY(w.config().drawnOnly);
        w.trainAndWait(20);
        QVERIFY(!w.lastSnapshot()->hasTest);
        const auto loss = w.outputPanel()->chart()->history();
        const auto accuracy = w.outputPanel()->accuracyChart()->history();
        QCOMPARE(loss.size(), std::size_t(2));
        QVERIFY(!loss[0].isEmpty() && loss[1].isEmpty()); // and nothing left of the data set before
        QVERIFY(!accuracy[0].isEmpty() && accuracy[1].isEmpty());
    }

    void changingTheDataSetRedrawsTheMap()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        QVERIFY(waitForSnapshot(w, [](const Snapshot &) { return true; }));
        const QImage before = w.outputPanel()->map()->grab().toImage();
        auto *picker = w.dataPanel()->picker();
        QTest::mouseClick(picker, Qt::LeftButton, {}, picker->tileRect(1).center()); // circle, xor, gaussian, ...
        QCOMPARE(w.config().dataset, data::Generator::Xor);
        // The map follows the first snapshot of the new data (waited for, not slept on).
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.config->dataset == data::Generator::Xor; }));
        QVERIFY(w.outputPanel()->map()->grab().toImage() != before);
    }

    void editingAWeightChangesTheOutput()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        QVERIFY(waitForSnapshot(w, [](const Snapshot &) { return true; }));
        const auto before = w.lastSnapshot();
        // The weight editor is a dialog: answer it when it opens.
        QTimer::singleShot(300, [] {
            auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->setDoubleValue(3.5);
            dialog->accept();
        });
        QTest::mouseClick(w.diagram(), Qt::LeftButton, {}, w.diagram()->linkMidpoint(2, 0, 0).toPoint());
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.weights[2][0] == 3.5f; }));
        QVERIFY(w.lastSnapshot()->maps.back() != before->maps.back());
    }

    // Right-click a hidden layer and pick an activation for that layer alone.
    void perLayerActivationFromTheDiagram()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.columnSizes.size() == 4; }));
        QTimer::singleShot(300, [] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction *a : menu->actions())
                if (a->text() == "relu")
                    a->trigger();
            menu->close();
        });
        const QPoint onLayer2 = w.diagram()->nodeRect(2, 0).center().toPoint();
        emit w.diagram()->customContextMenuRequested(onLayer2);
        QCOMPARE(w.config().hiddenActivation(0), ActivationKind::Tanh);
        QCOMPARE(w.config().hiddenActivation(1), ActivationKind::Relu);
    }

    void accuracyIsChartedForClassification()
    {
        MainWindow w;
        w.show();
        QVERIFY(waitForSnapshot(w, [](const Snapshot &) { return true; }));
        w.trainAndWait(20);
        QVERIFY(w.outputPanel()->accuracyChart()->pointCount() >= 2);
        QVERIFY(w.outputPanel()->chart()->pointCount() >= 2);
    }

    void layerViewShowsThePointsThroughALayer()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        QVERIFY(waitForSnapshot(w, [](const Snapshot &) { return true; }));
        w.outputPanel()->tabs()->setCurrentIndex(2);
        w.trainAndWait(5);
        const auto &pr = w.outputPanel()->layerView()->projection();
        QCOMPARE(int(pr.points.size()), 250); // the training points of the default circle
        QVERIFY(pr.lattice.size() >= 20);
        // The first point's position is its activation at layer 1, neurons 1 and 2.
        const Snapshot &s = *w.lastSnapshot();
        QCOMPARE(pr.points[0].x(), double(s.pointActivations[1][0]));
        QCOMPARE(pr.points[0].y(), double(s.pointActivations[1][1]));
    }

    // Both modes go into one file and come back from it, with the mode that was showing, and
    // the title shows the file and the unsaved mark.
    void documentRoundTripThroughTheWindow()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        PlaygroundConfig c;
        c.dataset = data::Generator::Xor;
        c.learningRate = 0.05f;
        w.setConfig(c);
        w.showMode(MainWindow::ImagesMode);
        auto *editor = w.cnnView()->findChild<app::LayerEditor *>();
        QTRY_VERIFY_WITH_TIMEOUT(editor->isValid(), patience(5000));
        ImagesConfig images = w.cnnView()->config();
        QCOMPARE(images.preset, std::string("LeNet-5"));
        images.batchSize = 64;
        images.learningRate = 0.0007f;
        images.augment = true;
        images.epochs = 7;
        images.preset = "";
        images.spec.layers = {LayerSpec::conv(4, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
            LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
        w.cnnView()->setConfig(images);
        QCOMPARE(w.cnnView()->config().spec.layers, images.spec.layers);
        QCOMPARE(w.cnnView()->config().batchSize, 64);
        QString error;
        const QString path = dir.filePath("both.deepscope");
        QVERIFY2(w.saveFile(path, &error), qPrintable(error));
        QVERIFY(!w.isModified());
        QVERIFY(w.windowTitle().startsWith("both.deepscope"));

        MainWindow again;
        again.show();
        QVERIFY2(again.openFile(path, &error), qPrintable(error));
        auto *pages = qobject_cast<QStackedWidget *>(again.centralWidget());
        QCOMPARE(pages->currentWidget(), static_cast<QWidget *>(again.cnnView()));
        auto *editor2 = again.cnnView()->findChild<app::LayerEditor *>();
        QTRY_VERIFY_WITH_TIMEOUT(editor2->isValid() && editor2->spec().layers == images.spec.layers, patience(5000));
        QVERIFY(again.document() == w.document());
        QCOMPARE(again.config().learningRate, 0.05f);
        QVERIFY(!again.isModified());
        // An edit marks it unsaved.
        again.controlBar()->learningRateBox()->setCurrentIndex(0);
        QVERIFY(again.isModified());
    }

    // Saved with its training, a playground reopens where it was and trains on to the same bits
    // as the window that never closed (Adam's moments, the shuffle, dropout masks included).
    void trainedRunReopensBitForBit()
    {
        QTemporaryDir dir;
        PlaygroundConfig c;
        c.dataset = data::Generator::Spiral;
        c.features = data::kAllFeatures;
        c.hiddenLayers = {6, 4};
        c.optimizer = OptimizerKind::Adam;
        c.learningRate = 0.01f;
        c.regularization = Regularization::Dropout;
        c.regularizationRate = 0.1f;
        MainWindow a;
        a.setConfig(c);
        a.trainAndWait(20);
        QString error;
        const QString path = dir.filePath("trained.deepscope");
        QVERIFY2(a.saveFile(path, &error), qPrintable(error));

        MainWindow b;
        QVERIFY2(b.openFile(path, &error), qPrintable(error));
        QVERIFY(waitForSnapshot(b, [](const Snapshot &s) { return s.epoch == 20; }));
        QCOMPARE(b.lastSnapshot()->weights, a.lastSnapshot()->weights);
        a.trainAndWait(10);
        b.trainAndWait(10);
        const auto ra = a.document().pointsRun, rb = b.document().pointsRun;
        QVERIFY(ra && rb);
        QCOMPARE(rb->trainer.epoch, 30LL);
        // The reopened charts go back to the start of training, not to the saved epoch 20.
        QVERIFY(!rb->curves.empty() && rb->curves[0].xy.size() >= 4);
        QVERIFY2(rb->curves[0].xy[0] < 20.0, qPrintable(QString::number(rb->curves[0].xy[0])));
        QVERIFY(b.outputPanel()->chart()->pointCount() > 2);
        TrainedRun sa = *ra, sb = *rb; // the curves hold the epochs each window happened to paint
        sa.curves.clear();
        sb.curves.clear();
        QVERIFY(sa == sb);

        // Without its training the same file opens on fresh weights.
        a.setSaveTraining(false);
        QVERIFY(a.saveFile(path, &error));
        MainWindow fresh;
        QVERIFY(fresh.openFile(path, &error));
        QVERIFY(waitForSnapshot(fresh, [](const Snapshot &s) { return s.epoch == 0; }));
    }

    // A playground saved on a GPU machine opens on the CPU where the GPU is off, and says so.
    void gpuPlaygroundOpensOnTheCpuWithoutAGpu()
    {
        for (const BackendInfo &b : probeBackends())
            if (b.id == "cuda" && b.available)
                QSKIP("a GPU is usable here");
        MainWindow w;
        QVERIFY(waitForSnapshot(w, [](const Snapshot &) { return true; }));
        PlaygroundConfig c; // another shape than the window's, so that the worker must rebuild
        c.backend = "cuda";
        c.dataset = data::Generator::Xor;
        c.hiddenLayers = {3, 3};
        w.setConfig(c);
        QCOMPARE(w.config().backend, std::string("cpu"));
        QVERIFY(waitForSnapshot(w, [&](const Snapshot &s) { return *s.config == w.config(); }));
        QCOMPARE(w.config().hiddenLayers, (std::vector<int> {3, 3})); // the playground itself is kept
    }

    // The Images mode's trained CNN goes into the file too and trains on to the same bits.
    void trainedImagesRunReopens()
    {
        QTemporaryDir dir;
        MainWindow a;
        a.showMode(MainWindow::ImagesMode);
        auto *editor = a.cnnView()->findChild<app::LayerEditor *>();
        QTRY_VERIFY_WITH_TIMEOUT(editor->isValid(), patience(5000));
        ImagesConfig images = a.cnnView()->config();
        images.preset = "";
        images.spec.layers = {LayerSpec::conv(4, 5, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::flatten(),
            LayerSpec::dense(10), LayerSpec::softmax()};
        images.batchSize = 128;
        images.augment = true;
        a.cnnView()->setConfig(images);
        QVERIFY(a.cnnView()->trainAndWait(1));
        QString error;
        const QString path = dir.filePath("cnn.deepscope");
        QVERIFY2(a.saveFile(path, &error), qPrintable(error));
        QVERIFY(!a.isModified());
        const auto saved = a.cnnView()->trainedRun();
        QVERIFY(saved && saved->trainer.epoch == 1);

        MainWindow b;
        // From the moment it opens, b paints the saved run or nothing: never the untrained network
        // its config builds first.
        std::vector<long long> paintedEpochs;
        connect(b.cnnView(), &CnnView::snapshotPainted, this,
            [&] { paintedEpochs.push_back(b.cnnView()->lastSnapshot()->epoch); });
        QVERIFY2(b.openFile(path, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(
            b.cnnView()->lastSnapshot() && b.cnnView()->lastSnapshot()->epoch == 1, patience(60000));
        QVERIFY(!paintedEpochs.empty());
        for (long long e : paintedEpochs)
            QCOMPARE(e, 1LL);
        QVERIFY(!b.isModified()); // the run it opened is the file's
        // The same run, and its curves drawn again from the start (the charts hold the points each
        // window happened to paint, so they are compared apart).
        const auto withoutCurves = [](std::optional<TrainedRun> r) {
            if (r)
                r->curves.clear();
            return r;
        };
        QTRY_VERIFY_WITH_TIMEOUT(!b.cnnView()->trainedRun()->curves.empty(), patience(5000));
        const std::vector<CurveSeries> curves = b.cnnView()->trainedRun()->curves;
        QCOMPARE(curves.size(), saved->curves.size());
        QVERIFY(curves[0].xy.size() >= 4 && curves[0].xy[0] < 1.0);
        QVERIFY(withoutCurves(b.cnnView()->trainedRun()) == withoutCurves(saved));
        QVERIFY(a.cnnView()->trainAndWait(1));
        QVERIFY(b.cnnView()->trainAndWait(1));
        QVERIFY(withoutCurves(a.cnnView()->trainedRun()) == withoutCurves(b.cnnView()->trainedRun()));
        // Training on changes the document: unsaved, and the crash-recovery file keeps the weights.
        QTRY_VERIFY_WITH_TIMEOUT(b.isModified(), patience(5000));
        QVERIFY2(b.autosave(&error), qPrintable(error));
        const auto recovered = loadDocument(MainWindow::autosavePath(), &error);
        QVERIFY2(recovered && recovered->imagesRun, qPrintable(error));
        QCOMPARE(recovered->imagesRun->weights, b.cnnView()->trainedRun()->weights);
        QCOMPARE(recovered->imagesRun->trainer.epoch, 2LL);
        QFile::remove(MainWindow::autosavePath());
    }

    // The unsaved mark follows the document: showing a tab is no edit, training on and an edit
    // are, and an edit taken back is none.
    void unsavedMarkFollowsTheDocument()
    {
        MainWindow w;
        w.show();
        QVERIFY(!w.isModified());
        w.showMode(MainWindow::ImagesMode);
        QSignalSpy painted(w.cnnView(), &CnnView::snapshotPainted);
        QVERIFY(painted.wait(patience(60000)));
        QVERIFY(!w.isModified());
        w.showMode(MainWindow::PointsMode);
        QVERIFY(!w.isModified());

        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath("p.deepscope");
        QVERIFY2(w.saveFile(path, &error), qPrintable(error));
        MainWindow opened;
        QVERIFY2(opened.openFile(path, &error), qPrintable(error));
        QVERIFY(!opened.isModified());
        opened.trainAndWait(3);
        QVERIFY(opened.isModified()); // the trained run is part of the document
        QVERIFY2(opened.saveFile(path, &error), qPrintable(error));
        QVERIFY(!opened.isModified());
        const int rate = opened.controlBar()->learningRateBox()->currentIndex();
        opened.controlBar()->learningRateBox()->setCurrentIndex(rate == 0 ? 1 : 0);
        QVERIFY(opened.isModified());
        opened.controlBar()->learningRateBox()->setCurrentIndex(rate);
        QVERIFY(!opened.isModified()); // back to the file's value

        // The conv-arithmetic diagram is part of the playground: a change marks it, the file keeps
        // it, and it opens as it was left.
        widgets::ConvArithSetup setup = opened.arithmeticView()->setup();
        setup.kernel = 4;
        setup.stride = 2;
        setup.mode = widgets::ConvArithMode::TransposedDirect;
        auto *kernelBox = opened.arithmeticView()->findChild<QSpinBox *>("arithmeticKernel");
        QVERIFY(kernelBox);
        kernelBox->setValue(4); // as a person does, through the control
        QVERIFY(opened.isModified());
        opened.arithmeticView()->setSetup(setup);
        QVERIFY2(opened.saveFile(path, &error), qPrintable(error));
        MainWindow third;
        QVERIFY2(third.openFile(path, &error), qPrintable(error));
        QVERIFY(third.arithmeticView()->setup() == setup);
        QVERIFY(!third.isModified());
    }

    // Values off the controls' lists (from a file) show as they are and survive unrelated edits.
    void controlsKeepValuesOffTheirLists()
    {
        MainWindow w;
        PlaygroundConfig c;
        c.learningRate = 0.05f;
        c.regularization = Regularization::L2;
        c.regularizationRate = 0.002f;
        c.batchSize = 64;
        c.numPoints = 1500;
        c.epochsPerSecond = 5;
        c.stopAfterEpochs = 250;
        w.setConfig(c);
        QCOMPARE(w.controlBar()->learningRateBox()->currentText(), QString("0.05"));
        // An unrelated edit: the noise slider.
        auto sliders = w.dataPanel()->findChildren<QSlider *>();
        QVERIFY(sliders.size() >= 4);
        sliders[1]->setValue(20);
        QCOMPARE(w.config().noisePercent, 20);
        QCOMPARE(w.config().learningRate, 0.05f);
        QCOMPARE(w.config().regularizationRate, 0.002f);
        QCOMPARE(w.config().batchSize, 64);
        QCOMPARE(w.config().numPoints, 1500);
        QCOMPARE(w.config().epochsPerSecond, 5.0);
        QCOMPARE(w.config().stopAfterEpochs, 250L);
        // Choosing a listed rate drops the added entry.
        auto *rates = w.controlBar()->learningRateBox();
        const int count = rates->count();
        rates->setCurrentIndex(rates->findData(0.03));
        QCOMPARE(w.config().learningRate, 0.03f);
        QCOMPARE(rates->count(), count - 1);
    }

    // Snapshots made under the old config reach the window after an edit; each is painted with
    // the config it carries. Unticking a feature while training used to abort ("not a single
    // input feature"): the old snapshot's input column was matched against the new features.
    void featuresChangeWhileTraining()
    {
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        PlaygroundConfig c;
        c.features = data::kAllFeatures;
        c.dataset = data::Generator::Spiral;
        w.setConfig(c);
        QTest::mouseClick(w.controlBar()->playButton(), Qt::LeftButton);
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.running; }));
        for (int round = 0; round < 40; ++round) {
            const int bit = round % data::kFeatureCount;
            emit w.features()->toggled(bit, round % 2 == 1 || bit == 0);
            QTest::qWait(round % 3);
        }
        emit w.features()->toggled(1, false);
        QVERIFY(waitForSnapshot(w, [&](const Snapshot &s) { return *s.config == w.config(); }));
        QCOMPARE(w.lastSnapshot()->columnSizes[0], data::featureCount(w.config().features));
    }

    // A learning rate that blows up: render still writes the picture but says what happened and
    // exits non-zero, instead of "rendered ... (test loss -nan)".
    void renderReportsDivergence()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("diverge.deepscope"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"deepscope-playground","version":2,"points":{"dataset":"plane","learningRate":100,)"
                R"("hiddenLayers":[8,8],"activation":"relu"}})");
        f.close();
        QProcess p;
        p.start(DEEPSCOPE_BINARY, {"render", f.fileName(), "--epochs", "20", "--out", dir.filePath("d.png")});
        QVERIFY(p.waitForFinished(patience(60000)));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("training diverged by epoch"), err.constData());
        QVERIFY(!p.readAllStandardOutput().contains("rendered"));
    }

    // Seeded random use while training runs: every control of the Points mode (features, data
    // sets with 2, 3 classes or regression, sliders, layers and neurons, every hyperparameter
    // list, the backend list), play, step, reset, hovering, drawing points, switching modes, saving
    // and opening. Nothing may crash, and the window ends up painting its own config.
    void randomUseWhileTraining()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        // DS_STRESS_SEED=N tries another sequence.
        const bool other = qEnvironmentVariableIsSet("DS_STRESS_SEED");
        QRandomGenerator rng(other ? quint32(qEnvironmentVariableIntValue("DS_STRESS_SEED")) : 20261201u);
        const auto combos = w.controlBar()->findChildren<QComboBox *>();
        const auto sliders = w.dataPanel()->findChildren<QSlider *>();
        auto *picker = w.dataPanel()->findChild<widgets::DatasetPicker *>();
        QVERIFY(picker && !combos.isEmpty() && sliders.size() >= 4);
        QStringList datasets;
        for (data::Generator g : data::allGenerators())
            datasets << QString::fromStdString(data::generatorName(g));
        // The UI thread's longest stall: the longest action (each runs on it) and the longest gap
        // between ticks of a 5 ms timer while the event loop runs between actions.
        qint64 worstAction = 0, worstGap = 0;
        int worstKind = -1;
        QElapsedTimer sinceTick;
        sinceTick.start();
        QTimer ticker;
        QObject::connect(&ticker, &QTimer::timeout, [&] { worstGap = std::max(worstGap, sinceTick.restart()); });
        ticker.start(5);
        // The Images mode on a small folder of 16x16 images (3 classes of 12), so that an epoch
        // takes milliseconds even under the sanitizers; any preset may be chosen below.
        CnnView *cnn = w.cnnView();
        auto *editor = cnn->findChild<LayerEditor *>();
        QVERIFY(editor);
        for (int c = 0; c < 3; ++c) {
            QVERIFY(QDir(dir.path()).mkpath(QString("shapes/%1").arg(c)));
            for (int i = 0; i < 12; ++i) {
                QImage image(16, 16, QImage::Format_Grayscale8);
                for (int y = 0; y < 16; ++y)
                    for (int x = 0; x < 16; ++x)
                        image.setPixel(x, y, qRgb(0, 0, 0) + ((x + y * c + i) % (3 + c) == 0 ? 0xffffff : 0));
                QVERIFY(image.save(dir.filePath(QString("shapes/%1/%2.png").arg(c).arg(i))));
            }
        }
        ImagesConfig small;
        small.data.source = ImageDataChoice::Folder;
        small.data.paths = {dir.filePath("shapes")};
        small.data.channels = 1;
        small.data.height = small.data.width = 16;
        small.preset = "Tiny (fast)";
        small.epochs = 100000;
        cnn->setConfig(small);
        QVERIFY(cnn->trainAndWait(0, patience(120000)));
        QTest::mouseClick(w.controlBar()->playButton(), Qt::LeftButton);
        QElapsedTimer actionClock;
        // DS_STRESS_ACTIONS=N: fewer under ThreadSanitizer, which runs 10 times slower.
        const int actions
            = qEnvironmentVariableIsSet("DS_STRESS_ACTIONS") ? qEnvironmentVariableIntValue("DS_STRESS_ACTIONS") : 2000;
        for (int action = 0; action < actions; ++action) {
            const int kind = int(rng.bounded(19));
            actionClock.start();
            switch (kind) {
            case 0: emit w.features()->toggled(rng.bounded(data::kFeatureCount), rng.bounded(2) == 1); break;
            case 1: emit picker->datasetChosen(datasets[rng.bounded(int(datasets.size()))]); break;
            case 2: {
                QSlider *slider = sliders[rng.bounded(int(sliders.size()))];
                slider->setValue(slider->minimum() + rng.bounded(slider->maximum() - slider->minimum() + 1));
                break;
            }
            case 3: {
                QComboBox *box = combos[rng.bounded(int(combos.size()))];
                box->setCurrentIndex(rng.bounded(box->count()));
                break;
            }
            case 4: emit w.diagram()->addLayerRequested(); break;
            case 5: emit w.diagram()->removeLayerRequested(); break;
            case 6: emit w.diagram()->addNeuronRequested(rng.bounded(4)); break;
            case 7: emit w.diagram()->removeNeuronRequested(rng.bounded(4)); break;
            case 8: QTest::mouseClick(w.controlBar()->playButton(), Qt::LeftButton); break;
            case 9: QTest::keyClick(&w, rng.bounded(2) ? Qt::Key_Right : Qt::Key_R); break;
            case 10: emit w.diagram()->neuronHovered(rng.bounded(5), rng.bounded(8)); break;
            case 11:
                emit w.outputPanel()->pointAdded(float(rng.bounded(12.0) - 6.0), float(rng.bounded(12.0) - 6.0), 0.0f);
                break;
            case 12: w.showMode(rng.bounded(10) == 0 ? MainWindow::ConvArithmeticMode : MainWindow::PointsMode); break;
            case 13: {
                QString error;
                const QString path = dir.filePath("stress.deepscope");
                QVERIFY2(w.saveFile(path, &error), qPrintable(error));
                QVERIFY2(w.openFile(path, &error), qPrintable(error));
                w.showMode(MainWindow::PointsMode);
                break;
            }
            // The Images mode, training beside the Points mode: play or pause it, step, change a
            // setting (every combo but the data source, which asks for files), add or remove a
            // layer, look at it.
            case 14: w.showMode(MainWindow::ImagesMode); break;
            case 15: rng.bounded(2) ? cnn->togglePlay() : cnn->stepEpoch(); break;
            case 16: {
                QList<QComboBox *> boxes;
                for (QComboBox *box : cnn->findChildren<QComboBox *>())
                    if (box->findText("CIFAR-10 batches…") < 0 && box->count() > 0)
                        boxes << box;
                QComboBox *box = boxes[rng.bounded(int(boxes.size()))];
                box->setCurrentIndex(rng.bounded(box->count()));
                break;
            }
            case 17:
                if (editor->rowCount() > 3 && rng.bounded(2)) {
                    editor->selectRow(rng.bounded(editor->rowCount()));
                    editor->removeSelected();
                } else if (editor->rowCount() < 14) {
                    editor->selectRow(rng.bounded(editor->rowCount()));
                    const LayerKind kinds[] = {LayerKind::Conv2D, LayerKind::Activation, LayerKind::MaxPool2D,
                        LayerKind::BatchNorm, LayerKind::Dropout, LayerKind::Dense};
                    editor->addLayer(kinds[rng.bounded(6)]);
                }
                break;
            case 18: cnn->showTab(rng.bounded(4)); break;
            }
            if (actionClock.elapsed() > worstAction) {
                worstAction = actionClock.elapsed();
                worstKind = kind;
            }
            sinceTick.restart(); // the action's own time is counted above
            QTest::qWait(rng.bounded(3));
        }
        ticker.stop();
        // Said, not checked: on two busy cores an action can take any time without being wrong.
        // How fluid the window is, bench_window measures (window_worst_stall_heavy).
        qInfo("worst UI stall: an action of kind %d took %lld ms; the longest gap between timer ticks %lld ms",
            worstKind, worstAction, worstGap);
        w.showMode(MainWindow::PointsMode);
        QTest::mouseClick(w.controlBar()->playButton(), Qt::LeftButton);
        QTest::keyClick(&w, Qt::Key_Right); // a step pauses and publishes
        const bool settled
            = waitForSnapshot(w, [&](const Snapshot &s) { return *s.config == w.config() && !s.running; });
        const auto last = w.lastSnapshot();
        const QString why
            = QString("last snapshot: running %1, message '%2'; its config %3, the window's %4")
                  .arg(last->running)
                  .arg(QString::fromStdString(last->message))
                  .arg(QString(QJsonDocument(playgroundToJson(*last->config)).toJson(QJsonDocument::Compact)))
                  .arg(QString(QJsonDocument(playgroundToJson(w.config())).toJson(QJsonDocument::Compact)));
        QVERIFY2(settled, qPrintable(why));
        QCOMPARE(w.lastSnapshot()->columnSizes[0], data::featureCount(w.config().features));
        // The Images mode answers too: it builds the network the editor shows, or says why not.
        if (cnn->isRunning())
            cnn->togglePlay();
        const bool built = cnn->trainAndWait(0, patience(120000));
        const auto images = cnn->lastSnapshot();
        QVERIFY2(built || (images && !images->message.empty()), "the Images mode did not settle");
        QVERIFY2(built == editor->isValid(), qPrintable(QString::fromStdString(images->message)));
    }

    // A three-class playground renders (it used to segfault: the window's default two-class config
    // painted the three-class snapshot).
    void renderThreeClasses()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("spiral3.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"deepscope-playground","version":1,"dataset":"spiral-3"})");
        f.close();
        QProcess p;
        p.start(DEEPSCOPE_BINARY, {"render", f.fileName(), "--epochs", "5", "--out", dir.filePath("s3.png")});
        QVERIFY(p.waitForFinished(patience(60000)));
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY(!QImage(dir.filePath("s3.png")).isNull());
    }

    void renderCommandWritesTheImage()
    {
        QTemporaryDir dir;
        MainWindow w;
        PlaygroundConfig c;
        c.dataset = data::Generator::Xor;
        c.hiddenLayers = {4};
        w.setConfig(c);
        QString error;
        QVERIFY(w.saveFile(dir.filePath("xor.json"), &error));
        QProcess p;
        p.start(DEEPSCOPE_BINARY,
            {"render", dir.filePath("xor.json"), "--epochs", "200", "--out", dir.filePath("xor.png"), "--size",
                "1200x700"});
        QVERIFY(p.waitForFinished(patience(60000)));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QImage image(dir.filePath("xor.png"));
        QCOMPARE(image.size(), QSize(1200, 700));
        // The trained XOR boundary shows both colours of the scale.
        int blue = 0, orange = 0;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3) {
                const QColor c = image.pixelColor(x, y);
                blue += c.blue() > 150 && c.red() < 80;
                orange += c.red() > 200 && c.blue() < 80 && c.green() > 100;
            }
        QVERIFY2(blue > 500 && orange > 500, qPrintable(QString("blue %1, orange %2").arg(blue).arg(orange)));
        QVERIFY(p.readAllStandardOutput().contains("after 200 epochs"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

// What a class sees of the training bar, in the window: the pace and full speed, the seed, reset
// (new weights) against replay (the same run again), the same bar in both modes, and the Layer
// view drawn while paused.
#include "colorscale.h"
#include "confusionmatrix.h"
#include "datasetpicker.h"
#include "controls/trainingbar.h"
#include "displaystyle.h"
#include "document/playgroundfile.h"
#include "images/cnnview.h"
#include "layerprojection.h"
#include "losschart.h"
#include "points/controlbar.h"
#include "points/datapanel.h"
#include "points/outputpanel.h"
#include "weighthistograms.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "patience.h"

using deepscope::test::patience;

using namespace ds;
using namespace ds::app;

namespace {

template <typename Pred> bool waitForSnapshot(MainWindow &w, Pred pred, int ms = 20000)
{
    return QTest::qWaitFor([&] { return w.lastSnapshot() && pred(*w.lastSnapshot()); }, ms);
}

PlaygroundConfig xor4()
{
    PlaygroundConfig c;
    c.dataset = data::Generator::Xor;
    c.hiddenLayers = {4};
    return c;
}

} // namespace

class TestClassroom : public QObject {
    Q_OBJECT

private slots:
    // Settings (presentation mode, high contrast) go to a test location, not the user's.
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // A new playground trains at a pace a class can follow; the fast-forward button is full
    // speed, and clicking it again goes back to the pace.
    void paceAndFullSpeed()
    {
        MainWindow w;
        w.show();
        TrainingBar *bar = w.controlBar()->trainingBar();
        QCOMPARE(w.config().epochsPerSecond, 30.0);
        bar->fullSpeedButton()->click();
        QCOMPARE(w.config().epochsPerSecond, 0.0);
        bar->fullSpeedButton()->click();
        QCOMPARE(w.config().epochsPerSecond, 30.0);
        // Both modes show the same bar, with the same buttons.
        QVERIFY(w.cnnView()->trainingBar() != bar);
        QCOMPARE(w.cnnView()->trainingBar()->findChildren<QToolButton *>().size(),
            bar->findChildren<QToolButton *>().size());
    }

    // Reset moves to the next seed (other weights); replay starts the seed again and trains the
    // same bits; a typed seed is the config's.
    void resetReplayAndSeed()
    {
        MainWindow w;
        w.show();
        PlaygroundConfig c = xor4();
        c.epochsPerSecond = 0;
        w.setConfig(c);
        QVERIFY(waitForSnapshot(w, [&](const Snapshot &s) { return *s.config == c && s.epoch == 0; }));
        TrainingBar *bar = w.controlBar()->trainingBar();
        const std::vector<float> start = w.lastSnapshot()->weights[0];
        w.trainAndWait(40);

        // Replay plays the same seed from epoch 0 (tst_trainingworker checks the bits).
        bar->replayButton()->click();
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.running; }));
        bar->playButton()->click();
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return !s.running; }));
        QCOMPARE(w.config().seed, c.seed);

        bar->resetButton()->click();
        QVERIFY(waitForSnapshot(w, [&](const Snapshot &s) { return s.epoch == 0 && s.config->seed == c.seed + 1; }));
        QCOMPARE(bar->seedBox()->value(), int(c.seed + 1));
        QVERIFY(w.lastSnapshot()->weights[0] != start);
        QVERIFY(!w.lastSnapshot()->running);

        bar->seedBox()->setValue(int(c.seed));
        QCOMPARE(w.config().seed, c.seed);
        QVERIFY(waitForSnapshot(w, [&](const Snapshot &s) { return s.config->seed == c.seed; }));
        QVERIFY(w.lastSnapshot()->weights[0] == start);
    }

    // The Images mode's reset moves its seeds on too, and its seed box edits its config.
    void imagesSeed()
    {
        CnnView view;
        view.start();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot() && !view.lastSnapshot()->sample.empty(), patience(60000));
        const ImagesConfig before = view.config();
        view.trainingBar()->resetButton()->click();
        QCOMPARE(view.config().seed, before.seed + 1);
        QCOMPARE(view.config().shuffleSeed, before.shuffleSeed + 1);
        QCOMPARE(view.trainingBar()->seedBox()->value(), int(before.seed + 1));
        view.trainingBar()->seedBox()->setValue(7);
        QCOMPARE(view.config().seed, std::uint64_t(7));
    }

    // Presentation mode: larger text, points and lines, remembered; high contrast: stronger
    // colours, remembered; both go back when switched off.
    void presentationModeAndContrast()
    {
        MainWindow w;
        w.show();
        const double normalFont = QApplication::font().pointSizeF();
        const QColor normalBlue = widgets::classColor(1, 2);
        w.setPresentationMode(true);
        QVERIFY(w.presentationMode());
        QCOMPARE(widgets::displayStyle().scale, 1.8);
        QVERIFY(QApplication::font().pointSizeF() >= normalFont); // larger where the screen has room
        QVERIFY(QSettings().value("view/presentation").toBool());
        auto *clickClass = w.outputPanel()->findChild<QComboBox *>("clickClass");
        QVERIFY(clickClass);
        auto swatch = [&] { return clickClass->itemIcon(1).pixmap(12, 12).toImage().pixelColor(6, 6); };
        QCOMPARE(swatch(), normalBlue);
        const QColor dimmed = QApplication::palette().color(QPalette::PlaceholderText);
        const QImage thumbnails = w.dataPanel()->picker()->grab().toImage();
        w.setHighContrast(true);
        QVERIFY(widgets::displayStyle().highContrast);
        QVERIFY(widgets::classColor(1, 2) != normalBlue);
        QVERIFY(QSettings().value("view/highContrast").toBool());
        // It reaches what is drawn once, not only what is painted again: the "Click adds"
        // swatches, the data set thumbnails, the confusion matrix and every caption.
        QCOMPARE(swatch(), widgets::classColor(1, 2));
        QVERIFY(w.dataPanel()->picker()->grab().toImage() != thumbnails);
        QCOMPARE(widgets::ConfusionMatrix::cellColor(1.0, true), widgets::classColor(1, 2));
        QCOMPARE(QApplication::palette().color(QPalette::PlaceholderText),
            QApplication::palette().color(QPalette::WindowText));
        w.setHighContrast(false);
        QCOMPARE(swatch(), normalBlue);
        QCOMPARE(QApplication::palette().color(QPalette::PlaceholderText), dimmed);
        QCOMPARE(widgets::ConfusionMatrix::cellColor(1.0, true), normalBlue);
        w.setHighContrast(true);
        w.setPresentationMode(false);
        w.setHighContrast(false);
        QCOMPARE(widgets::displayStyle().scale, 1.0);
        QCOMPARE(QApplication::font().pointSizeF(), normalFont);
        QCOMPARE(widgets::classColor(1, 2), normalBlue);
        QVERIFY(!QSettings().value("view/presentation").toBool());

        // The training bar's buttons and epoch counter grow with the text.
        TrainingBar bar("Step", {{"1 epoch/s", 1.0}});
        const int play = bar.playButton()->width(), step = bar.stepButton()->width();
        const double digits = bar.epochLabel()->font().pointSizeF();
        QFont larger = bar.font();
        larger.setPointSizeF(larger.pointSizeF() * 1.3);
        bar.setFont(larger);
        QCOMPARE(bar.playButton()->width(), int(std::lround(play * 1.3)));
        QCOMPARE(bar.stepButton()->width(), int(std::lround(step * 1.3)));
        QVERIFY(std::abs(bar.epochLabel()->font().pointSizeF() - digits * 1.3) < 0.01);
    }

    // Both modes write epochs one way: grouped by the locale, no zero padding (the Points mode
    // showed TensorFlow Playground's 000,100 while the Images mode showed 2.60).
    void oneEpochFormat()
    {
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(TrainingBar::formatEpochs(100, 0), QString("100"));
        QCOMPARE(TrainingBar::formatEpochs(1234567, 0), QString("1,234,567"));
        QCOMPARE(TrainingBar::formatEpochs(2.6, 2), QString("2.60"));
        QCOMPARE(TrainingBar::formatEpochs(1234.5, 2), QString("1,234.50"));
        ControlBar bar;
        Snapshot s;
        s.epoch = 1234;
        bar.showProgress(s);
        QCOMPARE(bar.trainingBar()->epochLabel()->text(), QString("1,234"));
        QLocale::setDefault(before);
    }

    // The training bar keeps its place when training starts and stops: the Images mode's rate
    // line grows by "· 1,950 images/s" while training, which moved everything after it ~70 px.
    void trainingBarDoesNotMove()
    {
        QWidget page;
        auto *layout = new QHBoxLayout(&page);
        TrainingBar bar("Step", {{"1 epoch/s", 1.0}}, &page);
        bar.setDetailSample("00,000 images/s");
        layout->addWidget(&bar);
        auto *after = new QLabel("after", &page);
        layout->addWidget(after);
        layout->addStretch(1);
        page.resize(1200, 120); // room to grow into, as a window has
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // The layouts as they are once every pending relayout ran (the bar's own first).
        auto settle = [] {
            for (int i = 0; i < 4; ++i)
                QCoreApplication::processEvents();
        };
        bar.showProgress("0", 0.0);
        settle();
        const int x = after->x();
        bar.showProgress(TrainingBar::formatEpochs(12.34, 2), 1.234, "12,345 images/s");
        settle();
        QCOMPARE(after->x(), x);
        bar.showProgress("0", 0.0);
        settle();
        QCOMPARE(after->x(), x);
    }

    // A data set from a typed formula: a comparison gives two classes, anything else a surface;
    // a formula that does not parse says where and changes nothing; the file keeps it.
    void formulaDataSet()
    {
        MainWindow w;
        w.show();
        QLineEdit *edit = w.dataPanel()->formulaEdit();
        edit->setText("y > sin(2*x)");
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(w.config().formula, std::string("y > sin(2*x)"));
        QCOMPARE(w.config().numClasses(), 2);
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.config->formula == "y > sin(2*x)"; }));
        for (std::size_t i = 0; i < w.lastSnapshot()->pointValues.size(); ++i)
            QVERIFY(w.lastSnapshot()->pointValues[i] == 0.0f || w.lastSnapshot()->pointValues[i] == 1.0f);

        edit->setText("x*y/6");
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(w.config().problem(), data::ProblemType::Regression);

        edit->setText("sin(x");
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY2(w.dataPanel()->formulaError().contains("at character 6: expected ')'"),
            qPrintable(w.dataPanel()->formulaError()));
        QCOMPARE(w.config().formula, std::string("x*y/6"));
        QCOMPARE(edit->text(), QString("sin(x")); // left to be fixed

        QString error;
        const auto back = playgroundFromJson(playgroundToJson(w.config()), &error);
        QVERIFY2(back && back->formula == "x*y/6", qPrintable(error));
        QJsonObject bad = playgroundToJson(w.config());
        bad["formula"] = "x +";
        QVERIFY(!playgroundFromJson(bad, &error));
        QVERIFY2(error.contains("the formula 'x +': at character 4"), qPrintable(error));
    }

    // A teacher hides the controls a class does not need today; the file keeps the choice, by
    // keys that do not change with the captions.
    void hiddenControlsTravelWithTheDocument()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.show();
        auto control = [](MainWindow &m, const QString &key) { // in the Points page
            return m.findChild<QStackedWidget *>()
                ->widget(MainWindow::PointsMode)
                ->findChild<QWidget *>("control:" + key);
        };
        for (const QString key : {"learningRate", "noise", "features", "speed", "problemType"})
            QVERIFY2(control(w, key) && control(w, key)->isVisible(), qPrintable(key));
        w.setHiddenControls({"learningRate", "noise", "features"});
        QVERIFY(!control(w, "learningRate")->isVisible());
        QVERIFY(!control(w, "noise")->isVisible());
        QVERIFY(!control(w, "features")->isVisible());
        for (QLabel *caption : w.findChildren<QLabel *>()) // no caption left over the hidden toggles
            QVERIFY(!(caption->isVisible() && caption->text().compare("Features", Qt::CaseInsensitive) == 0));
        QVERIFY(control(w, "activation")->isVisible());
        QCOMPARE(w.hiddenControls(), (QStringList {"learningRate", "noise", "features"}));

        QString error;
        const QString path = dir.filePath("class.deepscope");
        QVERIFY2(w.saveFile(path, &error), qPrintable(error));
        MainWindow other;
        other.show();
        QVERIFY2(other.openFile(path, &error), qPrintable(error));
        QVERIFY(!control(other, "learningRate")->isVisible());
        QVERIFY(control(other, "activation")->isVisible());
        other.setHiddenControls({});
        QVERIFY(control(other, "learningRate")->isVisible());
        // Files from before the keys named controls by their captions: the same controls hide.
        other.setHiddenControls({"Learning rate", "Noise"});
        QVERIFY(!control(other, "learningRate")->isVisible() && !control(other, "noise")->isVisible());
        QCOMPARE(other.hiddenControls(), (QStringList {"learningRate", "noise"}));

        QJsonObject bad = documentToJson(w.document());
        bad["hiddenControls"] = "Noise";
        QVERIFY(!documentFromJson(bad, &error));
        QVERIFY2(error.contains("'hiddenControls' must be a list"), qPrintable(error));
    }

    // The Images mode's controls hide too, under keys of their own ("images.speed" is not the
    // Points mode's speed), and travel with the document.
    void imagesControlsHide()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.show();
        w.showMode(MainWindow::ImagesMode);
        auto control = [](MainWindow &m, int mode, const QString &key) {
            return m.findChild<QStackedWidget *>()->widget(mode)->findChild<QWidget *>("control:" + key);
        };
        for (const QString key : {"learningRate", "optimizer", "batch", "epochs", "augment", "backend", "dataSet",
                 "presets", "layers", "charts", "filters", "predictionsAndMaps", "speed", "seed"})
            QVERIFY2(control(w, MainWindow::ImagesMode, key) && control(w, MainWindow::ImagesMode, key)->isVisible(),
                qPrintable(key));
        // One name of the old kind ("Images: Speed") among the keys: it still names its control.
        w.setHiddenControls({"images.layers", "Images: Speed", "learningRate"});
        QVERIFY(!control(w, MainWindow::ImagesMode, "layers")->isVisible());
        QVERIFY(!control(w, MainWindow::ImagesMode, "speed")->isVisible());
        QVERIFY(control(w, MainWindow::ImagesMode, "learningRate")->isVisible()); // the Points one is hidden
        w.showMode(MainWindow::PointsMode);
        QVERIFY(control(w, MainWindow::PointsMode, "speed")->isVisible());
        QVERIFY(!control(w, MainWindow::PointsMode, "learningRate")->isVisible());
        // The menu lists the Images mode's by their captions, in a section of their own.
        QStringList menu;
        for (QAction *a : w.findChildren<QAction *>())
            if (a->isCheckable() && a->data().toString().startsWith("images."))
                menu << a->text();
        QVERIFY2(menu.contains("Layers") && menu.contains("Filters"), qPrintable(menu.join(", ")));

        QString error;
        const QString path = dir.filePath("images-class.deepscope");
        QVERIFY2(w.saveFile(path, &error), qPrintable(error));
        MainWindow other;
        other.show();
        QVERIFY2(other.openFile(path, &error), qPrintable(error));
        QStringList hidden = other.hiddenControls();
        hidden.sort();
        QCOMPARE(hidden, (QStringList {"images.layers", "images.speed", "learningRate"}));
        other.showMode(MainWindow::ImagesMode);
        QVERIFY(!control(other, MainWindow::ImagesMode, "layers")->isVisible());
    }

    // The Layer view draws as soon as it is opened, even with training paused.
    void layerViewDrawsWhenPaused()
    {
        MainWindow w;
        w.show();
        w.setConfig(xor4());
        QVERIFY(waitForSnapshot(w, [](const Snapshot &s) { return s.columnSizes.size() == 3; }));
        auto *view = w.outputPanel()->findChild<widgets::LayerProjection *>();
        QVERIFY(view->projection().points.empty());
        auto *tabs = view->parentWidget()->parentWidget()->parentWidget();
        auto *charts = qobject_cast<QTabWidget *>(tabs);
        QVERIFY(charts);
        charts->setCurrentIndex(2);
        QVERIFY(!view->projection().points.empty());
    }

    // The Inside tab charts the learning rate the schedule gives each epoch (a step schedule
    // halves it every 10 epochs here), and shows the weights of every layer when chosen, paused.
    void insideShowsTheScheduleAndTheWeights()
    {
        MainWindow w;
        w.show();
        PlaygroundConfig c = xor4();
        c.epochsPerSecond = 0;
        c.learningRate = 0.1f;
        c.schedule.kind = ScheduleKind::Step;
        c.schedule.stepEpochs = 10;
        c.schedule.gamma = 0.5;
        w.setConfig(c);
        QVERIFY(waitForSnapshot(w, [&](const Snapshot &s) { return *s.config == c && s.epoch == 0; }));
        w.trainAndWait(40);
        const auto rates = w.outputPanel()->learningRateChart()->history();
        QCOMPARE(int(rates.size()), 1);
        QVERIFY(rates[0].size() >= 5);
        for (const QPointF &p : rates[0])
            QCOMPARE(float(p.y()), float(0.1 * std::pow(0.5, std::floor(p.x() / 10))));
        QCOMPARE(float(rates[0].last().y()), 0.1f / 16);

        w.outputPanel()->tabs()->setCurrentIndex(3);
        w.outputPanel()->insideChoice()->setCurrentIndex(2);
        const widgets::WeightHistograms *weights = w.outputPanel()->weightHistograms();
        QVERIFY(weights->isVisible());
        QCOMPARE(weights->layerCount(), 2); // the hidden layer and the output
        int counted = 0;
        for (int b : weights->counts(0))
            counted += b;
        QCOMPARE(counted, 2 * 4); // two features to four neurons

        // The Log scale box sets the Loss chart's axis: it shows with that chart only.
        QCheckBox *log = nullptr;
        for (QCheckBox *box : w.outputPanel()->findChildren<QCheckBox *>())
            if (box->text() == "Log scale")
                log = box;
        QVERIFY(log && !log->isVisible());
        w.outputPanel()->tabs()->setCurrentIndex(0);
        QVERIFY(log->isVisible());
    }
};

QTEST_MAIN(TestClassroom)
#include "tst_classroom.moc"

// The bundled lessons (resources/lessons/): each opens from the Lessons menu with its text beside
// it, trains in the window, and shows what its text promises, step by step as the text tells a
// student to go. The numbers the text quotes are checked here: change a lesson, keep this true.
#include "controls/trainingbar.h"
#include "core/downloadcatalog.h"
#include "backends.h"
#include "images.h"
#include "images/cnnpresets.h"
#include "images/cnnview.h"
#include "lessons/lessonpanel.h"
#include "lessons/startpage.h"
#include "losschart.h"
#include "points/controlbar.h"
#include "points/outputpanel.h"
#include "points/racepanel.h"
#include "weighthistograms.h"
#include "window/mainwindow.h"

#include "openlesson.h"
#include "patience.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolButton>

#include <cmath>

using namespace ds;
using namespace ds::app;
using ds::widgets::WeightHistograms;

namespace {

// Trains `epochs` more epochs and returns the snapshot painted at the end.
const Snapshot &train(MainWindow &w, long epochs)
{
    w.trainAndWait(epochs);
    return *w.lastSnapshot();
}

// Changes the playground as a student would through the controls, then starts it again.
void editAndReset(MainWindow &w, const std::function<void(PlaygroundConfig &)> &edit)
{
    PlaygroundConfig c = w.config();
    edit(c);
    w.setConfig(c);
    QVERIFY(QTest::qWaitFor([&] { return w.lastSnapshot() && *w.lastSnapshot()->config == c; }, 10000));
    const auto before = w.lastSnapshot();
    w.controlBar()->trainingBar()->resetButton()->click();
    QVERIFY(QTest::qWaitFor([&] { return w.lastSnapshot() != before && w.lastSnapshot()->epoch == 0; }, 10000));
}

QString metrics(const Snapshot &s)
{
    return QString("epoch %1: training loss %2, test loss %3, test accuracy %4")
        .arg(s.epoch)
        .arg(s.train.loss)
        .arg(s.test.loss)
        .arg(s.test.accuracy);
}


// CIFAR-10's layout (cifar-10-batches-bin/, five training batches and a test batch of records:
// a label byte, then the red, green and blue planes) with generated photos: class c is a grating
// at angle (c mod 5) * 36 degrees, light against dark for c < 5 and blue against yellow for the
// rest, at random frequency, phase, low contrast and brightness, under strong noise (so that it
// stays hard to learn, as photos are, and the first layer keeps learning). Written into the
// data-set cache as a finished download leaves it. The real set cannot be fetched by a test.
void writeGratingsAsCifar(const QString &folder, int perBatch, int testCount)
{
    QVERIFY(QDir().mkpath(folder + "/cifar-10-batches-bin"));
    quint64 state = 12345;
    auto uniform = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(state >> 11) / double(1ULL << 53);
    };
    auto batch = [&](int count) {
        QByteArray b;
        for (int i = 0; i < count; ++i) {
            const int label = int(uniform() * 10) % 10;
            const double angle = (label % 5) * M_PI / 5, frequency = 0.08 + 0.1 * uniform();
            const double phase = 2 * M_PI * uniform(), contrast = 0.03 + 0.04 * uniform(), base = 0.4 + 0.2 * uniform();
            const bool opponent = label >= 5;
            QByteArray planes(3 * 1024, '\0');
            for (int y = 0; y < 32; ++y)
                for (int x = 0; x < 32; ++x) {
                    const double s
                        = contrast * std::sin(2 * M_PI * frequency * (x * std::cos(angle) + y * std::sin(angle)) + phase);
                    // Colour edges are fainter than light ones, in photos as here.
                    const double rgb[3] = {
                        base + (opponent ? 0.75 * s : s), base + (opponent ? 0.75 * s : s), opponent ? base - 0.75 * s : base + s};
                    const double light = 0.3 * (uniform() - 0.5); // noise in the light and in each colour
                    for (int c = 0; c < 3; ++c) {
                        const double v = std::clamp(rgb[c] + light + 0.3 * (uniform() - 0.5), 0.0, 1.0);
                        planes[c * 1024 + y * 32 + x] = char(int(std::lround(v * 255)));
                    }
                }
            b.append(char(label));
            b.append(planes);
        }
        return b;
    };
    auto write = [&](const QString &name, const QByteArray &bytes) {
        QFile f(folder + "/" + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    };
    for (int i = 1; i <= 5; ++i)
        write(QString("cifar-10-batches-bin/data_batch_%1.bin").arg(i), batch(perBatch));
    write("cifar-10-batches-bin/test_batch.bin", batch(testCount));
    QVERIFY(markComplete(*downloadableSet("cifar10")));
}

// How a set of filters (count, channels, size, size) looks. smoothness: the correlation of
// neighbouring weights (across and down, every channel) averaged over the filters; random weights
// give about 0, smooth patterns near 1. gray: filters whose red, green and blue patterns agree
// (every pair of channels correlated above 0.5); opponent: filters with two channels opposed
// (a pair correlated below -0.3).
struct FilterLook {
    double smoothness = 0;
    int gray = 0, opponent = 0;
};

double correlation(const std::vector<double> &a, const std::vector<double> &b)
{
    double ma = 0, mb = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        ma += a[i] / double(a.size()), mb += b[i] / double(b.size());
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        ab += (a[i] - ma) * (b[i] - mb), aa += (a[i] - ma) * (a[i] - ma), bb += (b[i] - mb) * (b[i] - mb);
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

FilterLook lookAt(const Filters &f)
{
    FilterLook look;
    const int k = f.size, plane = k * k;
    for (int n = 0; n < f.count; ++n) {
        const float *w = f.weights.data() + std::size_t(n) * f.channels * plane;
        std::vector<double> first, second;
        for (int c = 0; c < f.channels; ++c)
            for (int y = 0; y < k; ++y)
                for (int x = 0; x < k; ++x) {
                    if (x + 1 < k)
                        first.push_back(w[c * plane + y * k + x]), second.push_back(w[c * plane + y * k + x + 1]);
                    if (y + 1 < k)
                        first.push_back(w[c * plane + y * k + x]), second.push_back(w[c * plane + (y + 1) * k + x]);
                }
        look.smoothness += correlation(first, second) / f.count;
        if (f.channels != 3)
            continue;
        std::vector<double> rgb[3];
        for (int c = 0; c < 3; ++c)
            rgb[c].assign(w + c * plane, w + (c + 1) * plane);
        const double pairs[3] = {correlation(rgb[0], rgb[1]), correlation(rgb[0], rgb[2]), correlation(rgb[1], rgb[2])};
        look.gray += *std::min_element(pairs, pairs + 3) > 0.5 ? 1 : 0;
        look.opponent += *std::min_element(pairs, pairs + 3) < -0.3 ? 1 : 0;
    }
    return look;
}
} // namespace

class TestLessons : public QObject {
    Q_OBJECT

private slots:
    // Every bundled lesson loads, is listed in the Lessons menu and on the start page, and Next
    // walks through them in order.
    void libraryMenuAndStartPage()
    {
        const std::vector<LessonEntry> lessons = bundledLessons();
        QVERIFY(lessons.size() >= 11);
        MainWindow w;
        w.show();
        QMenu *menu = nullptr;
        for (QAction *a : w.menuBar()->actions())
            if (a->text() == "&Lessons")
                menu = a->menu();
        QVERIFY(menu);
        int listed = 0;
        for (QAction *a : menu->actions())
            listed += a->text().contains("  ") ? 1 : 0;
        QCOMPARE(listed, int(lessons.size()));
        StartPage page(lessons);
        QCOMPARE(page.list()->count(), int(lessons.size()));

        QVERIFY(w.openLesson(0));
        QPushButton *nextButton = nullptr;
        for (QPushButton *b : w.lessonPanel()->findChildren<QPushButton *>())
            if (b->text().startsWith("Next"))
                nextButton = b;
        QVERIFY(nextButton);
        nextButton->click();
        QCOMPARE(w.lesson().title, lessons[1].document.lesson.title);
        QCOMPARE(w.config(), lessons[1].document.points);
        // A new playground has no lesson: the panel goes.
        w.setDocument(PlaygroundDocument {});
        QVERIFY(w.lesson().empty());
        QVERIFY(!w.lessonPanel()->isVisible());
    }

    // The steps are numbered paragraphs, not a list: Qt lays a list out in time quadratic in its
    // items, and a lesson of 20,000 steps took 10 s to open (100,000: minutes).
    void stepsAreNumberedParagraphs()
    {
        Lesson lesson;
        lesson.title = "Steps";
        lesson.text = "One paragraph.";
        lesson.steps = {"first", "second", "third"};
        LessonPanel panel;
        panel.showLesson(lesson, -1, 0);
        const QString text = panel.text();
        QVERIFY2(text.contains("1.  first\n"), qPrintable(text)); // toPlainText writes &nbsp; as spaces
        QVERIFY2(text.endsWith("3.  third"), qPrintable(text));
        auto *body = panel.findChild<QTextBrowser *>();
        QVERIFY(body);
        for (QTextBlock b = body->document()->begin(); b.isValid(); b = b.next())
            QVERIFY2(!b.textList(), qPrintable(b.text()));
    }

    void aLineIsNotEnough()
    {
        MainWindow w;
        w.show();
        openLesson(w, "A line is not enough");
        const Snapshot &line = train(w, 300);
        QVERIFY2(line.test.accuracy < 0.75f, qPrintable(metrics(line)));
        editAndReset(w, [](PlaygroundConfig &c) { c.hiddenLayers = {4}; });
        const Snapshot &hidden = train(w, 300);
        QVERIFY2(hidden.test.accuracy > 0.95f, qPrintable(metrics(hidden)));
    }

    void featuresDoTheWork()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Features do the work");
        const Snapshot &squares = train(w, 100);
        QVERIFY2(squares.test.accuracy > 0.95f, qPrintable(metrics(squares)));
        editAndReset(w, [](PlaygroundConfig &c) { c.features = data::X1 | data::X2; });
        const Snapshot &line = train(w, 300);
        QVERIFY2(line.test.accuracy < 0.75f, qPrintable(metrics(line)));
        editAndReset(w, [](PlaygroundConfig &c) { c.hiddenLayers = {4}; });
        const Snapshot &hidden = train(w, 500);
        QVERIFY2(hidden.test.accuracy > 0.9f, qPrintable(metrics(hidden)));
    }

    void theSpiral()
    {
        MainWindow w;
        w.show();
        openLesson(w, "The spiral");
        const Snapshot &plain = train(w, 1000);
        const float plainAccuracy = plain.test.accuracy;
        editAndReset(w, [](PlaygroundConfig &c) { c.features |= data::SinX1 | data::SinX2; });
        const Snapshot &waves = train(w, 1000);
        QVERIFY2(waves.test.accuracy > 0.95f, qPrintable(metrics(waves)));
        QVERIFY(waves.test.accuracy > plainAccuracy);
    }

    void learningRateTooSmall()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Learning rate: too small");
        const float start = train(w, 0).train.loss;
        const Snapshot &slow = train(w, 300);
        QVERIFY2(slow.train.loss > 0.9f * start, qPrintable(metrics(slow) + " from " + QString::number(start)));
        PlaygroundConfig c = w.config();
        c.learningRate = 0.03f; // keeps playing from where it is
        w.setConfig(c);
        const Snapshot &fast = train(w, 100);
        QVERIFY2(fast.train.loss < 0.5f * start, qPrintable(metrics(fast)));
    }

    void learningRateTooLarge()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Learning rate: too large");
        const Snapshot &blown = train(w, 20);
        QVERIFY2(blown.diverged && QString::fromStdString(blown.message).contains("diverged"),
            qPrintable(QString::fromStdString(blown.message)));
        editAndReset(w, [](PlaygroundConfig &c) { c.learningRate = 0.03f; });
        const Snapshot &fits = train(w, 300);
        QVERIFY2(!fits.diverged && fits.test.loss < 0.01f, qPrintable(metrics(fits)));
    }

    // The loss zigzags with a batch of one and runs smooth with thirty.
    void batchSizeAndNoise()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Batch size and noise");
        auto jaggedness = [&] {
            double total = 0.0, last = train(w, 20).train.loss;
            for (int e = 0; e < 40; ++e) {
                const double loss = train(w, 1).train.loss;
                total += std::abs(loss - last);
                last = loss;
            }
            return total / 40.0;
        };
        const double one = jaggedness();
        editAndReset(w, [](PlaygroundConfig &c) { c.batchSize = 30; });
        const double thirty = jaggedness();
        QVERIFY2(one > 2.0 * thirty, qPrintable(QString("mean change per epoch %1 vs %2").arg(one).arg(thirty)));
        editAndReset(w, [](PlaygroundConfig &c) { c.noisePercent = 0; });
        const Snapshot &clean = train(w, 200);
        QVERIFY2(clean.test.accuracy > 0.99f, qPrintable(metrics(clean)));
    }

    void overfitting()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Overfitting, and how regularization helps");
        // The Inside tab's weight histograms: each layer's spread (σ), as printed beside its row.
        w.outputPanel()->tabs()->setCurrentIndex(3);
        w.outputPanel()->insideChoice()->setCurrentIndex(2);
        auto spreads = [&] {
            // Set while the last snapshot was painted (train() returns once it was): no wait.
            const WeightHistograms *h = w.outputPanel()->weightHistograms();
            std::vector<float> out;
            for (int l = 0; l < h->layerCount(); ++l)
                out.push_back(h->spread(l));
            return out;
        };
        const Snapshot &free = train(w, 1500);
        QVERIFY2(free.test.loss - free.train.loss > 0.3f, qPrintable(metrics(free)));
        const float freeTestLoss = free.test.loss;
        const std::vector<float> freeSpreads = spreads();
        editAndReset(w, [](PlaygroundConfig &c) {
            c.regularization = Regularization::L2;
            c.regularizationRate = 0.03f;
        });
        const Snapshot &l2 = train(w, 1500);
        QVERIFY2(
            l2.test.loss < 0.8f * freeTestLoss, qPrintable(metrics(l2) + " before " + QString::number(freeTestLoss)));
        const std::vector<float> l2Spreads = spreads();
        if (qEnvironmentVariableIsSet("DS_SCREENSHOTS")) { // the histograms as a student sees them
            w.resize(1600, 1000);
            QTest::qWait(300);
            w.grab().save(qEnvironmentVariable("DS_SCREENSHOTS") + "/overfitting-l2-weights.png");
        }
        QCOMPARE(int(l2Spreads.size()), 4); // three hidden layers and the output
        QCOMPARE(l2Spreads.size(), freeSpreads.size());
        for (std::size_t l = 0; l < l2Spreads.size(); ++l) {
            qInfo("layer %d: weights' σ %.3f without L2, %.3f with", int(l + 1), freeSpreads[l], l2Spreads[l]);
            QVERIFY(l2Spreads[l] < 0.8f * freeSpreads[l]);
        }
    }

    // Under L1 the weights from the five features the circle does not need fade next to those
    // from X1² and X2²; without it they stay; at a rate far too high everything goes.
    void l1MakesWeightsSparse()
    {
        MainWindow w;
        w.show();
        openLesson(w, "L1 makes weights sparse");
        // Mean |weight| from the unneeded features, and from X1² and X2².
        auto meanSizes = [&](const Snapshot &s) {
            const std::vector<float> &first = s.weights[0]; // features x output
            const int units = s.columnSizes[1];
            double unused = 0.0, used = 0.0;
            for (int f = 0; f < 7; ++f)
                for (int u = 0; u < units; ++u)
                    (f == 2 || f == 3 ? used : unused) += std::abs(first[std::size_t(f * units + u)]);
            return std::pair {unused / (5.0 * units), used / (2.0 * units)};
        };
        const Snapshot &l1 = train(w, 500);
        QVERIFY2(l1.test.accuracy > 0.95f, qPrintable(metrics(l1)));
        const auto [sparse, kept] = meanSizes(l1);
        editAndReset(w, [](PlaygroundConfig &c) { c.regularization = Regularization::None; });
        const auto [dense, keptWithout] = meanSizes(train(w, 500));
        qInfo("mean |weight| of the five unneeded features: %g with L1, %g without (X1², X2²: %g, %g)", sparse, dense,
            kept, keptWithout);
        QVERIFY2(
            sparse < 0.02 && dense > 5 * sparse && kept > 1.0, qPrintable(QString("%1 vs %2").arg(sparse).arg(dense)));
        editAndReset(w, [](PlaygroundConfig &c) {
            c.regularization = Regularization::L1;
            c.regularizationRate = 0.3f;
        });
        const Snapshot &crushed = train(w, 500);
        QVERIFY2(crushed.test.accuracy < 0.75f, qPrintable(metrics(crushed)));
    }

    // Three copies from the same start on the same batches: at 100 epochs SGD has hardly moved
    // while momentum and Adam are done; SGD gets there by 300. Over three seeds.
    void optimizersRace()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Optimizers race");
        QCOMPARE(w.config().race, (std::vector<OptimizerKind> {OptimizerKind::Momentum, OptimizerKind::Adam}));
        RacePanel *race = w.outputPanel()->racePanel();
        QVERIFY(race->box(OptimizerKind::Adam)->isChecked() && !race->box(OptimizerKind::Sgd)->isEnabled());
        for (std::uint64_t seed : {1, 2, 3}) {
            editAndReset(w, [&](PlaygroundConfig &c) { c.seed = seed; });
            const Snapshot &at100 = train(w, 100);
            QCOMPARE(int(at100.race.size()), 2);
            const float sgd = at100.train.loss, momentum = at100.race[0].train.loss, adam = at100.race[1].train.loss;
            qInfo(
                "seed %d, epoch 100: training loss sgd %.3f, momentum %.3f, adam %.3f", int(seed), sgd, momentum, adam);
            QVERIFY(sgd > 0.6f && momentum < 0.1f && adam < 0.1f);
            const Snapshot &at300 = train(w, 200);
            QVERIFY2(at300.train.loss < 0.25f, qPrintable(metrics(at300)));
        }
        // The Race tab drew a line per optimizer.
        QCOMPARE(race->chart()->seriesCount(), 3);
        QVERIFY(race->chart()->pointCount() > 10);
        if (qEnvironmentVariableIsSet("DS_SCREENSHOTS")) {
            w.resize(1600, 1000);
            w.outputPanel()->tabs()->setCurrentIndex(4);
            QTest::qWait(300);
            w.grab().save(qEnvironmentVariable("DS_SCREENSHOTS") + "/optimizers-race.png");
        }
        // Ticking another optimizer starts the race again, with it.
        race->box(OptimizerKind::RmsProp)->click();
        QVERIFY(
            QTest::qWaitFor([&] { return w.lastSnapshot()->race.size() == 3 && w.lastSnapshot()->epoch == 0; }, 10000));
        QCOMPARE(race->chart()->seriesCount(), 4);
    }

    void regressionSurfaces()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Regression: fitting a surface");
        const Snapshot &plane = train(w, 500);
        QVERIFY2(plane.test.loss > 0.08f, qPrintable(metrics(plane)));
        editAndReset(w, [](PlaygroundConfig &c) { c.hiddenLayers = {8, 8}; });
        const Snapshot &surface = train(w, 500);
        QVERIFY2(surface.test.loss < 0.035f, qPrintable(metrics(surface)));
    }

    // A deep sigmoid network's first layers get thousands of times less gradient than its last;
    // with ReLU the gradients reach them and the circle is learnt.
    void vanishingGradients()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Vanishing gradients");
        auto firstOverLast = [](const Snapshot &s) {
            return double(s.layerStats.front().gradientRms) / double(s.layerStats.back().gradientRms);
        };
        const Snapshot &sigmoid = train(w, 100);
        QCOMPARE(int(sigmoid.layerStats.size()), 9);
        // DS_SCREENSHOTS=DIR: the Inside tab as a student sees it, for looking at.
        if (qEnvironmentVariableIsSet("DS_SCREENSHOTS")) {
            w.resize(1600, 1000);
            w.outputPanel()->tabs()->setCurrentIndex(3);
            QTest::qWait(300);
            w.grab().save(qEnvironmentVariable("DS_SCREENSHOTS") + "/vanishing-sigmoid.png");
        }
        const double vanishing = firstOverLast(sigmoid);
        qInfo("sigmoid: first / output layer gradient %g, %s", vanishing, qPrintable(metrics(sigmoid)));
        QVERIFY2(vanishing < 1e-3 && sigmoid.test.accuracy < 0.75f, qPrintable(metrics(sigmoid)));
        editAndReset(w, [](PlaygroundConfig &c) { c.activation = ActivationKind::Relu; });
        const Snapshot &relu = train(w, 100);
        const double flowing = firstOverLast(relu);
        qInfo("relu: first / output layer gradient %g, %s", flowing, qPrintable(metrics(relu)));
        QVERIFY2(flowing > 100 * vanishing && relu.test.accuracy > 0.9f, qPrintable(metrics(relu)));
        // The Inside tab has a line per layer.
        QCOMPARE(w.outputPanel()->gradientChart()->seriesCount(), 9);
        if (qEnvironmentVariableIsSet("DS_SCREENSHOTS")) {
            QTest::qWait(300);
            w.grab().save(qEnvironmentVariable("DS_SCREENSHOTS") + "/vanishing-relu.png");
        }
        editAndReset(w, [](PlaygroundConfig &c) { c.activation = ActivationKind::Tanh; });
        const Snapshot &tanh = train(w, 300);
        qInfo("tanh: first / output layer gradient %g, %s", firstOverLast(tanh), qPrintable(metrics(tanh)));
        QVERIFY2(tanh.test.accuracy > 0.9f, qPrintable(metrics(tanh)));
    }

    // Sixteen tanh layers: plain, the first layers' gradient fades in most starts and the spiral
    // is learnt in part; with skip connections it reaches them nearly whole and every start
    // learns. Over three seeds.
    void residualConnections()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Residual connections");
        struct Run {
            double meanAccuracy = 0.0, worstAccuracy = 1.0;
            int faded = 0; // starts whose first layer gets under 1/1000 of the output layer's gradient
            double smallestRatio = 1e9;
        };
        auto measure = [&](bool residual) {
            Run run;
            for (std::uint64_t seed : {1, 2, 3}) {
                editAndReset(w, [&](PlaygroundConfig &c) {
                    c.seed = seed;
                    c.residual = residual;
                });
                const Snapshot &s = train(w, 300);
                const double ratio = double(s.layerStats.front().gradientRms) / double(s.layerStats.back().gradientRms);
                qInfo("%s, seed %d: first / output layer gradient %.2g, %s", residual ? "residual" : "plain", int(seed),
                    ratio, qPrintable(metrics(s)));
                run.meanAccuracy += double(s.test.accuracy) / 3;
                run.worstAccuracy = std::min(run.worstAccuracy, double(s.test.accuracy));
                run.faded += ratio < 1e-3;
                run.smallestRatio = std::min(run.smallestRatio, ratio);
            }
            return run;
        };
        const Run plain = measure(false), residual = measure(true);
        QVERIFY(plain.faded >= 2);
        QVERIFY(residual.smallestRatio > 0.1);
        QVERIFY(residual.worstAccuracy > 0.8 && residual.worstAccuracy > plain.worstAccuracy + 0.2);
        QVERIFY(residual.meanAccuracy > plain.meanAccuracy + 0.1);
        QVERIFY(w.controlBar()->findChild<QWidget *>("control:connections"));
        if (qEnvironmentVariableIsSet("DS_SCREENSHOTS")) {
            w.resize(1600, 1000);
            w.outputPanel()->tabs()->setCurrentIndex(3);
            QTest::qWait(300);
            w.grab().save(qEnvironmentVariable("DS_SCREENSHOTS") + "/residual.png");
        }
    }

    // Through ten ReLU layers the signal's spread shrinks about 130-fold under Xavier, 800-fold
    // under uniform ±0.5 and 5-fold under He, whose first epoch alone brings the loss down; all
    // zeros never learns. Over three seeds, as a width of 8 makes one start noisy.
    void initializationAndDepth()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Initialization and depth");
        QCOMPARE(w.config().init, InitKind::Xavier);
        struct Start {
            double spreadKept = 1.0; // geometric mean of the 10th hidden layer's spread over the 1st's
            double lossAfterOne = 0.0; // mean test loss after the first epoch
        };
        auto measure = [&](InitKind init) {
            Start out;
            for (std::uint64_t seed : {1, 2, 3}) {
                editAndReset(w, [&](PlaygroundConfig &c) {
                    c.init = init;
                    c.seed = seed;
                });
                const std::vector<LayerStatistics> &start = w.lastSnapshot()->layerStats;
                if (start.size() != 11)
                    return Start {};
                out.spreadKept *= std::cbrt(double(start[9].activationStd) / double(start[0].activationStd));
                out.lossAfterOne += double(train(w, 1).test.loss) / 3;
            }
            qInfo("init %s: spread kept %.4f, test loss after an epoch %.3f", nameOf(init).c_str(), out.spreadKept,
                out.lossAfterOne);
            return out;
        };
        w.outputPanel()->tabs()->setCurrentIndex(3);
        w.outputPanel()->insideChoice()->setCurrentIndex(1);
        // "A hundred times below" can be read off the chart only on a log axis.
        QVERIFY(w.outputPanel()->spreadChart()->logScale());
        const Start xavier = measure(InitKind::Xavier), uniform = measure(InitKind::Uniform),
                    he = measure(InitKind::He);
        if (qEnvironmentVariableIsSet("DS_SCREENSHOTS")) { // the spread by layer under He, after its epoch
            w.resize(1600, 1000);
            train(w, 10);
            QTest::qWait(300);
            w.grab().save(qEnvironmentVariable("DS_SCREENSHOTS") + "/init-he-spread.png");
        }
        QVERIFY2(xavier.spreadKept > 0.002 && xavier.spreadKept < 0.03, qPrintable(QString::number(xavier.spreadKept)));
        QVERIFY(uniform.spreadKept < xavier.spreadKept / 2);
        QVERIFY(he.spreadKept > 3 * xavier.spreadKept);
        QVERIFY(uniform.lossAfterOne > 0.95 && xavier.lossAfterOne > 0.95);
        QVERIFY(he.lossAfterOne < 0.85 && he.lossAfterOne < xavier.lossAfterOne);
        // Zeros: every neuron the same, no gradient through the ReLUs, the loss where it began.
        editAndReset(w, [](PlaygroundConfig &c) { c.init = InitKind::Zeros; });
        const Snapshot &zeros = train(w, 30);
        QVERIFY2(zeros.test.loss > 0.99f && zeros.test.accuracy < 0.6f, qPrintable(metrics(zeros)));
        QVERIFY(w.controlBar()->findChild<QWidget *>("control:initialization"));
    }

    void lenetOnMnist()
    {
        MainWindow w;
        w.show();
        openLesson(w, "LeNet-5 on handwritten digits");
        QCOMPARE(w.mode(), int(MainWindow::ImagesMode));
        QCOMPARE(w.cnnView()->config().preset, std::string("LeNet-5"));
        QVERIFY(w.cnnView()->trainAndWait(1));
        const auto report = w.cnnView()->lastSnapshot()->report;
        QVERIFY(report);
        QVERIFY2(report->metrics.accuracy > 0.9f, qPrintable(QString::number(report->metrics.accuracy)));
        // Step 2: Top patches shows each filter beside the eight test windows it answers most, all
        // on strokes (the filters themselves are still hard to read after an epoch).
        auto *toggle = w.cnnView()->findChild<QCheckBox *>("topPatches");
        QVERIFY(toggle);
        toggle->click();
        QTRY_VERIFY_WITH_TIMEOUT(w.cnnView()->lastSnapshot()->patches, deepscope::test::patience(60000));
        const TopPatches &top = *w.cnnView()->lastSnapshot()->patches;
        QCOMPARE(top.filters, 6);
        QCOMPARE(top.perFilter, 8);
        const std::size_t patch = std::size_t(top.channels) * top.size * top.size;
        int onStrokes = 0;
        float leastBrightest = 1.0f;
        for (int k = 0; k < top.filters * top.perFilter; ++k) {
            const float *p = top.pixels.data() + std::size_t(k) * patch;
            const float brightest = *std::max_element(p, p + patch);
            leastBrightest = std::min(leastBrightest, brightest);
            onStrokes += brightest > 0.5f ? 1 : 0;
        }
        QVERIFY2(onStrokes == top.filters * top.perFilter,
            qPrintable(QString("%1 of %2 windows hold a stroke (the dimmest's brightest pixel %3)")
                           .arg(onStrokes)
                           .arg(top.filters * top.perFilter)
                           .arg(leastBrightest)));
    }

    // The lesson's steps at the lesson's seed, through the window as a student goes.
    void transferLearning()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Transfer learning");
        CnnView *view = w.cnnView();
        QVERIFY(view->config().keepWeights);
        // 1. "after 3 epochs about 98 of 100 test digits are right"
        QVERIFY(view->trainAndWait(3));
        const float digits = view->lastSnapshot()->report->metrics.accuracy;
        QVERIFY2(digits > 0.96f, qPrintable(QString::number(digits)));
        // 2. Inverted, train on 300: "only about 1 in 6 right"
        view->findChild<QCheckBox *>("invert")->setChecked(true);
        auto *trainOn = view->findChild<QComboBox *>("trainImages");
        trainOn->setCurrentIndex(trainOn->findData(300));
        emit trainOn->activated(trainOn->currentIndex());
        QTRY_VERIFY_WITH_TIMEOUT(view->lastSnapshot()->updates == 0 && view->lastSnapshot()->report
                && view->dataTrainCount() == 300,
            60000);
        const float before = view->lastSnapshot()->report->metrics.accuracy;
        QVERIFY2(before < 0.3f, qPrintable(QString::number(before)));
        // 3. "3 epochs on the 300 inverted digits bring it to about 85 of 100"
        QVERIFY(view->trainAndWait(3));
        const float tuned = view->lastSnapshot()->report->metrics.accuracy;
        QVERIFY2(tuned > 0.8f, qPrintable(QString::number(tuned)));
        // 4. Reset and play: "about 80 of 100: several fewer"
        view->reset();
        QTRY_VERIFY_WITH_TIMEOUT(view->lastSnapshot()->epoch == 0 && view->lastSnapshot()->updates == 0, 60000);
        QVERIFY(view->trainAndWait(3));
        const float scratch = view->lastSnapshot()->report->metrics.accuracy;
        qInfo("digits %.3f; inverted before %.3f; fine-tuned %.3f; from scratch %.3f", digits, before, tuned, scratch);
        QVERIFY2(scratch > 0.7f && scratch < tuned - 0.02f,
            qPrintable(QString("fine-tuned %1, from scratch %2").arg(tuned).arg(scratch)));
    }

    // The same comparison at other seeds, through the sessions (the lesson's claim is about
    // transfer, not one lucky start): fine-tuning wins at every seed, by 4 points on average.
    void transferLearningHoldsAtOtherSeeds()
    {
        auto cpu = createBackend("cpu");
        const data::ImageSet digits = data::loadBundledMnist();
        float gap = 0.0f;
        for (std::uint64_t seed : {2, 3, 4}) {
            ImagesConfig config;
            config.seed = seed;
            config.epochs = 3;
            for (const CnnPreset &p : cnnPresets({1, 28, 28}, 10))
                if (p.name == "LeNet-5")
                    config.spec = p.spec;
            const ImageSessionConfig session = config.sessionConfig(false);
            const data::ImageSplit split = data::splitBundledMnist(digits, 0.1, 1);
            ImageSession base(split, session, *cpu);
            base.train(3L * base.updatesPerEpoch());
            data::ImageSplit inverted = split;
            for (data::ImageSet *part : {&inverted.train, &inverted.validation, &inverted.test})
                data::invertImages(*part);
            data::keepFirstImages(inverted.train, 300);
            ImageSession tuned(inverted, session, *cpu);
            tuned.network().setParameters(base.network().parametersToHost());
            tuned.train(3L * tuned.updatesPerEpoch());
            ImageSession scratch(inverted, session, *cpu);
            scratch.train(3L * scratch.updatesPerEpoch());
            const float a = tuned.testReport(0).metrics.accuracy, b = scratch.testReport(0).metrics.accuracy;
            QVERIFY2(a > b, qPrintable(QString("seed %1: fine-tuned %2, from scratch %3").arg(seed).arg(a).arg(b)));
            gap += (a - b) / 3.0f;
        }
        QVERIFY2(gap > 0.04f, qPrintable(QString::number(gap)));
    }

    // "Colour filters from natural images", on generated photos in CIFAR-10's layout (the real set
    // cannot be downloaded here; the note of the session that wrote this lesson says so). Missing,
    // the set is offered for download; there, the filters go from noise to smooth patterns after an
    // epoch, and after three most are oriented and gray or colour-opponent, as the text says.
    void colourFiltersFromNaturalImages()
    {
        QTemporaryDir data;
        qputenv("XDG_DATA_HOME", data.path().toLocal8Bit());
        struct Restore {
            ~Restore() { qunsetenv("XDG_DATA_HOME"); }
        } restore;
        {
            MainWindow w;
            w.show();
            openLesson(w, "Colour filters from natural images");
            auto *getData = w.cnnView()->findChild<QLabel *>("getData");
            QTRY_VERIFY_WITH_TIMEOUT(getData->isVisible(), 30000);
            QVERIFY2(getData->text().contains("Get CIFAR-10 (170 MB)"), qPrintable(getData->text()));
        }
        // Under the sanitizers (several times slower) a smaller set and one epoch: they look for
        // memory and thread errors on the same paths; the numbers are checked in the plain build.
        const bool instrumented = DEEPSCOPE_TEST_SLOWDOWN > 1;
        writeGratingsAsCifar(data.filePath("Deepscope/datasets/cifar10"), instrumented ? 100 : 2000, instrumented ? 100 : 500);
        MainWindow w;
        w.show();
        openLesson(w, "Colour filters from natural images");
        CnnView *view = w.cnnView();
        QTRY_VERIFY_WITH_TIMEOUT(view->dataShape() == (Shape {3, 32, 32}) && view->lastSnapshot()
                && view->lastSnapshot()->filters.count == 32,
            60000);
        // 1. "32 squares of coloured noise"
        const FilterLook before = lookAt(view->lastSnapshot()->filters);
        QVERIFY2(std::abs(before.smoothness) < 0.15, qPrintable(QString::number(before.smoothness)));
        // 2. "Within the first epoch the noise turns smooth"
        QVERIFY(view->trainAndWait(1));
        const FilterLook one = lookAt(view->lastSnapshot()->filters);
        if (instrumented)
            return;
        // 3. "After three epochs: smooth, oriented stripes and edges; some the same in red, green and
        //    blue, others colour-opponent"
        QVERIFY(view->trainAndWait(2));
        const FilterLook three = lookAt(view->lastSnapshot()->filters);
        qInfo("smoothness %.2f -> %.2f -> %.2f; gray %d, opponent %d of 32; test accuracy %.3f", before.smoothness,
            one.smoothness, three.smoothness, three.gray, three.opponent,
            view->lastSnapshot()->report->metrics.accuracy);
        // Measured at the lesson's seed: -0.03, 0.21, 0.55, 5 gray, 13 opponent; at seeds 2 to 4 the
        // filters were smoother sooner (0.52 to 0.63 after one epoch) with 3 gray and 14 to 19 opponent.
        QVERIFY2(one.smoothness > before.smoothness + 0.15, qPrintable(QString::number(one.smoothness)));
        QVERIFY2(three.smoothness > 0.45, qPrintable(QString::number(three.smoothness)));
        QVERIFY2(three.gray >= 2 && three.opponent >= 2, qPrintable(QString("%1 %2").arg(three.gray).arg(three.opponent)));
    }

    void convolutionArithmetic()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Convolution arithmetic");
        QCOMPARE(w.mode(), int(MainWindow::ConvArithmeticMode));
    }
};

QTEST_MAIN(TestLessons)
#include "tst_lessons.moc"

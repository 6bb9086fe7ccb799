// The CNN view offscreen, driven as a user drives it: it loads the bundled digits, trains the
// first preset for an epoch on its thread, and paints the curves, the filters, the predictions,
// the feature maps, the confusion matrix and the mistakes; the layer editor's verdict gates Play;
// a drawn digit gets probabilities.
#include "backends.h"
#include "confusionmatrix.h"
#include "controls/trainingbar.h"
#include "digitcanvas.h"
#include "filtergrid.h"
#include "graphdiagram.h"
#include "imagegallery.h"
#include "landscapemap.h"
#include "controls/landscapepanel.h"
#include "core/downloadcatalog.h"
#include "images/cnnview.h"
#include "images/layereditor.h"
#include "patchgrid.h"
#include "probabilitybars.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "patience.h"

using deepscope::test::patience;

using namespace ds;
using namespace ds::app;
using namespace ds::widgets;

namespace {

// Two classes of four 16×16 pictures, plain red and plain blue, in `dir`.
bool writeColourFolder(const QTemporaryDir &dir)
{
    for (const char *cls : {"red", "blue"})
        for (int i = 0; i < 4; ++i) {
            QDir(dir.path()).mkpath(cls);
            QImage image(16, 16, QImage::Format_RGB32);
            image.fill(QColor(cls));
            if (!image.save(dir.filePath(QString("%1/%2.png").arg(cls).arg(i))))
                return false;
        }
    return true;
}

// A network that trains an epoch of the bundled digits in a moment: one strided convolution.
ImagesConfig smallCnn()
{
    ImagesConfig config;
    config.preset = "";
    config.spec.layers = {LayerSpec::conv(4, 5, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::flatten(),
        LayerSpec::dense(10), LayerSpec::softmax()};
    config.batchSize = 128;
    return config;
}

} // namespace

class TestCnnView : public QObject {
    Q_OBJECT

private slots:
    // Choosing the GPU keeps the network: the same filters after the switch. Without a GPU the
    // choice is refused with the reason shown, and the selector goes back to the CPU.
    // Two documents opened one after the other while the first one's images still load: the
    // layers of the second go with the second's data, whatever order the loads end in.
    void overlappingLoadsKeepTheLastDocument()
    {
        QTemporaryDir dir;
        QVERIFY(writeColourFolder(dir));
        CnnView view;
        ImagesConfig colour = view.config();
        colour.data.source = ImageDataChoice::Folder;
        colour.data.paths = {dir.path()};
        colour.data.channels = 3;
        colour.data.height = colour.data.width = 16;
        colour.data.testFraction = 0.25;
        colour.preset.clear();
        colour.spec.layers = {LayerSpec::conv(2, 3), LayerSpec::flatten(), LayerSpec::dense(2), LayerSpec::softmax()};
        ImagesConfig digits = view.config();
        digits.preset.clear();
        digits.spec.layers = {LayerSpec::conv(3, 5, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::flatten(),
            LayerSpec::dense(10), LayerSpec::softmax()};
        view.setConfig(colour);
        view.setConfig(digits); // before the folder has loaded
        auto *editor = view.findChild<LayerEditor *>();
        QTRY_VERIFY_WITH_TIMEOUT(view.dataShape() == (Shape {1, 28, 28}) && editor->isValid(), patience(60000));
        QTest::qWait(300); // any late load would land here
        QCOMPARE(view.dataShape(), (Shape {1, 28, 28}));
        QCOMPARE(editor->spec().layers, digits.spec.layers);
        QVERIFY(view.config().data == digits.data);
        QCOMPARE(view.config().spec.layers, digits.spec.layers);
    }

    // The data box says where the images came from: a playground with folder data reads "Folder of
    // images…" once loaded, not the bundled digits it showed before.
    void sourceBoxSaysWhereTheImagesCameFrom()
    {
        QTemporaryDir dir;
        QVERIFY(writeColourFolder(dir));
        CnnView view;
        view.show();
        view.start();
        auto *source = view.findChild<QComboBox *>("control:dataSet");
        QVERIFY(source);
        QTRY_VERIFY_WITH_TIMEOUT(view.dataShape() == (Shape {1, 28, 28}), patience(60000));
        QCOMPARE(source->currentText(), QString("MNIST digits (bundled, 10,000)"));
        ImagesConfig colour = view.config();
        colour.data.source = ImageDataChoice::Folder;
        colour.data.paths = {dir.path()};
        colour.data.channels = 3;
        colour.data.height = colour.data.width = 16;
        colour.data.testFraction = 0.25;
        colour.preset.clear();
        colour.spec.layers = {LayerSpec::conv(2, 3), LayerSpec::flatten(), LayerSpec::dense(2), LayerSpec::softmax()};
        view.setConfig(colour);
        QTRY_VERIFY_WITH_TIMEOUT(view.dataShape() == (Shape {3, 16, 16}), patience(60000));
        QCOMPARE(source->currentText(), QString("Folder of images…"));
    }

    void backendSwitchKeepsTheNetwork()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        view.start();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot() && view.lastSnapshot()->filters.count > 0, patience(60000));
        const auto before = view.lastSnapshot();
        auto *box = view.findChild<QComboBox *>("backend");
        QVERIFY(box);
        QCOMPARE(box->currentData().toString(), QString("cpu"));
        const BackendInfo gpu = probeBackends().at(1);
        box->setCurrentIndex(box->findData("cuda"));
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot() != before, patience(5000));
        if (gpu.available) {
            QCOMPARE(box->currentData().toString(), QString("cuda"));
        } else {
            QTRY_COMPARE_WITH_TIMEOUT(box->currentData().toString(), QString("cpu"), patience(5000));
            bool shown = false;
            for (const QLabel *l : view.findChildren<QLabel *>())
                shown = shown || l->text().contains(QString::fromStdString(gpu.reason));
            QVERIFY2(shown, "the reason the GPU is off is not shown");
        }
        const auto &a = before->filters.weights, &b = view.lastSnapshot()->filters.weights;
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY(std::abs(a[i] - b[i]) < 1e-6f);
    }

    // Fine-tuning from the layer editor: ticking "frozen" on the first convolution keeps the
    // trained weights (no new network) and the epochs after leave its filters to the bit, while
    // the rest trains on.
    void freezingALayerKeepsItsFilters()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        view.setConfig(smallCnn());
        QVERIFY(view.trainAndWait(1, patience(120000)));
        const std::vector<float> trained = view.lastSnapshot()->filters.weights;
        const std::vector<float> before = view.trainedRun()->weights;
        auto *frozen = view.findChildren<QCheckBox *>("frozen").value(0);
        QVERIFY(frozen && !frozen->isChecked());
        frozen->setChecked(true);
        QVERIFY(view.config().spec.layers[0].frozen);
        QVERIFY(view.trainAndWait(1, patience(120000)));
        QCOMPARE(view.lastSnapshot()->epoch, 2LL); // the same run went on
        QCOMPARE(view.lastSnapshot()->filters.weights, trained);
        const std::vector<float> after = view.trainedRun()->weights;
        const std::size_t firstLayer = 4 * 25 + 4;
        QVERIFY(std::equal(before.begin(), before.begin() + firstLayer, after.begin()));
        QVERIFY(!std::equal(before.begin() + firstLayer, before.end(), after.begin() + firstLayer));
    }

    // Transfer learning: with "Keep the weights" ticked, new data (the digits inverted, then only
    // 300 of them) goes on from the trained network, whose test accuracy on the new images shows
    // at once; untick it and new data starts from the seed's weights again.
    void keptWeightsGoOnToNewData()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        view.setConfig(smallCnn());
        QVERIFY(view.trainAndWait(1, patience(120000)));
        const std::vector<float> trained = view.lastSnapshot()->filters.weights;
        const float digitsAccuracy = view.lastSnapshot()->report->metrics.accuracy;
        auto *keep = view.findChild<QCheckBox *>("keepWeights");
        auto *invert = view.findChild<QCheckBox *>("invert");
        auto *trainOn = view.findChild<QComboBox *>("trainImages");
        QVERIFY(keep && invert && trainOn);
        keep->setChecked(true);
        QVERIFY(view.config().keepWeights);
        invert->setChecked(true);
        QVERIFY(view.config().data.invert);
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot()->report && view.lastSnapshot()->updates == 0, patience(60000));
        QCOMPARE(view.lastSnapshot()->filters.weights, trained);
        // The digits' network on turned-over digits: most of what it knew does not carry over.
        const float invertedAccuracy = view.lastSnapshot()->report->metrics.accuracy;
        QVERIFY2(invertedAccuracy < digitsAccuracy - 0.3f, qPrintable(QString::number(invertedAccuracy)));

        trainOn->setCurrentIndex(trainOn->findData(300));
        emit trainOn->activated(trainOn->currentIndex());
        QCOMPARE(view.config().data.trainImages, 300);
        QVERIFY(view.trainAndWait(1, patience(120000)));
        QCOMPARE(view.lastSnapshot()->updates, 3LL); // 300 images in batches of 128
        const std::vector<float> tuned = view.lastSnapshot()->filters.weights;
        QVERIFY(tuned != trained);

        // Unticked: the next data starts afresh, from the seed.
        keep->setChecked(false);
        invert->setChecked(false);
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot()->updates == 0 && !view.lastSnapshot()->filters.weights.empty()
                && view.lastSnapshot()->filters.weights != tuned,
            patience(60000));
        QVERIFY(view.lastSnapshot()->filters.weights != trained);
    }

    // A playground asking for a downloaded set that is not here says so and offers the download
    // (the link asks the window for it); once the set is in the cache, it loads with the authors'
    // test part, and the data list shows it as here.
    void aDownloadedSetIsOfferedThenLoads()
    {
        QTemporaryDir dir;
        qputenv("XDG_DATA_HOME", dir.filePath("data").toLocal8Bit());
        QFile catalog(dir.filePath("catalog.json"));
        QVERIFY(catalog.open(QIODevice::WriteOnly));
        // Its addresses are never asked: the files are put in the cache by hand below.
        QJsonArray files;
        const std::pair<const char *, int> sizes[] = {
            {"train-images", 78416}, {"train-labels", 108}, {"test-images", 15696}, {"test-labels", 28}};
        for (const auto &[name, bytes] : sizes)
            files.append(QJsonObject {{"name", name}, {"url", "http://127.0.0.1:9/" + QString(name)}, {"bytes", bytes},
                {"md5", QString(32, '0')}}); // a well-formed checksum; never checked here
        const QJsonObject tiny {{"id", "tiny"}, {"title", "Tiny"}, {"format", "idx"}, {"images", 120}, {"files", files},
            {"train", QJsonArray {"train-images", "train-labels"}}, {"test", QJsonArray {"test-images", "test-labels"}}};
        catalog.write(QJsonDocument(QJsonObject {{"sets", QJsonArray {tiny}}}).toJson());
        catalog.close();
        qputenv("DEEPSCOPE_DATA_CATALOG", catalog.fileName().toLocal8Bit());
        struct Restore {
            ~Restore()
            {
                qunsetenv("DEEPSCOPE_DATA_CATALOG");
                qunsetenv("XDG_DATA_HOME");
            }
        } restore;

        CnnView view;
        view.resize(1366, 720);
        view.show();
        QSignalSpy wanted(&view, &CnnView::dataSetWanted);
        ImagesConfig config = smallCnn();
        config.data.source = ImageDataChoice::Download;
        config.data.set = "tiny";
        view.setConfig(config);
        auto *getData = view.findChild<QLabel *>("getData");
        QVERIFY(getData);
        QTRY_VERIFY_WITH_TIMEOUT(getData->isVisible(), patience(30000));
        QVERIFY2(getData->text().contains("Tiny is not downloaded yet") && getData->text().contains("Get Tiny"),
            qPrintable(getData->text()));
        emit getData->linkActivated("tiny");
        QCOMPARE(wanted.size(), 1);
        QCOMPARE(wanted.at(0).at(0).toString(), QString("tiny"));
        auto *source = view.findChild<QComboBox *>("control:dataSet");
        QVERIFY(source);
        QVERIFY(source->findText("Tiny (120) — get 0.1 MB…") >= 0);
        QCOMPARE(source->currentText(), QString("Tiny (120) — get 0.1 MB…"));

        // Other data chosen meanwhile: it loads, with the playground's layers.
        source->setCurrentIndex(0);
        emit source->activated(0);
        QTRY_VERIFY_WITH_TIMEOUT(view.dataShape() == (Shape {1, 28, 28}) && view.lastSnapshot()
                && view.lastSnapshot()->filters.count == 4,
            patience(60000));
        QCOMPARE(view.config().data.source, ImageDataChoice::BundledMnist);
        QCOMPARE(view.config().spec.layers, smallCnn().spec.layers);
        QVERIFY(getData->isHidden());

        // The set arrives (as a finished download leaves it): files, then the marker.
        auto idx = [](quint32 magic, int count, int side, int value) {
            QByteArray b;
            for (quint32 v : {magic, quint32(count)})
                for (int s = 24; s >= 0; s -= 8)
                    b.append(char(v >> s & 0xff));
            if (side > 0)
                for (int i = 0; i < 2; ++i)
                    for (int s = 24; s >= 0; s -= 8)
                        b.append(char(quint32(side) >> s & 0xff));
            for (int i = 0; i < count * std::max(1, side * side); ++i)
                b.append(char(side > 0 ? (i * 37 + value) % 256 : i % 10));
            return b;
        };
        const QString folder = dir.filePath("data/Deepscope/datasets/tiny");
        auto arrive = [&] {
            QDir().mkpath(folder);
            const std::pair<const char *, QByteArray> files[] = {{"train-images", idx(0x803, 100, 28, 1)},
                {"train-labels", idx(0x801, 100, 0, 0)}, {"test-images", idx(0x803, 20, 28, 2)},
                {"test-labels", idx(0x801, 20, 0, 0)}};
            for (const auto &[name, bytes] : files) {
                QFile f(folder + "/" + name);
                if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
                    return false;
            }
            return markComplete(*downloadableSet("tiny"));
        };
        QVERIFY(arrive());
        view.refreshDataSets();
        const int here = source->findText("Tiny (120)");
        QVERIFY(here >= 0);
        source->setCurrentIndex(here);
        emit source->activated(here);
        QTRY_VERIFY_WITH_TIMEOUT(view.dataShape() == (Shape {1, 28, 28}) && view.dataTrainCount() == 90, patience(60000));
        QVERIFY(getData->isHidden());
        QCOMPARE(wanted.size(), 1); // here now: nothing more asked
        QCOMPARE(source->currentText(), QString("Tiny (120)"));
        QCOMPARE(view.config().data.set, std::string("tiny"));
        QCOMPARE(view.config().spec.layers, smallCnn().spec.layers);

        // A playground asking for it while it was missing takes it when it arrives.
        source->setCurrentIndex(0);
        emit source->activated(0);
        QTRY_VERIFY_WITH_TIMEOUT(view.dataTrainCount() == 7200, patience(60000));
        QDir(folder).removeRecursively();
        view.setConfig(config);
        QTRY_VERIFY_WITH_TIMEOUT(!getData->isHidden(), patience(30000));
        QVERIFY(arrive());
        view.refreshDataSets();
        QTRY_VERIFY_WITH_TIMEOUT(getData->isHidden() && view.dataTrainCount() == 90 && view.lastSnapshot()
                && view.lastSnapshot()->filters.count == 4,
            patience(60000));
        QCOMPARE(view.config().data.set, std::string("tiny"));
    }

    // The Graph tab draws the layers as a graph (a branch beside the main path, numbered as the
    // editor numbers them, frozen ones said), and a click on a node picks its row.
    void graphTabDrawsTheNetwork()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        ImagesConfig config;
        config.preset = "";
        LayerSpec frozen = LayerSpec::conv(4, 3, 1, 1);
        frozen.frozen = true;
        config.spec.layers = {frozen, LayerSpec::act(ActivationKind::Relu), LayerSpec::conv(4, 3, 1, 1),
            LayerSpec::conv(4, 1).from({1}), LayerSpec::add({2, 3}), LayerSpec::flatten(), LayerSpec::dense(10),
            LayerSpec::softmax()};
        view.setConfig(config);
        QVERIFY(view.trainAndWait(0, patience(60000)));
        view.showTab(4);
        auto *graph = view.findChild<widgets::GraphDiagram *>();
        QVERIFY(graph && graph->isVisible());
        QCOMPARE(graph->nodeCount(), 8);
        QCOMPARE(graph->layout().nodes[3].row, graph->layout().nodes[2].row); // the 1×1 branch beside
        auto *editor = view.findChild<LayerEditor *>();
        QTest::mouseClick(graph, Qt::LeftButton, {}, graph->nodeRect(3).center());
        QCOMPARE(editor->selectedRow(), 3);
        // Numbered as the editor numbers its rows, the frozen layer said.
        QCOMPARE(graph->firstNumber(), 1);
        QVERIFY(graph->node(0).detail.contains("frozen"));
        QVERIFY(!graph->node(2).detail.contains("frozen"));
        QCOMPARE(graph->node(4).inputs, std::vector<int>({2, 3}));
    }

    // The Landscape tab: the loss around the trained CNN along its training path's plane, with
    // the path, computed on the image thread; looking leaves the run where it was.
    void landscapeTabLooksAround()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        view.setConfig(smallCnn());
        QVERIFY(view.trainAndWait(2, patience(120000)));
        const std::vector<float> weights = view.trainedRun()->weights;
        view.showTab(5);
        auto *panel = view.findChild<LandscapePanel *>();
        QVERIFY(panel && panel->isVisible());
        auto *directions = panel->findChild<QComboBox *>("landscapeDirections");
        directions->setCurrentIndex(directions->findData(int(LandscapeRequest::Directions::Path)));
        panel->computeButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel->caption().startsWith("Epoch 2"), patience(120000));
        auto *large = view.findChild<QDialog *>(); // where a map too small to read goes
        QVERIFY(!panel->map()->isEmpty() || (large && !large->findChild<widgets::LandscapeMap *>()->isEmpty()));
        QVERIFY(panel->caption().contains("path plane"));
        QCOMPARE(view.trainedRun()->weights, weights);
    }

    // A new network (a reset here; File → New does the same) leaves nothing of the last one's
    // test results behind.
    void aNewNetworkClearsTheResults()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        view.setConfig(smallCnn());
        QVERIFY(view.trainAndWait(1, patience(120000)));
        auto captionSays = [&](const QString &text) {
            for (const QLabel *l : view.findChildren<QLabel *>())
                if (l->text().contains(text))
                    return true;
            return false;
        };
        QVERIFY(captionSays("Test accuracy"));
        // The trained network's top patches, looked at, then put away.
        auto *toggle = view.findChild<QCheckBox *>("topPatches");
        auto *grid = view.findChild<PatchGrid *>();
        toggle->click();
        QTRY_VERIFY_WITH_TIMEOUT(grid->rowCount() > 0, patience(60000));
        toggle->click();
        view.reset();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot()->epoch == 0 && view.lastSnapshot()->updates == 0, patience(60000));
        QCOMPARE(grid->rowCount(), 0); // they were the last network's
        QVERIFY(!captionSays("Test accuracy"));
        QVERIFY(captionSays("The test results appear when training pauses."));
        QVERIFY(!captionSays("trained 1 epochs"));
    }

    // A layer that does not fit says so in the status line, and the line clears once a network
    // that fits is built (the error used to stay after the layer was fixed).
    void aFixedLayerClearsItsError()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        QSignalSpy said(&view, &CnnView::statusMessage);
        QSignalSpy cleared(&view, &CnnView::failureCleared);
        ImagesConfig config;
        config.preset = "";
        config.spec.layers
            = {LayerSpec::conv(4, 40), LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
        view.setConfig(config);
        QTRY_VERIFY_WITH_TIMEOUT(!said.isEmpty(), patience(60000));
        const QString error = said.last().at(0).toString();
        auto shown = [&] {
            for (const QLabel *l : view.findChildren<QLabel *>())
                if (l->text() == error)
                    return true;
            return false;
        };
        QVERIFY(shown());
        config.spec.layers = {LayerSpec::conv(4, 5), LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
        view.setConfig(config);
        QTRY_VERIFY_WITH_TIMEOUT(!cleared.isEmpty(), patience(60000));
        QCOMPARE(cleared.last().at(0).toString(), error);
        QVERIFY(!shown());
    }

    // The filters of every convolution: LeNet-5's second has 16 filters over 6 channels.
    void filtersOfEveryConvolution()
    {
        CnnView view;
        view.start();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot() && view.lastSnapshot()->convolutions == 2, patience(60000));
        QCOMPARE(view.lastSnapshot()->filters.count, 6);
        QComboBox *which = nullptr;
        for (QComboBox *box : view.findChildren<QComboBox *>())
            if (box->count() == 2 && box->itemText(1) == "convolution 2")
                which = box;
        QVERIFY(which);
        which->setCurrentIndex(1);
        emit which->activated(1);
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot()->filterLayer == 1, patience(30000));
        const Filters &f = view.lastSnapshot()->filters;
        QCOMPARE(f.count, 16);
        QCOMPARE(f.channels, 6);
        QCOMPARE(f.size, 5);
        QCOMPARE(view.findChild<FilterGrid *>()->filterCount(), 16);
    }

    // Top patches: LeNet-5's six first-layer filters, each beside its eight best test windows
    // (5x5 digits pieces); the filter choice waits while they show.
    void topPatchesOfTheFirstLayer()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        view.start();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot() && view.lastSnapshot()->convolutions == 2, patience(60000));
        QVERIFY(!view.lastSnapshot()->patches);
        auto *toggle = view.findChild<QCheckBox *>("topPatches");
        QVERIFY(toggle);
        toggle->click();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot()->patches, patience(60000));
        const TopPatches &top = *view.lastSnapshot()->patches;
        QCOMPARE(top.filters, 6);
        QCOMPARE(top.perFilter, 8);
        QCOMPARE(top.size, 5);
        QCOMPARE(top.weights.count, 6);
        auto *grid = view.findChild<PatchGrid *>();
        QTRY_COMPARE_WITH_TIMEOUT(grid->rowCount(), 6, patience(5000));
        QVERIFY(grid->isVisible());
        QVERIFY(!view.findChild<FilterGrid *>()->isVisible());
        QVERIFY(grid->caption().contains("that excite it most"));
        QVERIFY(!grid->tileRect(5, 7).isEmpty());
        if (qEnvironmentVariableIsSet("DS_SCREENSHOTS")) {
            QTest::qWait(300);
            view.grab().save(qEnvironmentVariable("DS_SCREENSHOTS") + "/top-patches.png");
        }
        toggle->click();
        QVERIFY(view.findChild<FilterGrid *>()->isVisible());
    }

    // The predictions fill their tab on a large screen and keep their usual size on a small one
    // (where they scroll).
    void predictionsFillTheirTab()
    {
        CnnView view;
        view.resize(1900, 1040);
        view.show();
        view.start();
        auto *gallery = view.findChild<ImageGallery *>("predictions");
        QTRY_VERIFY_WITH_TIMEOUT(gallery->count() == 24, patience(60000));
        QTRY_VERIFY_WITH_TIMEOUT(gallery->thumbnailSize() > 84, patience(5000));
        const QWidget *viewport = gallery->parentWidget();
        QVERIFY(gallery->heightForWidth(viewport->width()) <= viewport->height()); // all 24, no scrolling
        view.resize(1100, 640);
        QTRY_COMPARE_WITH_TIMEOUT(gallery->thumbnailSize(), 84, patience(5000));
    }

    void trainsAnEpochAndShowsEverything()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        view.start();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot() && !view.lastSnapshot()->sample.empty(), patience(60000));
        const auto *filters = view.findChild<FilterGrid *>();
        QVERIFY(filters->filterCount() > 0);
        view.findChild<QSpinBox *>("epochs")->setValue(1); // stop after one epoch
        // The pace a class watches by default; full speed one click away.
        QCOMPARE(view.config().epochsPerSecond, 0.1);
        view.trainingBar()->fullSpeedButton()->click();
        QCOMPARE(view.config().epochsPerSecond, 0.0);
        view.togglePlay();
        QTRY_VERIFY_WITH_TIMEOUT(view.isRunning(), patience(5000));
        QTRY_VERIFY_WITH_TIMEOUT(
            !view.isRunning(), patience(240000)); // an epoch of LeNet-5: over a minute under ThreadSanitizer
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot()->report != nullptr, patience(60000));
        const auto report = view.lastSnapshot()->report;
        QVERIFY2(report->metrics.accuracy > 0.85f, qPrintable(QString::number(report->metrics.accuracy)));
        QCOMPARE(view.lastSnapshot()->epoch, 1LL);

        const auto *matrix = view.findChild<ConfusionMatrix *>();
        int total = 0;
        for (int t = 0; t < matrix->classes(); ++t)
            total += matrix->rowTotal(t);
        QCOMPARE(total, 2000);
        QCOMPARE(view.findChild<ImageGallery *>("predictions")->count(), 24); // a sample of test images
        QVERIFY(view.findChild<ImageGallery *>("mistakes")->count() > 0); // the worst mistakes

        // A drawn stroke gets class probabilities back.
        auto *canvas = view.findChild<DigitCanvas *>();
        QVERIFY(canvas->isEnabled());
        const QRect r = canvas->rect();
        QTest::mousePress(canvas, Qt::LeftButton, {}, QPoint(r.width() / 2, r.height() / 5));
        for (int i = 1; i <= 10; ++i) {
            QMouseEvent move(QEvent::MouseMove, QPointF(r.width() / 2, r.height() / 5 + i * r.height() / 16),
                canvas->mapToGlobal(QPointF(r.width() / 2, r.height() / 5 + i * r.height() / 16)), Qt::NoButton,
                Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(canvas, &move);
        }
        QTest::mouseRelease(canvas, Qt::LeftButton, {}, QPoint(r.width() / 2, r.height() * 13 / 16));
        QTRY_VERIFY_WITH_TIMEOUT(!view.lastSnapshot()->drawingProbabilities.empty(), patience(30000));
        QCOMPARE(view.lastSnapshot()->drawingProbabilities.size(), std::size_t(10));

        // An impossible layer disables Play until it is fixed.
        auto *editor = view.findChild<LayerEditor *>();
        ModelSpec broken = editor->spec();
        broken.layers.insert(broken.layers.begin(), LayerSpec::conv(4, 40));
        editor->setSpec(broken);
        QToolButton *play = view.trainingBar()->playButton();
        QVERIFY(!editor->isValid());
        QVERIFY(!play->isEnabled());
        broken.layers.erase(broken.layers.begin());
        editor->setSpec(broken);
        QVERIFY(play->isEnabled());
    }
};

QTEST_MAIN(TestCnnView)
#include "tst_cnnview.moc"

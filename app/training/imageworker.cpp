#include "imageworker.h"

#include "core/downloadcatalog.h"

#include "backends.h"
#include "core/downloadcatalog.h"
#include "core/errormessage.h"
#include "core/modelexport.h"
#include "error.h"

#include <algorithm>
#include <cmath>

namespace ds::app {
namespace {

constexpr int kChunkMs = 20; // train this long between looks at the event queue
constexpr int kPatchesPerFilter = 8; // the top patches shown per first-layer filter
constexpr int kPatchImages = 1000; // test images searched for them
constexpr int kSnapshotMs = 120; // a CNN snapshot (filters, maps, predictions) is a few ms of work
constexpr double kCurveEvery = 0.25; // epochs between points of the training curves
constexpr int kCurveEveryMs = 2000; // and at a slow pace, at least this often
constexpr int kCurveImages = 1000; // training images scored for the curve (a fixed slice)
constexpr std::size_t kCurveBytes = std::size_t(64) << 20; // and no more than fit in 64 MB as floats
constexpr int kSampleSize = 24; // test images whose predictions the view shows
constexpr int kWorstMistakes = 32;

std::vector<std::string> toStd(const QStringList &l)
{
    std::vector<std::string> out;
    for (const QString &s : l)
        out.push_back(s.toStdString());
    return out;
}

} // namespace

// The backend (and the CPU backend's threads) is made on the image thread when first needed, so
// that its threads share that thread's lower priority (threadpriority.h).
ImageWorker::ImageWorker(QObject *parent) : TrainingLoop(kChunkMs, kSnapshotMs, parent)
{
    qRegisterMetaType<ds::app::LandscapeRequest>();
    qRegisterMetaType<std::shared_ptr<const ds::app::LandscapeResult>>();
}

ImageWorker::~ImageWorker() = default;

void ImageWorker::load(const ImageDataChoice &choice, int generation, bool keepWeights)
{
    pause();
    // Transfer learning: the trained weights go on to the new data when the network still fits.
    std::vector<float> kept;
    Shape keptInput;
    std::size_t keptClasses = 0;
    if (keepWeights && m_session && (m_session->trainer().updates() > 0 || m_weightsGiven)) {
        kept = m_session->network().parametersToHost();
        keptInput = m_session->network().spec().input;
        keptClasses = m_raw->train.classNames.size();
    }
    m_cancel = false;
    auto progress = [this](double f) {
        emit loadProgress(f);
        return !m_cancel.load();
    };
    try {
        data::ImageSet set;
        switch (choice.source) {
        case ImageDataChoice::BundledMnist: set = data::loadBundledMnist(); break;
        case ImageDataChoice::Idx:
            if (choice.paths.size() != 2)
                throw Error("choose an images file and a labels file");
            set = data::loadIdx(choice.paths[0].toStdString(), choice.paths[1].toStdString(), progress,
                choice.fashionNames ? data::fashionMnistClassNames() : std::vector<std::string> {});
            break;
        case ImageDataChoice::Cifar10: set = data::loadCifar10(toStd(choice.paths), progress); break;
        case ImageDataChoice::Folder:
            if (choice.paths.isEmpty())
                throw Error("choose a folder");
            set = data::loadImageFolder(
                choice.paths[0].toStdString(), choice.channels, choice.height, choice.width, progress);
            break;
        case ImageDataChoice::Download: break; // below, with its own test part
        }
        int testCount = 0; // a downloaded set's own test part, kept as its authors split it
        if (choice.source == ImageDataChoice::Download) {
            const auto downloadable = downloadableSet(QString::fromStdString(choice.set));
            if (!downloadable)
                throw Error("'" + choice.set + "' is not a data set Deepscope downloads; known: "
                    + downloadableIds().toStdString());
            set = loadDownloadedSet(*downloadable, &testCount, progress);
        }
        emit loadProgress(1.0);
        data::ImageSplit split = choice.source == ImageDataChoice::BundledMnist
            ? data::splitBundledMnist(set, choice.validationFraction, 1)
            : testCount > 0 ? data::splitImages(set,
                                  int(std::lround(choice.validationFraction * (set.count() - testCount))), testCount, 1,
                                  data::TestPart::Last)
                            : data::splitImagesByFraction(set, choice.validationFraction, choice.testFraction, 1);
        set = {}; // the split holds the images now
        if (choice.invert) {
            for (data::ImageSet *part : {&split.train, &split.validation, &split.test})
                data::invertImages(*part);
            split.train.name += ", inverted";
        }
        if (choice.trainImages > 0 && choice.trainImages < split.train.count()) {
            data::keepFirstImages(split.train, choice.trainImages);
            split.train.name += ", " + std::to_string(choice.trainImages) + " to train";
        }
        // The images once, as loaded: the session reads them, the view's galleries share the test part.
        m_raw = std::make_shared<const data::ImageSplit>(std::move(split));
        m_rawTest = std::shared_ptr<const data::ImageSet>(m_raw, &m_raw->test);
        ImageDataInfo info;
        info.generation = generation;
        info.name = m_raw->train.name;
        info.channels = m_raw->train.channels;
        info.height = m_raw->train.height;
        info.width = m_raw->train.width;
        info.trainCount = m_raw->train.count();
        info.validationCount = m_raw->validation.count();
        info.testCount = m_rawTest->count();
        info.classNames = m_raw->train.classNames;
        info.test = m_rawTest;
        m_probe = 0;
        emit dataLoaded(info);
        if (m_haveConfig)
            rebuild();
        const Shape input {info.channels, info.height, info.width};
        if (m_session && !kept.empty() && keptInput == input && keptClasses == info.classNames.size()
            && m_session->network().parameterCount() == kept.size()) {
            m_session->network().setParameters(kept);
            m_weightsGiven = true;
            m_path.clear(); // the new data's path starts from the kept weights
            m_pendingPoints.clear(); // the curves start from the kept network
            addCurvePoint();
            requestReport(); // how the kept network does on the new test images, before any training
        }
    } catch (const std::exception &e) {
        emit failed(QString::fromStdString(errorMessage(e)));
    }
}

void ImageWorker::setSessionConfig(const ImageSessionConfig &config, int serial)
{
    m_configSerial = serial;
    // Which layers are frozen changes in place (fine-tuning keeps the weights it tunes).
    const auto unfrozen = [](std::vector<LayerSpec> layers) {
        for (LayerSpec &l : layers)
            l.frozen = false;
        return layers;
    };
    const bool sameNetwork = m_haveConfig && m_session && unfrozen(config.spec.layers) == unfrozen(m_config.spec.layers)
        && config.spec.loss == m_config.spec.loss && config.spec.init == m_config.spec.init
        && config.seed == m_config.seed;
    m_config = config;
    m_haveConfig = true;
    if (sameNetwork) {
        try {
            for (std::size_t i = 0; i < config.spec.layers.size(); ++i)
                if (m_session->network().spec().layers[i].frozen != config.spec.layers[i].frozen)
                    m_session->network().setFrozen(int(i), config.spec.layers[i].frozen);
            m_session->setTrainerConfig(config.trainer);
            m_session->setAugment(config.augment);
        } catch (const std::exception &e) {
            emit failed(QString::fromStdString(errorMessage(e)));
        }
        requestSnapshot(); // carries the new serial
        return;
    }
    rebuild();
}

void ImageWorker::rebuild()
{
    pause();
    m_path.clear();
    m_session.reset();
    m_patches.reset();
    m_lastGood.reset();
    m_weightsGiven = false;
    m_report.reset();
    m_message.clear();
    m_pendingPoints.clear();
    m_curvesReset = true;
    m_lastPointEpoch = -1.0;
    if (m_raw->train.count() == 0)
        return;
    try {
        if (!m_backend)
            m_backend = createBackend("cpu");
        m_session = std::make_unique<ImageSession>(m_raw, m_config, *m_backend);
        const data::ImageSet &train = m_raw->train;
        const std::size_t fit = kCurveBytes / (train.imageSize() * sizeof(float));
        const int n = int(std::min<std::size_t>({std::size_t(kCurveImages), std::max<std::size_t>(fit, 1),
            std::size_t(train.count())}));
        m_trainProbe = m_session->trainingImages(0, n);
        addCurvePoint();
        restartClock(true);
    } catch (const std::exception &e) {
        m_session.reset();
        m_message = errorMessage(e);
        emit failed(QString::fromStdString(errorMessage(e)));
    }
    requestSnapshot();
}

void ImageWorker::setBackend(const QString &id)
{
    try {
        auto backend = createBackend(id.toStdString());
        if (m_session)
            m_session->moveTo(*backend);
        m_backend = std::move(backend); // the old one goes only once nothing lives on it
        restartClock(true); // the speed shown is this backend's from here on
    } catch (const std::exception &e) {
        emit failed(QString::fromStdString(errorMessage(e)));
    }
    emit backendChanged(QString::fromStdString(m_backend->id()), QString::fromStdString(m_backend->name()));
    requestSnapshot();
}

std::optional<TrainedRun> ImageWorker::trainedRun() const
{
    if (!m_session || (m_session->trainer().updates() == 0 && !m_weightsGiven))
        return std::nullopt;
    try {
        return m_session->saveRun();
    } catch (const std::exception &) { // a device error or no memory: save the settings alone
        return std::nullopt;
    }
}

onnx::OnnxModel ImageWorker::model()
{
    if (!m_session)
        throw Error(m_message.empty() ? "there is no network yet: the images are still loading" : m_message);
    return imagesModel(*m_session);
}

TorchExport ImageWorker::torchExport()
{
    TorchExport e;
    e.model = model();
    const data::ImageSet &train = m_raw->train, &test = *m_rawTest;
    e.title = train.name;
    e.rawInput = {train.channels, train.height, train.width};
    e.classes = int(train.classNames.size());
    e.trainer = m_config.trainer;
    e.epochs = std::max(1, m_epochLimit);
    const data::AugmentConfig &a = m_config.augment;
    e.augmented = a.maxShift > 0 || a.horizontalFlip || a.maxRotationDegrees > 0.0f;
    // The script's data as values (the export writes floats), only for as long as it is written.
    for (const auto &[set, part] : {std::pair {&train, &e.train}, std::pair {&test, &e.test}}) {
        part->inputs.resize(std::size_t(set->count()) * set->imageSize());
        set->imagesInto(0, set->count(), part->inputs.data());
        part->targets.assign(set->labels.begin(), set->labels.end());
    }
    e.checkRows = std::min(16, test.count());
    for (int i = 0; i < e.checkRows; ++i) {
        const std::vector<float> p = m_session->probabilities(test.image(i).data());
        e.expectedOutputs.insert(e.expectedOutputs.end(), p.begin(), p.end());
    }
    requestSnapshot(); // the probe's maps were computed over
    return e;
}

void ImageWorker::restoreRun(const TrainedRun &run, int serial)
{
    m_restoreSerial = serial; // answered, whether it fits or not
    if (!m_session) {
        requestSnapshot();
        emit failed("the trained network in the file was not restored: there is no network to restore it into");
        return;
    }
    pause();
    try {
        m_session->restoreRun(run);
        m_weightsGiven = true;
        m_pendingPoints.clear();
        m_curvesReset = true;
        m_lastPointEpoch = -1.0;
        addCurvePoint();
    } catch (const std::exception &e) {
        emit failed("the trained network in the file was not restored: " + QString::fromStdString(errorMessage(e)));
    }
    requestReport();
}

void ImageWorker::setEpochLimit(int epochs)
{
    m_epochLimit = std::max(0, epochs);
}

void ImageWorker::aboutToPlay()
{
    if (m_epochLimit > 0 && m_session->trainer().epoch() >= m_epochLimit)
        m_epochLimit = int(m_session->trainer().epoch()) + std::max(1, m_epochLimit); // play goes on past it
    m_report.reset();
    m_message.clear();
}

double ImageWorker::epochProgress() const
{
    return m_session ? m_session->trainer().epochProgress() : 0.0;
}

long ImageWorker::updatesPerEpoch() const
{
    return m_session ? m_session->updatesPerEpoch() : 1;
}

void ImageWorker::stepEpoch()
{
    if (!m_session)
        return;
    pause();
    try {
        m_session->train(m_session->updatesPerEpoch());
        addCurvePoint();
    } catch (const std::exception &e) {
        finish(errorMessage(e));
        return;
    }
    requestReport();
}

void ImageWorker::trainEpochs(long epochs)
{
    if (!m_session) {
        emit failed(QString::fromStdString(m_message.empty() ? "there is no network to train" : m_message));
        return;
    }
    pause();
    m_message.clear();
    try {
        const long long target = m_session->trainer().epoch() + epochs;
        while (m_session->trainer().epoch() < target) {
            m_session->train(1);
            if (curvePointDue())
                addCurvePoint(); // throws when the loss stopped being a number, back at the last good run
        }
        if (m_session->trainer().epochProgress() != m_lastPointEpoch)
            addCurvePoint(); // the last epoch's row
    } catch (const std::exception &e) {
        m_message = errorMessage(e);
    }
    requestReport();
    emit epochsTrained(m_session->trainer().updates());
}

void ImageWorker::reset()
{
    rebuild();
}

void ImageWorker::setProbe(int testIndex)
{
    m_probe = testIndex;
    requestSnapshot();
}

void ImageWorker::setFilterLayer(int convolution)
{
    m_filterLayer = std::max(0, convolution);
    requestSnapshot();
}

void ImageWorker::setShowPatches(bool on)
{
    m_showPatches = on;
    requestSnapshot();
}

void ImageWorker::setDrawing(const std::vector<float> &pixels)
{
    m_drawing = pixels;
    requestSnapshot();
}

void ImageWorker::trainUpdates(long updates)
{
    try {
        // One update at a time (each batch is a few ms): the curve points and the epoch limit
        // fall on the update that reaches them.
        for (long i = 0; i < updates && isRunning(); ++i) {
            m_session->train(1);
            if (curvePointDue() || (pace() > 0 && m_sinceCurvePoint.elapsed() >= kCurveEveryMs))
                addCurvePoint();
            if (m_epochLimit > 0 && m_session->trainer().epoch() >= m_epochLimit)
                finish("trained " + std::to_string(m_epochLimit) + " epochs");
        }
    } catch (const std::exception &e) {
        finish(errorMessage(e));
    }
}

bool ImageWorker::curvePointDue() const
{
    return m_session->trainer().epochProgress() - m_lastPointEpoch >= kCurveEvery - 1e-9;
}

void ImageWorker::addCurvePoint()
{
    CurvePoint p;
    p.epoch = m_session->trainer().epochProgress();
    p.train = m_session->trainer().evaluate(m_trainProbe);
    p.validation = m_session->validationMetrics();
    m_lastPointEpoch = p.epoch;
    m_sinceCurvePoint.restart();
    if (!p.train.finite()) {
        // Say where it went wrong, then go back to the last point whose loss was a number.
        const int layer = m_session->network().firstNonFiniteLayer();
        std::string why = "the loss is no longer a number (NaN or infinite) in epoch "
            + std::to_string(m_session->trainer().epoch() + 1);
        if (layer >= 0)
            why += ": layer " + std::to_string(layer + 1) + " (" + m_session->network().layer(layer).describe()
                + ") gave a value that is not a number";
        if (m_lastGood) {
            m_session->restoreRun(*m_lastGood);
            why += ". Back to the weights of epoch " + std::to_string(m_session->trainer().epoch())
                + "; the learning rate is too high for this network: lower it and press play.";
        } else {
            why += ". The learning rate is too high for this network: lower it and press Reset.";
        }
        throw Error(why);
    }
    m_lastGood = m_session->saveRun();
    m_path.record(p.epoch, [this] { return m_lastGood->weights; }); // the loss landscape's path
    m_pendingPoints.push_back(p);
}

void ImageWorker::finish(const std::string &why)
{
    m_message = why;
    if (isRunning())
        stopRunning(); // the pause asks for the report
    else
        requestReport();
}

void ImageWorker::requestReport()
{
    m_reportWanted = true;
    requestSnapshot();
}

std::optional<TrainedRun> ImageWorker::lastPublishedRun() const
{
    const std::lock_guard lock(m_publishedRunMutex);
    return m_publishedRun;
}

void ImageWorker::publish()
{
    if (m_session && m_recompute.due(m_session->trainer().epoch()))
        computeLandscape(m_recompute.request());
    {
        std::optional<TrainedRun> run = trainedRun();
        const std::lock_guard lock(m_publishedRunMutex);
        m_publishedRun = std::move(run);
    }
    auto s = std::make_shared<ImageSnapshot>();
    s->running = isRunning();
    s->message = m_message;
    s->configSerial = m_configSerial;
    s->restoreSerial = m_restoreSerial;
    s->newPoints = std::move(m_pendingPoints);
    m_pendingPoints.clear();
    s->curvesReset = m_curvesReset;
    m_curvesReset = false;
    if (m_session) {
        try {
            const Trainer &t = m_session->trainer();
            s->epoch = t.epoch();
            s->epochProgress = t.epochProgress();
            s->updates = t.updates();
            s->secondsPerEpoch = secondsPerEpoch();
            s->imagesPerSecond = isRunning() && secondsPerEpoch() > 0
                ? double(m_session->split().train.count()) / secondsPerEpoch()
                : 0.0;
            s->convolutions = m_session->convolutionCount();
            s->filterLayer = std::clamp(m_filterLayer, 0, std::max(0, s->convolutions - 1));
            s->filters = m_session->filters(s->filterLayer);
            if (m_showPatches) {
                // A search over the test images costs a pass of the network over them: once an
                // epoch while training, at once while paused.
                const bool stale = !m_patches || m_patchesUpdates != t.updates();
                const bool due = !isRunning() || !m_patches
                    || t.epoch() != m_patchesUpdates / std::max(1, m_session->updatesPerEpoch());
                if (stale && due) {
                    m_patches
                        = std::make_shared<const TopPatches>(m_session->topPatches(kPatchesPerFilter, kPatchImages));
                    m_patchesUpdates = t.updates();
                }
                s->patches = m_patches;
            }
            const data::ImageSet &test = *m_rawTest;
            if (test.count() > 0) {
                m_probe = std::clamp(m_probe, 0, test.count() - 1);
                s->probeIndex = m_probe;
                // The last layer's maps are the softmax: one forward pass gives both.
                s->probeMaps = m_session->featureMaps(test.image(m_probe).data());
                s->probeProbabilities = s->probeMaps.back().values;
                std::vector<int> sample;
                for (int i = 0; i < std::min(kSampleSize, test.count()); ++i)
                    sample.push_back(int(std::int64_t(i) * test.count() / std::min(kSampleSize, test.count())));
                s->sample = m_session->predict(sample);
            }
            if (!m_drawing.empty() && m_drawing.size() == m_raw->train.imageSize()) {
                s->drawingMaps = m_session->featureMaps(m_drawing.data());
                s->drawingProbabilities = s->drawingMaps.back().values;
            }
            if (m_reportWanted && !isRunning()) {
                m_report = std::make_shared<const TestReport>(m_session->testReport(kWorstMistakes));
                m_reportWanted = false;
            }
            s->report = isRunning() ? nullptr : m_report;
        } catch (const std::exception &e) {
            s->message = errorMessage(e);
        }
    }
    published();
    emit snapshotReady(s);
}

void ImageWorker::computeLandscape(const LandscapeRequest &request)
{
    try {
        if (!m_session)
            throw Error(m_message.empty() ? "there is no network to look around" : m_message);
        // Scored on the curves' fixed slice of training images (1,000 at most), as they are now.
        LandscapeResult out = ds::app::computeLandscape(m_session->network(),
            [this] { return m_session->trainer().evaluate(m_trainProbe); }, m_path.states(), request);
        out.epoch = m_session->trainer().epoch();
        emit landscapeReady(std::make_shared<const LandscapeResult>(std::move(out)));
    } catch (const std::exception &e) {
        emit landscapeFailed(QString::fromStdString(errorMessage(e)));
    }
}

void ImageWorker::setLandscapeRecompute(const LandscapeRequest &request, int everyEpochs)
{
    m_recompute.set(request, everyEpochs, m_session ? m_session->trainer().epoch() : 0);
}

} // namespace ds::app

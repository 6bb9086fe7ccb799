#include "imagesession.h"

#include "error.h"
#include "workload.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>

namespace ds::app {
namespace {

bool augmenting(const data::AugmentConfig &a)
{
    return a.maxShift > 0 || a.horizontalFlip || a.maxRotationDegrees > 0.0f;
}

} // namespace

std::string shapeText(const Shape &s)
{
    std::string t;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i)
            t += "×"; // as the layer editor writes shapes
        t += std::to_string(s[i]);
    }
    return t;
}

ImageSession::ImageSession(data::ImageSplit split, const ImageSessionConfig &config, Backend &backend)
    : ImageSession(std::make_shared<const data::ImageSplit>(std::move(split)), config, backend)
{
}

ImageSession::ImageSession(
    std::shared_ptr<const data::ImageSplit> split, const ImageSessionConfig &config, Backend &backend)
    : m_split(std::move(split)), m_config(config), m_backend(&backend), m_augmentRng(config.seed ^ 0xa5a5a5a5ull)
{
    if (!m_split)
        throw Error("there are no training images");
    const data::ImageSet &train = m_split->train;
    if (train.count() == 0)
        throw Error("there are no training images");
    m_config.spec.input = {train.channels, train.height, train.width};
    const std::size_t classes = train.classNames.size();
    const std::string problem = m_config.spec.validationError();
    if (!problem.empty())
        throw Error(problem);
    // A file or the command line can ask for what the editor would refuse.
    const std::string tooLarge = workloadError(
        estimateWorkload(m_config.spec), std::max(1, std::min(m_config.trainer.batchSize, train.count())));
    if (!tooLarge.empty())
        throw Error(tooLarge);
    if (elementCount(m_config.spec.outputShape()) != classes)
        throw Error("the network ends with " + std::to_string(elementCount(m_config.spec.outputShape()))
            + " outputs but the images have " + std::to_string(classes) + " classes: make the last dense layer "
            + std::to_string(classes) + " wide");
    m_stats = data::channelStats(train);
    // Pixels moved in from outside the image by augmentation are black, as normalized.
    std::vector<float> black(m_stats.mean.size());
    for (std::size_t c = 0; c < black.size(); ++c)
        black[c] = m_stats.stddev[c] > 1e-6f ? -m_stats.mean[c] / m_stats.stddev[c] : -m_stats.mean[c];
    m_config.augment.fill = black.empty() ? 0.0f : black[0];

    m_network = std::make_unique<Network>(m_config.spec, backend, m_config.seed);
    m_trainer = std::make_unique<Trainer>(*m_network, trainingImages(), m_config.trainer);
    if (m_split->validation.count() > 0)
        m_validation = data::toNormalizedTrainingRows(
            std::shared_ptr<const data::ImageSet>(m_split, &m_split->validation), m_stats);
    if (m_split->test.count() > 0)
        m_test = data::toNormalizedTrainingRows(std::shared_ptr<const data::ImageSet>(m_split, &m_split->test), m_stats);
    Shape one = m_config.spec.input;
    one.insert(one.begin(), 1);
    m_one = backend.tensor(one);
}

TrainingData ImageSession::trainingImages(int first, int count) const
{
    return data::toNormalizedTrainingRows(
        std::shared_ptr<const data::ImageSet>(m_split, &m_split->train), m_stats, first, count);
}

void ImageSession::refillInputs(bool augment)
{
    const data::ImageSet &t = m_split->train;
    // About 16 MB of images at a time; augmentation draws image by image in order, so chunks
    // draw what the whole set would.
    const int chunk = int(std::max<std::size_t>(1, (std::size_t(16) << 20) / (t.imageSize() * sizeof(float))));
    std::vector<float> images(std::size_t(std::min(chunk, t.count())) * t.imageSize());
    for (int first = 0; first < t.count(); first += chunk) {
        const int rows = std::min(chunk, t.count() - first);
        const std::span<float> part(images.data(), std::size_t(rows) * t.imageSize());
        data::normalizeInto(t, m_stats, first, rows, part.data());
        if (augment)
            data::augmentBatch(part, t.channels, t.height, t.width, m_config.augment, m_augmentRng);
        m_trainer->replaceInputRows(first, rows, part.data());
    }
}

ImageSession::~ImageSession() = default;

void ImageSession::moveTo(Backend &backend)
{
    auto network = std::make_unique<Network>(m_config.spec, backend, m_config.seed);
    network->setParameters(m_network->parametersToHost());
    auto trainer = std::make_unique<Trainer>(*network, m_trainer->data(), m_config.trainer);
    trainer->continueFrom(*m_trainer);
    Tensor one = backend.tensor(m_one.shape());
    m_trainer = std::move(trainer);
    m_network = std::move(network);
    m_one = std::move(one);
    m_backend = &backend;
}

void ImageSession::setTrainerConfig(const TrainerConfig &config)
{
    m_config.trainer = config;
    m_trainer->setConfig(config);
}

void ImageSession::setAugment(const data::AugmentConfig &augment)
{
    const bool was = augmenting(m_config.augment);
    const float fill = m_config.augment.fill; // the session's normalized black, not the caller's
    m_config.augment = augment;
    m_config.augment.fill = fill;
    if (was && !augmenting(m_config.augment)) {
        refillInputs(false); // back to the images as they are
        m_augmentedEpoch = -1;
    }
    // Turned on: train() augments before its next update.
}

TrainedRun ImageSession::saveRun() const
{
    // The inputs are left out: augmentEpoch() draws them again from the saved generator.
    TrainedRun run {m_network->parametersToHost(), m_trainer->saveState(false)};
    run.augmentRng = m_augmentedEpoch >= 0 ? m_augmentRngBefore : m_augmentRng.state();
    run.augmentedEpoch = m_augmentedEpoch;
    return run;
}

void ImageSession::restoreRun(const TrainedRun &run)
{
    restoreTrainedRun(*m_network, *m_trainer, run);
    if (isWeightsOnly(run)) // an imported model: the run itself starts afresh
        return;
    m_augmentRng.setState(run.augmentRng);
    m_augmentedEpoch = -1;
    if (run.augmentedEpoch >= 0 && augmenting(m_config.augment)) {
        augmentEpoch(); // the same draw as when it was saved
        m_augmentedEpoch = run.augmentedEpoch;
    } else {
        refillInputs(false);
    }
}

void ImageSession::augmentEpoch()
{
    m_augmentRngBefore = m_augmentRng.state();
    // Normalized, then moved: the same bits as augmenting a normalized copy of the set.
    refillInputs(true);
}

void ImageSession::train(long updates)
{
    for (long done = 0; done < updates;) {
        if (augmenting(m_config.augment) && m_trainer->epoch() != m_augmentedEpoch) {
            augmentEpoch();
            m_augmentedEpoch = m_trainer->epoch();
        }
        // Up to the end of this epoch, so that the next one gets its own augmentation.
        const double into = m_trainer->epochProgress() - double(m_trainer->epoch());
        const long left = std::max(1L, long(double(updatesPerEpoch()) * (1.0 - into) + 0.5));
        const long n = augmenting(m_config.augment) ? std::min(left, updates - done) : updates - done;
        m_trainer->step(n);
        done += n;
    }
}

Metrics ImageSession::trainingMetrics()
{
    return m_trainer->evaluateTraining();
}

Metrics ImageSession::validationMetrics()
{
    if (m_validation.rows == 0)
        return {0.0f, -1.0f};
    return m_trainer->evaluate(m_validation);
}

void ImageSession::forwardOne(const float *rawImage)
{
    // Normalized as the data set's images are.
    const data::ImageSet &t = m_split->train;
    std::vector<float> one(rawImage, rawImage + t.imageSize());
    data::normalizeValues(one, t.channels, m_stats);
    m_backend->upload(one.data(), m_one);
    m_network->forward(m_one, false);
}

std::vector<float> ImageSession::probabilities(const float *rawImage)
{
    forwardOne(rawImage);
    return m_backend->toHost(m_network->layerOutput(m_network->layerCount() - 1));
}

std::vector<LayerMaps> ImageSession::featureMaps(const float *rawImage)
{
    forwardOne(rawImage);
    std::vector<LayerMaps> maps;
    for (int i = 0; i < m_network->layerCount(); ++i) {
        const LayerSpec &l = m_config.spec.layers[std::size_t(i)];
        const Shape &s = m_network->layerShape(i);
        maps.push_back({describeLayer(l) + " → " + shapeText(s), s, m_backend->toHost(m_network->layerOutput(i))});
    }
    return maps;
}

int ImageSession::convolutionCount() const
{
    int n = 0;
    for (const LayerSpec &l : m_config.spec.layers)
        n += l.kind == LayerKind::Conv2D ? 1 : 0;
    return n;
}

Filters ImageSession::filters(int convolution) const
{
    for (int i = 0, seen = 0; i < m_network->layerCount(); ++i) {
        const LayerSpec &l = m_config.spec.layers[std::size_t(i)];
        if (l.kind != LayerKind::Conv2D || seen++ != convolution)
            continue;
        LayerWeights w = m_network->layerWeights(i, m_network->parametersToHost());
        Filters f;
        f.count = w.shape[0];
        f.channels = w.shape[1];
        f.size = w.shape[2];
        f.weights = std::move(w.weights);
        return f;
    }
    return {};
}

void ImageSession::testImages(int first, int count, float *dst) const
{
    data::normalizeInto(m_split->test, m_stats, first, count, dst);
}

std::vector<Prediction> ImageSession::predict(const std::vector<int> &testIndices)
{
    std::vector<Prediction> out;
    const data::ImageSet &test = m_split->test;
    const int classes = int(test.classNames.size());
    std::vector<float> image(test.imageSize());
    for (int index : testIndices) {
        if (index < 0 || index >= test.count())
            continue;
        testImages(index, 1, image.data());
        m_backend->upload(image.data(), m_one);
        const std::vector<float> p = m_backend->toHost(m_network->forward(m_one, false));
        const int best = int(std::max_element(p.begin(), p.begin() + classes) - p.begin());
        out.push_back({index, test.labels[std::size_t(index)], best, p[std::size_t(best)]});
    }
    return out;
}

TestReport ImageSession::testReport(int worstCount)
{
    TestReport r;
    const data::ImageSet &test = m_split->test;
    r.classes = int(test.classNames.size());
    r.confusion.assign(std::size_t(r.classes) * r.classes, 0);
    if (m_test.rows == 0)
        return r;
    r.metrics = m_trainer->evaluate(m_test);
    // Probabilities in chunks: the confusion matrix and every mistake's confidence.
    const int chunk = m_network->forwardChunkRows(std::min(500, m_test.rows));
    Shape s = m_config.spec.input;
    s.insert(s.begin(), chunk);
    Tensor in = m_backend->tensor(s);
    std::vector<float> images(std::size_t(chunk) * test.imageSize());
    std::vector<Prediction> wrong;
    for (int first = 0; first < m_test.rows; first += chunk) {
        const int rows = std::min(chunk, m_test.rows - first);
        const Tensor view = in.rows(0, rows);
        testImages(first, rows, images.data());
        m_backend->upload(images.data(), view);
        const std::vector<float> p = m_backend->toHost(m_network->forward(view, false));
        for (int i = 0; i < rows; ++i) {
            const float *row = p.data() + std::size_t(i) * r.classes;
            const int best = int(std::max_element(row, row + r.classes) - row);
            const int label = test.labels[std::size_t(first + i)];
            ++r.confusion[std::size_t(label) * r.classes + best];
            if (best != label)
                wrong.push_back({first + i, label, best, row[best]});
        }
    }
    std::sort(wrong.begin(), wrong.end(), [](const Prediction &a, const Prediction &b) {
        return a.confidence != b.confidence ? a.confidence > b.confidence : a.index < b.index;
    });
    if (int(wrong.size()) > worstCount)
        wrong.resize(std::size_t(std::max(0, worstCount)));
    r.worst = std::move(wrong);
    return r;
}

} // namespace ds::app

#include "pointssession.h"

#include "backends.h"
#include "error.h"
#include "errormessage.h"
#include "modelexport.h"
#include "network.h"
#include "optimizerrace.h"
#include "pointsfields.h"
#include "snapshotbuilder.h"
#include "trainer.h"

#include <algorithm>
#include <cmath>

namespace ds::app {

bool continuesRun(const PlaygroundConfig &a, const PlaygroundConfig &b)
{
    return sameFields(pointsFields(), a, b, FieldEffect::NewRun) && (a.race.empty() || a.optimizer == b.optimizer);
}

PointsSession::PointsSession() : m_sharedConfig(std::make_shared<const PlaygroundConfig>()) { }

PointsSession::~PointsSession() = default;

void PointsSession::apply(const PlaygroundConfig &config)
{
    const std::string error = config.validationError();
    if (!error.empty())
        throw Error(error);
    const PlaygroundConfig old = m_config;
    m_config = config;
    try {
        if (!m_network || !continuesRun(old, config)) {
            rebuild();
        } else {
            if (config.backend != old.backend)
                moveToBackend(config);
            // Activations and dropout rates change in place: the weights stay.
            const ModelSpec spec = config.modelSpec();
            for (int i = 0; i < m_network->layerCount(); ++i) {
                const LayerSpec &l = spec.layers[std::size_t(i)];
                if (l.kind == LayerKind::Activation)
                    m_network->setActivation(i, l.activation);
                else if (l.kind == LayerKind::Dropout)
                    m_network->setDropoutRate(i, l.rate);
            }
            m_trainer->setConfig(config.trainerConfig());
            if (config.drawnPoints != old.drawnPoints)
                attachData(); // new points, same network and weights
            else if (m_race)
                m_race->setConfig(config);
        }
    } catch (const std::exception &e) {
        const std::string why = errorMessage(e);
        m_config = old;
        if (!m_network) { // the rebuild failed half-way: bring back the last network that worked
            try {
                rebuild();
            } catch (const std::exception &) {
            }
        }
        stop(why);
        m_sharedConfig = std::make_shared<const PlaygroundConfig>(m_config);
        throw Error(why);
    }
    m_sharedConfig = std::make_shared<const PlaygroundConfig>(m_config); // once per config, not per frame
}

void PointsSession::moveToBackend(const PlaygroundConfig &config)
{
    // The same weights and the same place in the run (epoch, shuffle, optimizer moments) on the
    // new device. Nothing changes until all of it has worked.
    const std::vector<float> weights = m_network->parametersToHost();
    auto backend = createBackend(config.backend);
    auto network = std::make_unique<Network>(config.modelSpec(), *backend, config.seed);
    network->setParameters(weights);
    auto trainer = std::make_unique<Trainer>(*network, m_trainer->data(), config.trainerConfig());
    trainer->continueFrom(*m_trainer);
    m_builder.reset(); // its grid lives on the old device
    m_trainer = std::move(trainer);
    m_network = std::move(network);
    m_backend = std::move(backend);
    m_builder = std::make_unique<SnapshotBuilder>(m_config, kGrid);
    startRace(); // its networks lived on the old device: the race starts again from here
}

void PointsSession::reset()
{
    rebuild();
}

void PointsSession::rebuild()
{
    // All or nothing: a network whose data cannot be attached is not kept half-built (fill() and
    // the commands then see no network, rather than a network without a trainer).
    m_race.reset();
    m_builder.reset();
    m_trainer.reset();
    m_network.reset();
    if (!m_backend || m_config.backend != m_backend->id())
        m_backend = createBackend(m_config.backend);
    m_network = std::make_unique<Network>(m_config.modelSpec(), *m_backend, m_config.seed);
    try {
        attachData();
    } catch (...) {
        m_race.reset();
        m_builder.reset();
        m_trainer.reset();
        m_network.reset();
        throw;
    }
    m_stopped = false;
    m_diverged = false;
    m_lastGood = TrainedRun {m_network->parametersToHost(), m_trainer->saveState()}; // the start is good
    m_message.clear();
    m_bestTestLoss = INFINITY;
    m_bestEpoch = 0;
}

void PointsSession::attachData()
{
    m_bestTrainLoss = INFINITY; // other points: losses before are not comparable
    m_path.clear();
    const data::Points2D points = m_config.points();
    m_trainer = std::make_unique<Trainer>(*m_network, m_config.trainingData(points.train), m_config.trainerConfig());
    m_testData = m_config.trainingData(points.test);
    m_builder = std::make_unique<SnapshotBuilder>(m_config, kGrid);
    startRace();
}

void PointsSession::startRace()
{
    m_race.reset();
    if (m_config.race.empty() || !m_network || !m_trainer)
        return;
    m_race = std::make_unique<OptimizerRace>(
        m_config, *m_backend, m_network->parametersToHost(), m_trainer->data(), m_testData);
}

void PointsSession::advance(long updates)
{
    m_trainer->step(updates);
    if (m_race)
        m_race->step(updates);
}

long PointsSession::train(long updates)
{
    if (!m_trainer || updates <= 0)
        return 0;
    const bool patience = m_config.patienceEpochs > 0 && m_testData.rows > 0;
    if (m_config.stopAfterEpochs <= 0 && !patience) {
        advance(updates); // no rule to check: all at once
        return updates;
    }
    // One update at a time, so that a rule ends the run exactly at the epoch's end, whatever the
    // chunk a caller asked for (a training step costs far more than the check).
    for (long done = 0; done < updates;) {
        const long long epochBefore = m_trainer->epoch();
        advance(1);
        ++done;
        const long long epoch = m_trainer->epoch();
        if (epoch == epochBefore)
            continue;
        if (m_config.stopAfterEpochs > 0 && epoch == m_config.stopAfterEpochs) {
            stop("stopped after " + std::to_string(m_config.stopAfterEpochs) + " epochs");
            return done;
        }
        if (patience && testLossStalled()) {
            stop("stopped: the test loss has not improved for " + std::to_string(m_config.patienceEpochs)
                + " epochs");
            return done;
        }
    }
    return updates;
}

bool PointsSession::testLossStalled()
{
    const float loss = m_trainer->evaluate(m_testData).loss;
    if (loss < m_bestTestLoss) {
        m_bestTestLoss = loss;
        m_bestEpoch = m_trainer->epoch();
    }
    return m_trainer->epoch() - m_bestEpoch >= m_config.patienceEpochs;
}

void PointsSession::stop(const std::string &why)
{
    m_stopped = true;
    m_message = why;
}

void PointsSession::resume()
{
    if (!m_stopped) // the stop rule or a divergence ended the last run: play continues from there
        return;
    m_stopped = false;
    m_diverged = false;
    m_message.clear();
    if (m_trainer)
        m_bestEpoch = m_trainer->epoch();
}

void PointsSession::goBackToLastGood()
{
    // Which layer went wrong first, from the diverged parameters and the forward pass just made.
    const int layer = m_network->firstNonFiniteLayer();
    const long long epoch = m_trainer->epoch();
    std::string why = "training diverged by epoch " + std::to_string(epoch);
    if (layer >= 0)
        why += ": layer " + std::to_string(layer + 1) + " (" + m_network->layer(layer).describe()
            + ") gave a value that is not a number";
    else
        why += ": the loss grew past what a float can hold";
    m_diverged = true;
    if (m_lastGood) {
        restoreTrainedRun(*m_network, *m_trainer, *m_lastGood);
        why += ". Back to the weights of epoch " + std::to_string(m_trainer->epoch())
            + "; lower the learning rate and press play";
    } else {
        why += "; lower the learning rate and press reset";
    }
    stop(why);
}

void PointsSession::fill(Snapshot &s)
{
    if (!m_network)
        return;
    try {
        s.train = m_trainer->evaluateTraining();
        s.layerStats = m_network->layerStatistics(); // the pass just made is over the training points
        s.test = m_testData.rows > 0 ? m_trainer->evaluate(m_testData) : Metrics {};
        if (!s.train.finite()) {
            if (!m_diverged)
                goBackToLastGood();
            s.train = m_trainer->evaluateTraining();
            s.test = m_testData.rows > 0 ? m_trainer->evaluate(m_testData) : Metrics {};
        } else if (!m_diverged && s.train.loss <= m_bestTrainLoss) {
            // The best run so far, not merely the last finite one: a loss on its way up (1e+34 is
            // still a number) leaves weights too large to train again, and a student who lowers
            // the learning rate after a divergence must get a network that learns.
            m_bestTrainLoss = s.train.loss;
            m_lastGood = TrainedRun {m_network->parametersToHost(), m_trainer->saveState()};
        }
        if (s.train.finite()) // the landscape's path
            m_path.record(double(m_trainer->epoch()), [this] { return m_network->parametersToHost(); });
        m_builder->fill(*m_network, s);
        s.race.clear();
        if (m_race)
            s.race = m_race->lanes([this](Network &lane) { return m_builder->outputMaps(lane); });
    } catch (const std::exception &e) {
        stop(errorMessage(e));
    }
    s.config = m_sharedConfig;
    s.hasTest = m_testData.rows > 0;
    s.epoch = m_trainer->epoch();
    s.updates = m_trainer->updates();
    s.epochProgress = m_trainer->epochProgress();
    s.learningRate = m_trainer->learningRate();
    s.stopped = m_stopped;
    s.diverged = m_diverged;
    s.message = m_message;
}

long long PointsSession::epoch() const
{
    return m_trainer ? m_trainer->epoch() : 0;
}

long long PointsSession::updates() const
{
    return m_trainer ? m_trainer->updates() : 0;
}

long PointsSession::updatesPerEpoch() const
{
    return m_trainer ? m_trainer->updatesPerEpoch() : 1;
}

double PointsSession::epochProgress() const
{
    return m_trainer ? m_trainer->epochProgress() : 0.0;
}

std::optional<TrainedRun> PointsSession::trainedRun() const
{
    if (!m_network || !m_trainer || m_trainer->updates() == 0)
        return std::nullopt;
    try {
        TrainedRun run {m_network->parametersToHost(), m_trainer->saveState()};
        if (m_race)
            run.lanes = m_race->save();
        return run;
    } catch (const std::exception &) { // a device error or no memory: save the settings alone
        return std::nullopt;
    }
}

void PointsSession::restoreRun(const TrainedRun &run)
{
    if (!m_network || !m_trainer)
        throw Error(m_message.empty() ? "there is no network to restore the run into" : m_message);
    restoreTrainedRun(*m_network, *m_trainer, run);
    startRace(); // the other optimizers start from the saved weights, unless the file has their runs
    std::string lanesLost;
    if (m_race && !run.lanes.empty()) {
        try {
            m_race->restore(run.lanes);
        } catch (const Error &e) {
            startRace();
            lanesLost = std::string("the race in the file was not restored (") + e.what()
                + "): its lanes start again from the saved weights";
        }
    }
    m_lastGood = TrainedRun {m_network->parametersToHost(), m_trainer->saveState()};
    m_bestTrainLoss = INFINITY;
    m_path.clear(); // the saved run's path was not saved with it
    m_diverged = false;
    m_stopped = false;
    m_message = lanesLost;
    m_bestTestLoss = INFINITY;
    m_bestEpoch = m_trainer->epoch();
}

onnx::OnnxModel PointsSession::model() const
{
    if (!m_network)
        throw Error(m_message.empty() ? "there is no network yet" : m_message);
    return pointsModel(m_config, *m_network);
}

TorchExport PointsSession::torchExport() const
{
    TorchExport e;
    e.model = model();
    e.title = m_config.drawnOnly ? "drawn points" : data::generatorName(m_config.dataset);
    e.rawInput = {2};
    e.classes = m_config.numClasses();
    e.plusMinusOne = e.classes > 0 && m_config.targetEncoding() == data::TargetEncoding::PlusMinusOne;
    e.trainer = m_config.trainerConfig();
    e.epochs = m_config.stopAfterEpochs > 0 ? int(std::min(m_config.stopAfterEpochs, 100000L)) : 100;
    const data::Points2D points = m_config.points();
    auto part = [](const std::vector<data::Point2> &pts) {
        TorchData d;
        for (const data::Point2 &p : pts) {
            d.inputs.insert(d.inputs.end(), {p.x, p.y});
            d.targets.push_back(p.value);
        }
        return d;
    };
    e.train = part(points.train);
    e.test = part(points.test);
    e.checkRows = std::min<int>(32, int(points.test.size()));
    const std::vector<data::Point2> first(points.test.begin(), points.test.begin() + e.checkRows);
    const Shape shape {e.checkRows, data::featureCount(m_config.features)};
    if (e.checkRows > 0)
        e.expectedOutputs = m_backend->toHost(
            m_network->forward(m_backend->fromHost(data::featureMatrix(first, m_config.features), shape), false));
    return e;
}

bool PointsSession::setWeight(int column, int from, int to, float value)
{
    if (!m_network)
        return false;
    int dense = -1;
    for (int i = 0; i < m_network->layerCount(); ++i) {
        if (m_network->layer(i).kind() != LayerKind::Dense || ++dense != column)
            continue;
        LayerWeights w = m_network->layerWeights(i, m_network->parametersToHost());
        const int inputs = w.shape[0], units = w.shape[1];
        if (from < 0 || to < 0 || from >= inputs || to >= units)
            return false;
        w.weights[std::size_t(from) * std::size_t(units) + std::size_t(to)] = value;
        m_network->setLayerWeights(i, w);
        return true;
    }
    return false;
}

LandscapeResult PointsSession::landscape(const LandscapeRequest &request)
{
    if (!m_network || !m_trainer)
        throw Error(m_message.empty() ? "there is no network to look around" : m_message);
    LandscapeResult out = computeLandscape(
        *m_network, [this] { return m_trainer->evaluateTraining(); }, m_path.states(), request);
    out.epoch = m_trainer->epoch();
    out.classification = m_config.problem() == data::ProblemType::Classification;
    return out;
}

} // namespace ds::app

#include "optimizerrace.h"

#include "error.h"
#include "network.h"


namespace ds::app {

struct OptimizerRace::Runner {
    OptimizerKind optimizer;
    std::unique_ptr<Network> network;
    std::unique_ptr<Trainer> trainer;
    bool diverged = false;
};

namespace {

TrainerConfig laneConfig(const PlaygroundConfig &config, OptimizerKind optimizer)
{
    TrainerConfig t = config.trainerConfig();
    t.optimizer.kind = optimizer;
    return t;
}

} // namespace

OptimizerRace::OptimizerRace(const PlaygroundConfig &config, Backend &backend, const std::vector<float> &startWeights,
    const TrainingData &train, const TrainingData &test)
    : m_test(test)
{
    for (OptimizerKind kind : config.race) {
        if (kind == config.optimizer)
            continue; // the main network runs this one
        auto r = std::make_unique<Runner>();
        r->optimizer = kind;
        r->network = std::make_unique<Network>(config.modelSpec(), backend, config.seed);
        r->network->setParameters(startWeights);
        // The same shuffle seed as the main trainer: the same batches in the same order.
        r->trainer = std::make_unique<Trainer>(*r->network, train, laneConfig(config, kind));
        m_runners.push_back(std::move(r));
    }
}

OptimizerRace::~OptimizerRace() = default;

void OptimizerRace::step(long updates)
{
    for (auto &r : m_runners)
        if (!r->diverged)
            r->trainer->step(updates);
}

void OptimizerRace::setConfig(const PlaygroundConfig &config)
{
    for (auto &r : m_runners)
        r->trainer->setConfig(laneConfig(config, r->optimizer));
}

std::vector<RaceLane> OptimizerRace::lanes(const std::function<std::vector<float>(Network &)> &outputMaps)
{
    std::vector<RaceLane> out;
    for (auto &r : m_runners) {
        RaceLane lane;
        lane.optimizer = r->optimizer;
        lane.train = r->trainer->evaluateTraining();
        lane.test = m_test.rows > 0 ? r->trainer->evaluate(m_test) : Metrics {};
        r->diverged = r->diverged || !lane.train.finite();
        lane.diverged = r->diverged;
        if (outputMaps)
            lane.output = outputMaps(*r->network);
        out.push_back(lane);
    }
    return out;
}

std::vector<RaceLaneRun> OptimizerRace::save() const
{
    std::vector<RaceLaneRun> out;
    for (const auto &r : m_runners)
        out.push_back({r->network->parametersToHost(), r->trainer->saveState(false), r->diverged});
    return out;
}

void OptimizerRace::restore(const std::vector<RaceLaneRun> &lanes)
{
    if (lanes.size() != m_runners.size())
        throw Error("the saved race has " + std::to_string(lanes.size()) + " lanes, this one "
            + std::to_string(m_runners.size()));
    // A diverged lane's weights may be NaN: only their number is checked.
    for (std::size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i].weights.size() != m_runners[i]->network->parameterCount())
            throw Error("a saved race lane does not fit this network");
    // Each trainer checks its state before it changes anything; a lane that fails after others
    // were restored leaves the race as the caller found it only in part, so the caller builds a
    // fresh race on failure (PointsSession::restoreRun).
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        m_runners[i]->trainer->restoreState(lanes[i].trainer);
        m_runners[i]->network->setParameters(lanes[i].weights);
        m_runners[i]->diverged = lanes[i].diverged;
    }
}

} // namespace ds::app

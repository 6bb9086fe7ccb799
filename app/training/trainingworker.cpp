#include "trainingworker.h"

#include "core/errormessage.h"

namespace ds::app {
namespace {

constexpr int kChunkMs = 8; // train this long between looks at the event queue
constexpr int kFrameMs = 16; // at most one snapshot per 60 Hz frame

} // namespace

TrainingWorker::TrainingWorker(QObject *parent) : TrainingLoop(kChunkMs, kFrameMs, parent)
{
    qRegisterMetaType<ds::app::LandscapeRequest>();
    qRegisterMetaType<std::shared_ptr<const ds::app::LandscapeResult>>();
}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::setConfig(const PlaygroundConfig &config)
{
    const std::string error = config.validationError();
    if (!error.empty()) {
        emit failed(QString::fromStdString(error));
        return;
    }
    const bool newRun = !m_session.hasNetwork() || !continuesRun(m_session.config(), config);
    try {
        m_session.apply(config);
        if (newRun)
            restartClock(true);
    } catch (const std::exception &e) {
        stopRunning();
        emit failed(QString::fromStdString(errorMessage(e)));
        emit configReverted(m_session.config());
    }
    if (m_session.config().epochsPerSecond != pace())
        setPace(m_session.config().epochsPerSecond);
    requestSnapshot();
}

std::optional<TrainedRun> TrainingWorker::trainedRun() const
{
    return m_session.trainedRun();
}

onnx::OnnxModel TrainingWorker::model() const
{
    return m_session.model();
}

TorchExport TrainingWorker::torchExport()
{
    return m_session.torchExport();
}

void TrainingWorker::restoreRun(const TrainedRun &run)
{
    if (!m_session.hasNetwork())
        return;
    pause();
    try {
        m_session.restoreRun(run);
    } catch (const std::exception &e) {
        emit failed("the trained network in the file was not restored: " + QString::fromStdString(errorMessage(e)));
    }
    requestSnapshot();
}

void TrainingWorker::computeLandscape(const LandscapeRequest &request)
{
    try {
        emit landscapeReady(std::make_shared<const LandscapeResult>(m_session.landscape(request)));
    } catch (const std::exception &e) {
        emit landscapeFailed(QString::fromStdString(errorMessage(e)));
    }
}

void TrainingWorker::setLandscapeRecompute(const LandscapeRequest &request, int everyEpochs)
{
    m_recompute.set(request, everyEpochs, m_session.epoch());
}

void TrainingWorker::trainSafely(long updates)
{
    try {
        m_session.train(updates);
    } catch (const std::exception &e) {
        m_session.stop(errorMessage(e));
        emit failed(QString::fromStdString(errorMessage(e)));
    }
}

void TrainingWorker::trainUpdates(long updates)
{
    trainSafely(updates);
    if (m_session.stopped())
        stopRunning();
}

void TrainingWorker::step()
{
    pause();
    if (!m_session.hasNetwork())
        return;
    m_session.resume(); // a step past a stop rule is asked for
    trainSafely(m_session.updatesPerEpoch());
    requestSnapshot();
}

void TrainingWorker::trainEpochs(long epochs)
{
    pause();
    if (!m_session.hasNetwork()) {
        const std::string &why = m_session.message();
        emit failed(QString::fromStdString(why.empty() ? "there is no network to train" : why));
        return;
    }
    trainSafely(epochs * m_session.updatesPerEpoch());
    requestSnapshot();
    emit epochsTrained(m_session.updates());
}

void TrainingWorker::reset()
{
    if (!m_session.hasNetwork())
        return;
    pause(); // as in TensorFlow Playground: a reset shows the fresh network, waiting for play
    try {
        m_session.reset();
        restartClock(true);
    } catch (const std::exception &e) {
        emit failed(QString::fromStdString(errorMessage(e)));
    }
    requestSnapshot();
}

void TrainingWorker::setWeight(int column, int from, int to, float value)
{
    if (m_session.setWeight(column, from, to, value))
        requestSnapshot();
}

void TrainingWorker::publish()
{
    if (!m_session.hasNetwork())
        return;
    // Reuse a snapshot the window has let go of (only the pool holds it): its buffers are already
    // the right size. A published snapshot is never written while anyone else holds it.
    std::shared_ptr<Snapshot> s;
    for (const auto &spare : m_pool)
        if (spare.use_count() == 1) {
            s = spare;
            break;
        }
    if (!s) {
        s = std::make_shared<Snapshot>();
        if (m_pool.size() < 3)
            m_pool.push_back(s);
    }
    const bool wasStopped = m_session.stopped();
    m_session.fill(*s);
    if (m_session.stopped() && !wasStopped)
        stopRunning(); // a divergence (or a device error) ended the run
    if (m_recompute.due(m_session.epoch()))
        computeLandscape(m_recompute.request()); // after fill, so that the path has this state
    s->secondsPerEpoch = secondsPerEpoch();
    s->running = isRunning();
    published();
    emit snapshotReady(std::shared_ptr<const Snapshot>(s));
}

} // namespace ds::app

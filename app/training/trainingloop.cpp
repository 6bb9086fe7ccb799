#include "trainingloop.h"

#include <QMetaObject>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace ds::app {

TrainingLoop::TrainingLoop(int chunkMs, int snapshotMs, QObject *parent)
    : QObject(parent), m_chunkMs(chunkMs), m_snapshotMs(snapshotMs)
{
}

void TrainingLoop::play()
{
    if (m_running || !canTrain())
        return;
    aboutToPlay();
    m_running = true;
    restartClock();
    emit runningChanged(true);
    scheduleTick();
    requestSnapshot();
}

void TrainingLoop::pause()
{
    if (!m_running)
        return;
    m_running = false;
    emit runningChanged(false);
    didPause();
}

void TrainingLoop::togglePlay()
{
    m_running ? pause() : play();
}

void TrainingLoop::stopRunning()
{
    pause();
}

void TrainingLoop::setPace(double epochsPerSecond)
{
    m_pace = std::max(0.0, epochsPerSecond);
    restartClock(true); // the new pace counts from now, not from play
}

void TrainingLoop::restartClock(bool forgetSpeed)
{
    if (forgetSpeed)
        m_secondsPerEpoch = 0.0;
    m_sincePlay.restart();
    m_epochsAtPlay = canTrain() ? epochProgress() : 0.0;
}

void TrainingLoop::snapshotShown()
{
    m_awaitingPaint = false;
    if (m_snapshotWanted && !m_running)
        publishNow(); // while running, the next tick publishes
}

void TrainingLoop::requestSnapshot()
{
    // Also while publish() runs: a stop rule met there pauses, and the pause asks for a snapshot
    // that the one being built already shows.
    if (m_awaitingPaint || m_publishing) {
        m_snapshotWanted = true;
        return;
    }
    publishNow();
}

void TrainingLoop::publishNow()
{
    m_snapshotWanted = false;
    m_publishing = true;
    publish();
    m_publishing = false;
}

void TrainingLoop::published()
{
    m_snapshotWanted = false;
    m_awaitingPaint = true;
    m_sinceSnapshot.restart();
}

void TrainingLoop::scheduleTick(int delayMs)
{
    if (m_tickQueued)
        return;
    m_tickQueued = true;
    if (delayMs > 0)
        QTimer::singleShot(delayMs, Qt::PreciseTimer, this, &TrainingLoop::tick);
    else
        QMetaObject::invokeMethod(this, &TrainingLoop::tick, Qt::QueuedConnection);
}

void TrainingLoop::tick()
{
    m_tickQueued = false;
    if (!m_running || !canTrain())
        return;
    QElapsedTimer chunk;
    chunk.start();
    const double before = epochProgress();
    const double update = 1.0 / double(std::max(1L, updatesPerEpoch())); // in epochs
    // Train in slices that grow while they are short (fewer clock reads once warm) until the
    // chunk's time is up, or the pace's quota is met: then sleep until the next update is due
    // rather than spin.
    long slice = 1;
    int waitMs = 0;
    while (m_running && chunk.elapsed() < m_chunkMs) {
        long n = slice;
        if (m_pace > 0) {
            const double seconds = double(m_sincePlay.nsecsElapsed()) * 1e-9;
            const double due = (epochProgress() + update - m_epochsAtPlay) / m_pace; // when the next may start
            if (due > seconds) {
                waitMs = std::clamp(int((due - seconds) * 1000.0), 1, m_snapshotMs);
                break;
            }
            n = 1;
        }
        const qint64 start = chunk.nsecsElapsed();
        trainUpdates(n);
        if (chunk.nsecsElapsed() - start < qint64(m_chunkMs) * 250000) // under a quarter of the chunk
            slice = std::min(slice * 2, long(std::lround(1.0 / update)));
    }
    const double epochs = epochProgress() - before;
    if (m_pace > 0 && epochProgress() > m_epochsAtPlay) // the pace's time per epoch, waits included
        m_secondsPerEpoch = double(m_sincePlay.nsecsElapsed()) * 1e-9 / (epochProgress() - m_epochsAtPlay);
    else if (epochs > 0) {
        const double spe = double(chunk.nsecsElapsed()) * 1e-9 / epochs;
        m_secondsPerEpoch = m_secondsPerEpoch > 0 ? 0.9 * m_secondsPerEpoch + 0.1 * spe : spe;
    }
    if (!m_running)
        return; // stopped by a rule: didPause() has published
    if (!m_sinceSnapshot.isValid() || m_sinceSnapshot.elapsed() >= m_snapshotMs)
        requestSnapshot();
    scheduleTick(waitMs);
}

} // namespace ds::app

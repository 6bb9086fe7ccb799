// TrainingLoop: the protocol both training threads' workers share (TrainingWorker for the points,
// ImageWorker for the images). Training runs in chunks of a few milliseconds, each re-posted as a
// queued call, so that commands (play, pause, new settings) slot in between without locks; a
// pace in epochs per second slows it to what a class can watch; a snapshot goes out at most once
// per interval and only after the window has shown the last, so fast training never floods the
// event loop and a slow paint never slows training. A subclass says how to train and publish.
#pragma once

#include <QElapsedTimer>
#include <QObject>

namespace ds::app {

class TrainingLoop : public QObject {
    Q_OBJECT
public:
    bool isRunning() const { return m_running; }
    // 0: as fast as the machine goes; else at most this many epochs per second.
    double pace() const { return m_pace; }
    // Seconds one epoch took lately while running (a moving average; 0 before any).
    double secondsPerEpoch() const { return m_secondsPerEpoch; }

public slots:
    void play();
    void pause();
    void togglePlay();
    void setPace(double epochsPerSecond);
    // The window has painted the last snapshot; the next may be published.
    void snapshotShown();

signals:
    void runningChanged(bool running);
    void failed(const QString &message);

protected:
    // `chunkMs`: training between looks at the event queue; `snapshotMs`: the least time between
    // snapshots while running.
    TrainingLoop(int chunkMs, int snapshotMs, QObject *parent);

    // Whether there is something to train; called before play starts.
    virtual bool canTrain() const = 0;
    virtual void aboutToPlay() { } // play() is starting the run (counters, messages)
    virtual void didPause() { requestSnapshot(); } // the run has just stopped, by pause or by itself
    virtual double epochProgress() const = 0; // epochs trained, fractional
    virtual long updatesPerEpoch() const = 0;
    // Trains `updates` updates (stopping early when a rule says so: it then calls stopRunning).
    virtual void trainUpdates(long updates) = 0;
    virtual void publish() = 0; // builds a snapshot and emits it

    // Publishes now, or as soon as the window has shown the last snapshot.
    void requestSnapshot();
    // Ends the run from inside (a stop rule, an error, a divergence); didPause() follows.
    void stopRunning();
    // The pace counts from here (play, a new pace, backend or network); `forgetSpeed` drops the
    // time per epoch measured so far.
    void restartClock(bool forgetSpeed = false);
    // A snapshot is out and not yet painted: publish() must call this when it emits one.
    void published();

private:
    void scheduleTick(int delayMs = 0);
    void tick();
    void publishNow();

    const int m_chunkMs, m_snapshotMs;
    bool m_running = false;
    bool m_tickQueued = false;
    bool m_awaitingPaint = false; // a snapshot is out and not yet painted
    bool m_snapshotWanted = false; // something changed while one was out
    bool m_publishing = false; // inside publish()
    double m_pace = 0.0;
    QElapsedTimer m_sinceSnapshot, m_sincePlay;
    double m_epochsAtPlay = 0.0;
    double m_secondsPerEpoch = 0.0;
};

} // namespace ds::app

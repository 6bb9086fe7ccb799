// The training worker, driven as the window drives it: commands in, snapshots out.
#include "training/trainingworker.h"

#include "backends.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "patience.h"

using deepscope::test::patience;

using namespace ds;
using namespace ds::app;

namespace {

// Keeps the latest snapshot and acknowledges it, as the window does after painting.
class Viewer : public QObject {
public:
    explicit Viewer(TrainingWorker *worker)
    {
        connect(worker, &TrainingWorker::snapshotReady, this, [this, worker](std::shared_ptr<const Snapshot> s) {
            latest = std::move(s);
            ++count;
            QMetaObject::invokeMethod(worker, &TrainingWorker::snapshotShown, Qt::QueuedConnection);
        });
    }
    std::shared_ptr<const Snapshot> latest;
    int count = 0;
};

PlaygroundConfig xorConfig()
{
    PlaygroundConfig c;
    c.dataset = data::Generator::Xor;
    c.hiddenLayers = {4};
    c.epochsPerSecond = 0; // full speed: the tests wait for hundreds of epochs
    return c;
}

} // namespace

class TestTrainingWorker : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qRegisterMetaType<PlaygroundConfig>();
        qRegisterMetaType<std::shared_ptr<const Snapshot>>();
    }

    // A learning rate that blows up: training pauses, says in which epoch and layer, and goes
    // back to the last weights whose loss was a number; play goes on from there.
    void divergencePausesOnTheLastGoodWeights()
    {
        TrainingWorker w;
        Viewer v(&w);
        PlaygroundConfig c;
        c.dataset = data::Generator::Plane; // regression: a linear output lets the loss run away
        c.hiddenLayers = {8, 8};
        c.activation = ActivationKind::Relu;
        c.learningRate = 3.0f;
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest, patience(5000));
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->diverged, patience(60000));
        QVERIFY(!v.latest->running);
        QVERIFY2(QString::fromStdString(v.latest->message)
                     .contains(QRegularExpression("^training diverged by epoch \\d+: (layer \\d+ \\(.+\\) gave a value "
                                                  "that is not a number|the loss grew past what a float can hold)\\. "
                                                  "Back to the weights of epoch \\d+")),
            v.latest->message.c_str());
        QVERIFY(v.latest->train.finite() && v.latest->test.finite());
        const std::vector<float> weights = w.model().parameters;
        QVERIFY(std::all_of(weights.begin(), weights.end(), [](float x) { return std::isfinite(x); }));
        // A lower rate and play: it trains on from those weights.
        c.learningRate = 0.01f;
        w.setConfig(c);
        const long long epoch = v.latest->epoch;
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->epoch > epoch + 5 && !v.latest->diverged, patience(60000));
        w.pause();
        QVERIFY(v.latest->train.finite());
    }

    void playTrainsAndLossFalls()
    {
        TrainingWorker w;
        Viewer v(&w);
        w.setConfig(xorConfig());
        QTRY_VERIFY_WITH_TIMEOUT(v.latest, patience(5000));
        QCOMPARE(v.latest->epoch, 0);
        QCOMPARE(v.latest->columnSizes, (std::vector<int> {2, 4, 1}));
        QCOMPARE(int(v.latest->maps[1].size()), 4 * TrainingWorker::kGrid * TrainingWorker::kGrid);
        const float before = v.latest->train.loss;
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->epoch > 100, patience(30000));
        w.pause();
        QTRY_VERIFY_WITH_TIMEOUT(!v.latest->running, patience(5000));
        QVERIFY2(v.latest->train.loss < 0.5f * before,
            qPrintable(QString("loss %1 -> %2").arg(before).arg(v.latest->train.loss)));
        QVERIFY(v.latest->secondsPerEpoch > 0);
        // Snapshots are paced by the display, not by training: far fewer than epochs.
        QVERIFY(v.count < v.latest->epoch);
    }

    // Replay (reset, then play) starts from the same weights and trains the same bits: paused at
    // once and trained 40 epochs it matches the first 40 epochs.
    void replayTrainsTheSameBits()
    {
        TrainingWorker w;
        Viewer v(&w);
        w.setConfig(xorConfig());
        QTRY_VERIFY_WITH_TIMEOUT(v.latest, patience(5000));
        const std::vector<float> start = v.latest->weights[0];
        w.trainEpochs(40);
        const auto first = w.trainedRun();
        QVERIFY(first && first->trainer.epoch == 40);
        w.reset();
        w.play();
        w.pause(); // before any chunk ran: the queued tick finds it paused
        QTRY_VERIFY_WITH_TIMEOUT(v.latest && !v.latest->running && v.latest->epoch == 0, patience(5000));
        QVERIFY(v.latest->weights[0] == start);
        w.trainEpochs(40);
        const auto again = w.trainedRun();
        QVERIFY(again && again->weights == first->weights);
    }

    // A pace is a ceiling on epochs per second, counted from play, and the loop sleeps between
    // updates rather than racing ahead; full speed is far faster.
    void paceLimitsEpochsPerSecond()
    {
        TrainingWorker w;
        Viewer v(&w);
        PlaygroundConfig c = xorConfig();
        c.epochsPerSecond = 20;
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest, patience(5000));
        QElapsedTimer clock;
        clock.start();
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->epoch >= 10, patience(30000));
        QTest::qWait(300);
        w.pause();
        const double seconds = double(clock.elapsed()) / 1000.0;
        QTRY_VERIFY_WITH_TIMEOUT(!v.latest->running, patience(5000));
        const long long paced = v.latest->epoch;
        QVERIFY2(paced <= 20.0 * seconds + 1,
            qPrintable(QString("%1 epochs in %2 s at 20 epochs/s").arg(paced).arg(seconds)));
        // The time per epoch shown is the pace's (waits included), near 50 ms.
        QVERIFY2(v.latest->secondsPerEpoch > 0.035, qPrintable(QString::number(v.latest->secondsPerEpoch)));

        c.epochsPerSecond = 0;
        w.setConfig(c); // the same network: the pace changes in place
        clock.restart();
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->epoch >= paced + 200, patience(30000));
        w.pause();
        QVERIFY(double(clock.elapsed()) / 1000.0 < 200.0 / 20.0);
    }

    // A race: every lane starts from the main network's weights and trains on its batches, so a
    // lane's optimizer ends where the same optimizer alone ends, to the bit.
    void raceLanesTrainAsTheirOptimizerAlone()
    {
        auto trainAlone = [](OptimizerKind kind) {
            TrainingWorker w;
            Viewer v(&w);
            PlaygroundConfig c = xorConfig();
            c.optimizer = kind;
            w.setConfig(c);
            w.trainEpochs(20);
            return QTest::qWaitFor([&] { return v.latest && v.latest->epoch == 20; }, patience(30000)) ? v.latest->train
                                                                                                       : Metrics {};
        };
        const Metrics momentum = trainAlone(OptimizerKind::Momentum), adam = trainAlone(OptimizerKind::Adam);

        TrainingWorker w;
        Viewer v(&w);
        PlaygroundConfig c = xorConfig();
        c.race = {OptimizerKind::Momentum, OptimizerKind::Sgd, OptimizerKind::Adam}; // sgd is the main one
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest && v.latest->epoch == 0, patience(5000));
        // The same start: at epoch 0 every lane has the main network's loss.
        QCOMPARE(int(v.latest->race.size()), 2);
        for (const RaceLane &lane : v.latest->race)
            QCOMPARE(lane.train.loss, v.latest->train.loss);
        w.trainEpochs(20);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->epoch == 20, patience(30000));
        const std::vector<RaceLane> &lanes = v.latest->race;
        QCOMPARE(lanes[0].optimizer, OptimizerKind::Momentum);
        QCOMPARE(lanes[1].optimizer, OptimizerKind::Adam);
        QCOMPARE(lanes[0].train.loss, momentum.loss);
        QCOMPARE(lanes[1].train.loss, adam.loss);
        QVERIFY(lanes[1].train.loss != v.latest->train.loss);
        // A learning rate change reaches every lane; a new race starts again from epoch 0.
        c.race = {OptimizerKind::Adam};
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->epoch == 0 && v.latest->race.size() == 1, patience(5000));
        QCOMPARE(v.latest->race[0].train.loss, v.latest->train.loss);
        c.race.clear();
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->race.empty(), patience(5000));
    }

    // Switching to the GPU keeps the weights and the epoch. Without a GPU the switch is refused
    // with the reason, and the run stays as it was on the CPU.
    void switchingBackendKeepsTheRun()
    {
        TrainingWorker w;
        Viewer v(&w);
        QSignalSpy failures(&w, &TrainingWorker::failed);
        PlaygroundConfig c = xorConfig();
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest, patience(5000));
        for (int i = 0; i < 30; ++i)
            w.step();
        QTRY_VERIFY_WITH_TIMEOUT(v.latest && v.latest->epoch == 30, patience(5000));
        const auto before = v.latest;
        const BackendInfo gpu = probeBackends().at(1);
        c.backend = "cuda";
        w.setConfig(c);
        if (!gpu.available) {
            QCOMPARE(failures.count(), 1);
            QVERIFY2(failures.at(0).at(0).toString().contains(QString::fromStdString(gpu.reason)),
                qPrintable(failures.at(0).at(0).toString()));
        } else {
            QCOMPARE(failures.count(), 0);
        }
        QTRY_VERIFY_WITH_TIMEOUT(v.latest != before, patience(5000));
        QCOMPARE(v.latest->epoch, 30);
        for (std::size_t l = 0; l < before->weights.size(); ++l)
            for (std::size_t i = 0; i < before->weights[l].size(); ++i)
                QVERIFY(std::abs(v.latest->weights[l][i] - before->weights[l][i]) < 1e-6f);
        w.step(); // and it goes on training, wherever it is
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->epoch == 31, patience(5000));
    }

    void editingAWeightChangesTheOutput()
    {
        TrainingWorker w;
        Viewer v(&w);
        w.setConfig(xorConfig());
        QTRY_VERIFY_WITH_TIMEOUT(v.latest, patience(5000));
        const auto before = v.latest;
        w.setWeight(1, 2, 0, 4.0f); // hidden neuron 2 -> output
        QTRY_VERIFY_WITH_TIMEOUT(v.latest != before, patience(5000));
        QCOMPARE(v.latest->weights[1][2], 4.0f);
        QVERIFY(v.latest->maps.back() != before->maps.back());
    }

    void activationChangeKeepsWeights()
    {
        TrainingWorker w;
        Viewer v(&w);
        PlaygroundConfig c = xorConfig();
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest, patience(5000));
        const auto before = v.latest;
        c.activation = ActivationKind::Relu;
        c.learningRate = 0.1f;
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest != before, patience(5000));
        QCOMPARE(v.latest->weights, before->weights);
        QVERIFY(v.latest->maps[1] != before->maps[1]); // the hidden maps are now relu's
        c.hiddenLayers = {5};
        w.setConfig(c);
        QTRY_COMPARE_WITH_TIMEOUT(v.latest->columnSizes, (std::vector<int> {2, 5, 1}), patience(5000));
    }

    // Drawing a point goes on with the same weights and trains on it.
    void drawnPointsKeepTheWeights()
    {
        TrainingWorker w;
        Viewer v(&w);
        PlaygroundConfig c = xorConfig();
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest, patience(5000));
        const auto before = v.latest;
        c.drawnPoints.push_back({1.0f, 1.0f, 0.0f});
        w.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest != before, patience(5000));
        QCOMPARE(v.latest->weights, before->weights);
        QCOMPARE(v.latest->pointValues.size(), before->pointValues.size() + 1);
        w.step();
        QTRY_COMPARE_WITH_TIMEOUT(v.latest->epoch, 1, patience(5000));
        c.dataSeed = 99; // a new draw of the data set starts over
        w.setConfig(c);
        QTRY_COMPARE_WITH_TIMEOUT(v.latest->epoch, 0, patience(5000));
        QCOMPARE(v.latest->weights, before->weights); // the weight seed did not change
    }

    void stopRuleEndsTraining()
    {
        TrainingWorker w;
        Viewer v(&w);
        PlaygroundConfig c = xorConfig();
        c.stopAfterEpochs = 30;
        w.setConfig(c);
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(v.latest && v.latest->stopped, patience(30000));
        QCOMPARE(v.latest->epoch, 30);
        QVERIFY(!v.latest->running);
        QVERIFY(QString::fromStdString(v.latest->message).contains("30 epochs"));
    }

    void divergenceStopsWithAMessage()
    {
        TrainingWorker w;
        Viewer v(&w);
        PlaygroundConfig c;
        c.dataset = data::Generator::Plane;
        c.features = data::kAllFeatures;
        c.activation = ActivationKind::Relu;
        c.learningRate = 50.0f;
        w.setConfig(c);
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(v.latest && v.latest->stopped, patience(30000));
        QVERIFY2(QString::fromStdString(v.latest->message).contains("diverged"), v.latest->message.c_str());
    }

    void invalidConfigIsRefusedWithAReason()
    {
        TrainingWorker w;
        QSignalSpy failed(&w, &TrainingWorker::failed);
        PlaygroundConfig c;
        c.features = 0;
        w.setConfig(c);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains("input feature"));
    }

    // On its own thread, through queued calls only, as in the app.
    void runsOnItsOwnThread()
    {
        QThread thread;
        // Stops the thread however the test ends (a failed check returns early).
        const auto guard = qScopeGuard([&] {
            thread.quit();
            thread.wait(patience(5000));
        });
        auto *w = new TrainingWorker;
        w->moveToThread(&thread);
        connect(&thread, &QThread::finished, w, &QObject::deleteLater);
        thread.start();
        Viewer v(w);
        QMetaObject::invokeMethod(w, "setConfig", Qt::QueuedConnection, Q_ARG(ds::app::PlaygroundConfig, xorConfig()));
        QMetaObject::invokeMethod(w, &TrainingWorker::play, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest && v.latest->epoch > 50, patience(30000));
        QMetaObject::invokeMethod(w, &TrainingWorker::reset, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(v.latest->epoch == 0 && !v.latest->running, patience(30000));
    }
};

QTEST_GUILESS_MAIN(TestTrainingWorker)
#include "tst_trainingworker.moc"

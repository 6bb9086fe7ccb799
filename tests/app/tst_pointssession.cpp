// PointsSession without a thread or a window: the rules that end a run, what a new config keeps,
// a restored run going on to the same bits, and a divergence going back to the last good weights.
#include "core/pointssession.h"
#include "error.h"

#include <QTest>

using namespace ds;
using namespace ds::app;

namespace {

PlaygroundConfig small()
{
    PlaygroundConfig c;
    c.dataset = data::Generator::Xor;
    c.numPoints = 100; // 50 to train on, batch 10: 5 updates an epoch
    c.hiddenLayers = {4};
    return c;
}

std::vector<float> weights(const PointsSession &s)
{
    const auto run = s.trainedRun();
    return run ? run->weights : std::vector<float> {};
}

} // namespace

class TestPointsSession : public QObject {
    Q_OBJECT
private slots:
    // The epoch limit ends the run at that epoch's last update, however large the chunk asked
    // for; play afterwards goes on past it (the rule fires when the run reaches the limit).
    void epochLimitEndsTheRunExactly()
    {
        PlaygroundConfig c = small();
        c.stopAfterEpochs = 7;
        PointsSession s;
        s.apply(c);
        QCOMPARE(s.updatesPerEpoch(), 5L);
        QCOMPARE(s.train(1000), 35L);
        QCOMPARE(s.epoch(), 7LL);
        QVERIFY(s.stopped());
        QCOMPARE(s.message(), std::string("stopped after 7 epochs"));
        s.resume();
        QCOMPARE(s.train(10), 10L);
        QCOMPARE(s.epoch(), 9LL);
        QVERIFY(!s.stopped());
    }

    // The patience counts epochs without a better test loss, checked at every epoch's end.
    void patienceEndsAStalledRun()
    {
        PlaygroundConfig c = small();
        c.dataset = data::Generator::Spiral;
        c.noisePercent = 40;
        c.learningRate = 0.3f;
        c.patienceEpochs = 2;
        PointsSession s;
        s.apply(c);
        const long done = s.train(5 * 500);
        QVERIFY(s.stopped());
        QVERIFY2(done < 5 * 500 && done % 5 == 0, qPrintable(QString::number(done)));
        QCOMPARE(s.message(), std::string("stopped: the test loss has not improved for 2 epochs"));
    }

    // Checking the rules one update at a time changes no bits: the same run in one call or in
    // chunks of 3 (a rule that never fires).
    void chunksDoNotChangeTheRun()
    {
        PlaygroundConfig c = small();
        c.stopAfterEpochs = 1000;
        PointsSession whole, pieces;
        whole.apply(c);
        pieces.apply(c);
        whole.train(60);
        for (int i = 0; i < 20; ++i)
            pieces.train(3);
        QCOMPARE(weights(whole), weights(pieces));
    }

    void newConfigKeepsOrRestarts()
    {
        PointsSession s;
        s.apply(small());
        s.train(20);
        const std::vector<float> trained = weights(s);
        PlaygroundConfig c = small();
        c.learningRate = 0.1f; // in place
        s.apply(c);
        QCOMPARE(weights(s), trained);
        QCOMPARE(s.epoch(), 4LL);
        c.hiddenLayers = {5}; // a new shape: a new run
        QVERIFY(!continuesRun(small(), c));
        s.apply(c);
        QCOMPARE(s.epoch(), 0LL);
        QVERIFY(!s.trainedRun());
        // An invalid config is refused and changes nothing.
        PlaygroundConfig bad = c;
        bad.batchSize = 0;
        bool refused = false;
        try {
            s.apply(bad);
        } catch (const Error &) {
            refused = true;
        }
        QVERIFY(refused);
        QCOMPARE(s.config().batchSize, c.batchSize);
        QVERIFY(s.hasNetwork());
    }

    // A saved run put back into a fresh session trains on to the same bits.
    void restoredRunGoesOnToTheSameBits()
    {
        PointsSession a;
        a.apply(small());
        a.train(17);
        const TrainedRun saved = *a.trainedRun();
        a.train(23);
        PointsSession b;
        b.apply(small());
        b.restoreRun(saved);
        b.train(23);
        QCOMPARE(weights(b), weights(a));
    }

    // The loss landscape around the weights: its centre is the training loss a snapshot shows,
    // looking leaves the run as it was (it trains on to the twin's bits), and the path saved at
    // the snapshots spans the plane of its principal components, ending at the centre.
    void landscapeLooksWithoutTouching()
    {
        PlaygroundConfig c = small();
        c.hiddenLayers = {6, 6};
        PointsSession s, twin;
        s.apply(c);
        twin.apply(c);
        Snapshot snap;
        QVERIFY_THROWS_EXCEPTION(Error, s.landscape({LandscapeRequest::Directions::Path, 11, 0.25, 1}));
        for (int i = 0; i < 30; ++i) {
            s.train(5);
            twin.train(5);
            s.fill(snap);
        }
        QCOMPARE(s.pathLength(), std::size_t(30));
        const LandscapeResult random = s.landscape({LandscapeRequest::Directions::Random, 11, 1.0, 4});
        QCOMPARE(random.grid.size, 11);
        QCOMPARE(random.grid.lossAt(5, 5), snap.train.loss);
        QCOMPARE(random.epoch, snap.epoch);
        QCOMPARE(random.path.size(), std::size_t(30));
        QVERIFY(random.classification);
        const LandscapeResult path = s.landscape({LandscapeRequest::Directions::Path, 11, 0.25, 1});
        QVERIFY(path.explained1 > 0.0 && path.explained1 + path.explained2 <= 1.0 + 1e-9);
        QVERIFY(path.explained1 >= path.explained2);
        QCOMPARE(path.grid.lossAt(5, 5), snap.train.loss);
        QVERIFY(std::abs(path.path.back().first) < 1e-6 && std::abs(path.path.back().second) < 1e-6);
        // The grid reaches past the path's farthest point by the margin asked for.
        double reach = 0.0;
        for (const auto &[a, b] : path.path)
            reach = std::max({reach, std::abs(a), std::abs(b)});
        QVERIFY(std::abs(path.grid.range - reach * 1.25) < 1e-9 * reach);
        s.train(40);
        twin.train(40);
        QCOMPARE(weights(s), weights(twin));
        // A new run starts a new path.
        s.reset();
        QCOMPARE(s.pathLength(), std::size_t(0));
    }

    // The path keeps at most kPathLength states, evenly thinned as a long run goes on.
    void longPathsAreThinned()
    {
        PointsSession s;
        s.apply(small());
        Snapshot snap;
        for (int i = 0; i < 450; ++i) {
            s.train(5); // an epoch each
            s.fill(snap);
        }
        QVERIFY(s.pathLength() <= PointsSession::kPathLength);
        QVERIFY(s.pathLength() >= PointsSession::kPathLength / 2);
    }

    // After a divergence, a lower learning rate and play train the network again (the lesson
    // "Learning rate: too large"): the run goes back to its best weights, not to the last finite
    // ones, which were already too large to learn from (the loss stayed at 0.245). Several seeds.
    void lowerRateAfterDivergenceLearns()
    {
        for (std::uint64_t seed : {1, 2, 3}) {
            PlaygroundConfig c;
            c.dataset = data::Generator::Plane;
            c.hiddenLayers = {4, 2};
            c.activation = ActivationKind::Relu;
            c.learningRate = 3;
            c.seed = seed;
            PointsSession s;
            s.apply(c);
            Snapshot snap;
            s.fill(snap);
            for (int i = 0; i < 200 && !s.diverged(); ++i) {
                s.train(5);
                s.fill(snap);
            }
            QVERIFY(s.diverged());
            c.learningRate = 0.03f;
            s.apply(c);
            s.resume();
            s.train(s.updatesPerEpoch() * 40);
            s.fill(snap);
            QVERIFY2(snap.train.loss < 0.06f, qPrintable(QString("seed %1: loss %2").arg(seed).arg(snap.train.loss)));
        }
    }

    // A race's lanes are part of the run: restored, they go on to the same bits as the lanes that
    // never stopped (they used to start again from the main weights).
    void raceLanesReopenBitExact()
    {
        PlaygroundConfig c = small();
        c.race = {OptimizerKind::Momentum, OptimizerKind::Adam};
        PointsSession a;
        a.apply(c);
        a.train(13);
        const TrainedRun saved = *a.trainedRun();
        QCOMPARE(saved.lanes.size(), std::size_t(2));
        a.train(11);
        PointsSession b;
        b.apply(c);
        b.restoreRun(saved);
        QCOMPARE(b.message(), std::string());
        b.train(11);
        QVERIFY(b.trainedRun()->lanes == a.trainedRun()->lanes);
        QVERIFY(b.trainedRun()->lanes[1].weights != b.trainedRun()->weights);
        // A file whose lanes do not fit: the main run is restored, the lanes start again, and it says so.
        TrainedRun wrong = saved;
        wrong.lanes.pop_back();
        PointsSession d;
        d.apply(c);
        d.restoreRun(wrong);
        QCOMPARE(d.trainedRun()->weights, saved.weights);
        QVERIFY2(d.message().find("the race in the file was not restored") == 0, d.message().c_str());
    }

    // A loss that is not a number takes the run back to the last good weights and says where.
    // An exported model says where its points came from: a formula's playground names the
    // formula (it said "circle", the generator left unused), a generator's the generator.
    void anExportNamesItsData()
    {
        PlaygroundConfig c;
        c.formula = "y > sin(2*x)";
        PointsSession formula;
        formula.apply(c);
        QCOMPARE(formula.model().metadata.at("deepscope.dataset"), std::string("the formula y > sin(2*x)"));
        c.formula.clear();
        c.dataset = data::Generator::Xor;
        PointsSession xorSession;
        xorSession.apply(c);
        QCOMPARE(xorSession.model().metadata.at("deepscope.dataset"), std::string("xor"));
    }

    void divergenceGoesBackToTheLastGoodRun()
    {
        PlaygroundConfig c;
        c.dataset = data::Generator::Plane;
        c.learningRate = 100;
        c.hiddenLayers = {8, 8};
        c.activation = ActivationKind::Relu;
        PointsSession s;
        s.apply(c);
        Snapshot snap;
        s.fill(snap); // the start is the last good run
        s.train(500);
        s.fill(snap);
        QVERIFY(s.diverged() && s.stopped());
        QVERIFY2(s.message().find("training diverged by epoch") == 0, s.message().c_str());
        QVERIFY(snap.diverged);
        QVERIFY(snap.train.finite()); // evaluated again on the weights put back
    }
};

QTEST_GUILESS_MAIN(TestPointsSession)
#include "tst_pointssession.moc"

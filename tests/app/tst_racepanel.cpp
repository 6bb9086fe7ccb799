// The race's lanes side by side: every lane's decision boundary over the same plane as the output
// map (PointsSession puts each lane's output maps in the snapshot; RacePanel draws them in the
// output map's colours), the playground's own first.
#include "core/pointssession.h"
#include "points/lanemaps.h"
#include "points/racepanel.h"
#include "points/snapshotimages.h"

#include <QCheckBox>
#include <QToolButton>
#include <QTest>

using namespace ds;
using namespace ds::app;

class TestRacePanel : public QObject {
    Q_OBJECT
private slots:
    void everyLaneShowsItsBoundary()
    {
        PlaygroundConfig c;
        c.dataset = data::Generator::Xor;
        c.hiddenLayers = {6};
        c.learningRate = 0.03f;
        c.race = {OptimizerKind::Momentum, OptimizerKind::Adam};
        PointsSession session;
        session.apply(c);
        Snapshot s;
        session.fill(s);
        QCOMPARE(int(s.race.size()), 2);
        const std::size_t cells = std::size_t(s.grid) * std::size_t(s.grid);
        // From the same start, every lane's boundary is the playground's own.
        for (const RaceLane &lane : s.race) {
            QCOMPARE(lane.output.size(), cells * std::size_t(s.columnSizes.back()));
            QVERIFY(std::equal(lane.output.begin(), lane.output.end(), s.maps.back().begin()));
        }

        RacePanel panel;
        panel.resize(320, 300);
        panel.showConfig(c);
        auto *boundaries = panel.findChild<QToolButton *>("raceBoundaries");
        QVERIFY(boundaries && boundaries->isVisibleTo(&panel));
        auto *maps = panel.findChild<LaneMaps *>("laneMaps");
        QVERIFY(!maps->isVisibleTo(&panel)); // the losses first
        boundaries->click();
        QVERIFY(maps->isVisibleTo(&panel));
        panel.append(s);
        QCOMPARE(int(panel.laneMaps().size()), 3);
        QCOMPARE(panel.laneMaps()[0], outputImage(s, 2, false));
        QCOMPARE(panel.laneMaps()[1], panel.laneMaps()[0]);
        panel.show();
        for (int i = 0; i < 2; ++i) // side by side, none overlapping the next
            QVERIFY(maps->mapRect(i).width() >= 60 && maps->mapRect(i).right() < maps->mapRect(i + 1).left());

        // After training each optimizer has drawn its own.
        session.train(session.updatesPerEpoch() * 30);
        session.fill(s);
        panel.append(s);
        QVERIFY(panel.laneMaps()[1] != panel.laneMaps()[0]);
        QVERIFY(panel.laneMaps()[2] != panel.laneMaps()[1]);
        QCOMPARE(panel.laneMaps()[2], outputImage(s.race[1].output.data(), s.grid, 2, false));

        // Nothing racing: no maps.
        c.race.clear();
        panel.showConfig(c);
        QVERIFY(!boundaries->isVisibleTo(&panel));
        QVERIFY(panel.laneMaps().empty());
    }
};

QTEST_MAIN(TestRacePanel)
#include "tst_racepanel.moc"

// The 3-D views and the landscape's recompute while training: what the surfaces are made of (the
// landscape's grid and path, the Points output and its data), the panel's choices, the recompute's
// schedule, and the training worker computing it on its own as it trains. Drawing needs OpenGL,
// which the offscreen platform has not: there the plot must say so and keep its data.
#include "controls/landscapepanel.h"
#include "controls/landscapesurface.h"
#include "core/pointssession.h"
#include "landscapeline.h"
#include "core/landscaperesult.h"
#include "landscapemap.h"
#include "points/outputsurface.h"
#include "surfaceplot.h"
#include "training/trainingworker.h"
#include "error.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>

#include "patience.h"

#include <cmath>

using deepscope::test::patience;
using namespace ds;
using namespace ds::app;

namespace {

// A landscape whose loss is 1 + a + 2b + a·b at every grid point (bilinear, so the interpolation
// between grid points must give it exactly), with a path along the diagonal.
LandscapeResult planeResult()
{
    LandscapeResult r;
    r.grid.size = 5;
    r.grid.range = 1.0;
    for (int row = 0; row < 5; ++row)
        for (int c = 0; c < 5; ++c) {
            const double a = r.grid.a(c), b = r.grid.b(row);
            r.grid.loss.push_back(float(4 + a + 2 * b + a * b));
        }
    r.path = {{-0.8, -0.8}, {-0.4, -0.4}, {0.0, 0.0}};
    return r;
}

} // namespace

class TestSurfaces : public QObject {
    Q_OBJECT

private slots:
    void recomputeComesOncePerMultiple()
    {
        LandscapeRecompute r;
        QVERIFY(!r.due(1000)); // off at first
        r.set({}, 100, 30);
        QVERIFY(!r.due(99));
        QVERIFY(r.due(100));
        QVERIFY(!r.due(100));
        QVERIFY(!r.due(150));
        QVERIFY(r.due(250)); // two multiples passed in one go: once
        QVERIFY(!r.due(299));
        QVERIFY(!r.due(0)); // a reset: counted again from there
        QVERIFY(!r.due(99));
        QVERIFY(r.due(100));
        r.set({}, 0, 100);
        QVERIFY(!r.due(1000));
    }

    void lossBetweenGridPointsIsInterpolated()
    {
        const LandscapeResult r = planeResult();
        for (double a : {-1.0, -0.3, 0.0, 0.45, 1.0})
            for (double b : {-1.0, 0.2, 0.9, 1.0})
                QVERIFY(std::abs(landscapeLossAt(r.grid, a, b) - (4 + a + 2 * b + a * b)) < 1e-5);
        QVERIFY(std::isnan(landscapeLossAt(r.grid, 1.01, 0)));
        QVERIFY(std::isnan(landscapeLossAt(r.grid, 0, -2)));
    }

    void landscapeSurfaceIsTheGrid()
    {
        LandscapeResult r = planeResult();
        r.grid.loss[3] = INFINITY; // a point that ran off: no height
        const widgets::SurfaceGrid s = landscapeSurface(r, false);
        QCOMPARE(s.columns, 5);
        QCOMPARE(s.rows, 5);
        QCOMPARE(s.x0, -1.0);
        QCOMPARE(s.z1, 1.0);
        QCOMPARE(s.heights[7], r.grid.loss[7]);
        QVERIFY(std::isnan(s.heights[3]));
        QCOMPARE(s.yTitle, QString("loss"));
        const widgets::SurfaceGrid logged = landscapeSurface(r, true);
        QVERIFY(std::abs(logged.heights[7] - std::log10(r.grid.loss[7])) < 1e-6);
        QCOMPARE(logged.yTitle, QString("log10 loss"));
    }

    // The path lies on the surface (a little above it), from its start to the red "now" at the
    // centre, with markers between the states.
    void pathMarkersLieOnTheSurface()
    {
        const LandscapeResult r = planeResult();
        const auto markers = landscapePathMarkers(r, false, 3);
        QCOMPARE(int(markers.size()), 3 + 2 * 3 + 1);
        const float lift = 0.025f * (8.0f - 2.0f); // of the loss range, 2 .. 8
        for (const auto &m : markers) {
            const double a = m.position.x(), b = m.position.z();
            QVERIFY(std::abs(m.position.y() - float(4 + a + 2 * b + a * b) - lift) < 1e-4);
        }
        QCOMPARE(markers.front().position.x(), -0.8f);
        QCOMPARE(markers.back().position.x(), 0.0f);
        QCOMPARE(markers.back().colour, QColor(230, 30, 30));
        QVERIFY(markers.back().size > markers[1].size);
    }

    // The output map (row 0 at the top, x2 = +6) becomes a surface whose rows run up x2; every
    // other point kept, both ends included.
    void outputSurfaceFollowsTheMap()
    {
        Snapshot s;
        s.grid = 5;
        s.columnSizes = {2, 1};
        s.maps = {std::vector<float>(2 * 25), {}};
        for (int r = 0; r < 5; ++r)
            for (int c = 0; c < 5; ++c)
                s.maps[1].push_back(float(10 * r + c)); // row r of the map, column c
        const widgets::SurfaceGrid g = outputSurface(s, 2);
        QCOMPARE(g.columns, 3);
        QCOMPARE(g.rows, 3);
        QCOMPARE(g.x0, -6.0);
        QCOMPARE(g.z1, 6.0);
        // Surface row 0 is x2 = -6: the map's bottom row (4).
        QCOMPARE(g.heights, (std::vector<float> {40, 42, 44, 20, 22, 24, 0, 2, 4}));
        s.columnSizes = {2, 3}; // three classes: no single output
        QVERIFY(outputSurface(s).heights.empty());
    }

    void dataPointsStandAtTheirValues()
    {
        PlaygroundConfig c;
        c.dataset = data::Generator::Plane;
        c.showTestData = false;
        const data::Points2D points = c.points();
        auto markers = dataMarkers(c);
        QCOMPARE(markers.size(), points.train.size());
        QCOMPARE(markers[3].position, QVector3D(points.train[3].x, points.train[3].value, points.train[3].y));
        c.showTestData = true;
        QCOMPARE(dataMarkers(c).size(), points.train.size() + points.test.size());
        c.dataset = data::Generator::Xor; // two classes: at the outputs that mark them
        for (const auto &m : dataMarkers(c))
            QVERIFY(m.position.y() == -1.0f || m.position.y() == 1.0f);
    }

    // Without OpenGL (the offscreen platform) the plot says so, in words, and keeps what it was
    // given; with it, it draws (seen under Xvfb).
    void plotWithoutOpenGLSaysSo()
    {
        widgets::SurfacePlot plot;
        plot.show();
        LandscapeResult r = planeResult();
        plot.setSurface(landscapeSurface(r, false));
        plot.setMarkers(landscapePathMarkers(r, false));
        QCOMPARE(plot.surface().columns, 5);
        QVERIFY(!plot.markers().empty());
        if (widgets::SurfacePlot::openGLAvailable()) {
            QVERIFY(plot.message().isEmpty());
            QVERIFY(!plot.renderImage(QSize(200, 150)).isNull());
        } else {
            QVERIFY(plot.message().contains("OpenGL"));
            QVERIFY(plot.renderImage().isNull());
        }
        plot.setSurface({}); // nothing: cleared
        QVERIFY(plot.isEmpty());
        QVERIFY(plot.markers().empty());
    }

    void panelSwitchesViewsAndAsksForRecomputes()
    {
        LandscapePanel panel;
        QSignalSpy recompute(&panel, &LandscapePanel::recomputeChanged);
        panel.setRecomputeChoices({100, 500});
        QCOMPARE(recompute.count(), 0); // still "once"
        auto *every = panel.findChild<QComboBox *>("landscapeEvery");
        QCOMPARE(every->count(), 3);
        every->setCurrentIndex(2);
        QCOMPARE(recompute.count(), 1);
        QCOMPARE(recompute.last().at(1).toInt(), 500);
        auto *grid = panel.findChildren<QComboBox *>().at(1);
        grid->setCurrentIndex(0);
        QCOMPARE(recompute.count(), 2);
        QCOMPARE(recompute.last().at(0).value<LandscapeRequest>().grid, 21);
        // Fewer choices that no longer hold the chosen one: off, and said.
        panel.setRecomputeChoices({1, 2});
        QCOMPARE(panel.recomputeEvery(), 0);
        QCOMPARE(recompute.last().at(1).toInt(), 0);

        auto *stack = panel.findChild<QStackedWidget *>();
        QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(panel.map()));
        panel.setSurfaceShown(true);
        QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(panel.surface()));
        panel.showResult(std::make_shared<const LandscapeResult>(planeResult()));
        QCOMPARE(panel.surface()->surface().columns, 5); // the surface has it, drawn or not
        QCOMPARE(panel.surface()->markers().back().colour, QColor(230, 30, 30));
    }

    // The line from the start through now: t = 0 is the first state's loss, t = 1 the loss now
    // (both as the snapshots report them), and the saved states fall at 0 and 1; before any
    // training there is no line, and the panel shows a line on its own page.
    void lineRunsFromTheStartToNow()
    {
        PlaygroundConfig c;
        c.dataset = data::Generator::Xor;
        c.hiddenLayers = {4};
        PointsSession session;
        session.apply(c);
        Snapshot before, after;
        session.fill(before); // the path's first state
        LandscapeRequest request;
        request.directions = LandscapeRequest::Directions::Line;
        request.grid = 11;
        QVERIFY_THROWS_EXCEPTION(Error, session.landscape(request));
        session.train(40L * session.updatesPerEpoch());
        session.fill(after);
        const std::vector<float> weights = session.trainedRun()->weights;
        const LandscapeResult r = session.landscape(request);
        QVERIFY(r.isLine());
        QCOMPARE(int(r.line.size()), 10 + 2 * 5 + 1); // 10 steps from 0 to 1, 5 beyond each end (range 1)
        QCOMPARE(r.lineFrom, -0.5);
        QCOMPARE(r.lineTo, 1.5);
        QVERIFY(std::abs(r.line[5] - before.train.loss) <= 1e-5f * before.train.loss);
        QVERIFY(std::abs(r.line[15] - after.train.loss) <= 1e-5f * after.train.loss);
        QCOMPARE(int(r.pathT.size()), 2);
        QVERIFY(std::abs(r.pathT[0]) < 1e-9 && std::abs(r.pathT[1] - 1.0) < 1e-9);
        QCOMPARE(session.trainedRun()->weights, weights); // nothing moved

        widgets::LandscapeLine line;
        line.resize(300, 200);
        line.setLine(r.lineFrom, r.lineTo, r.line, r.pathT);
        QCOMPARE(line.csv().trimmed().split('\n').size(), 1 + 21);
        QVERIFY(std::abs(line.lossAt(1.0) - r.line[15]) < 1e-6f);
        QVERIFY(std::isnan(line.lossAt(1.6)));
        QVERIFY(line.toWidget(0.0, 0).x() < line.toWidget(1.0, 0).x());

        LandscapePanel panel;
        panel.showResult(std::make_shared<const LandscapeResult>(r));
        auto *stack = panel.findChild<QStackedWidget *>();
        QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(panel.line()));
        QVERIFY(!panel.findChild<QComboBox *>("landscapeView")->isEnabled());
        QVERIFY(panel.caption().contains("start"));
        panel.showResult(std::make_shared<const LandscapeResult>(planeResult())); // back to the map
        QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(panel.map()));
    }

    // Set to recompute every 100 epochs, the worker answers on its own while it trains, each
    // time at a later epoch, with the weights going on training as before.
    void workerRecomputesWhileTraining()
    {
        qRegisterMetaType<PlaygroundConfig>();
        TrainingWorker w;
        connect(&w, &TrainingWorker::snapshotReady, &w, [&w] {
            QMetaObject::invokeMethod(&w, &TrainingWorker::snapshotShown, Qt::QueuedConnection);
        });
        QSignalSpy ready(&w, &TrainingWorker::landscapeReady);
        PlaygroundConfig c;
        c.dataset = data::Generator::Xor;
        c.hiddenLayers = {4};
        c.epochsPerSecond = 0;
        w.setConfig(c);
        LandscapeRequest request;
        request.grid = 5;
        w.setLandscapeRecompute(request, 100);
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 2, patience(60000));
        w.pause();
        const auto first = ready.at(0).at(0).value<std::shared_ptr<const LandscapeResult>>();
        const auto second = ready.at(1).at(0).value<std::shared_ptr<const LandscapeResult>>();
        QVERIFY(first->epoch >= 100);
        QVERIFY(second->epoch >= 200 && second->epoch > first->epoch);
        QCOMPARE(first->grid.size, 5);
        w.setLandscapeRecompute(request, 0); // off: no more
        const int count = ready.count();
        w.trainEpochs(300);
        QCOMPARE(ready.count(), count);
    }
};

QTEST_MAIN(TestSurfaces)
#include "tst_surfaces.moc"

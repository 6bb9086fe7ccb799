// GraphDiagram and layOutGraph: a chain is one column, parallel branches (a ResNet block's
// projection shortcut, a fire module's two expansions) share rows side by side, an edge that
// skips rows runs in a lane right of every box it passes, and clicking a box picks it.
#include "graphdiagram.h"

#include <QSignalSpy>
#include <QTest>

using namespace ds::widgets;

namespace {

// A ResNet downsampling block after a stem: 0 conv, 1 relu; the block: 2 conv, 3 bn, 4 relu,
// 5 conv, 6 bn; the shortcut: 7 conv (reads 1), 8 bn; 9 add(6, 8); 10 relu; then an identity
// block: 11 conv, 12 relu, 13 conv, 14 add(13, 10).
std::vector<std::vector<int>> resnetBlocks()
{
    return {{-1}, {0}, {1}, {2}, {3}, {4}, {5}, {1}, {7}, {6, 8}, {9}, {10}, {11}, {12}, {13, 10}};
}

QList<GraphDiagramNode> nodesFor(const std::vector<std::vector<int>> &inputs)
{
    QList<GraphDiagramNode> nodes;
    for (std::size_t i = 0; i < inputs.size(); ++i)
        nodes.push_back({QString("node %1").arg(i), "8×8×8", inputs[i], GraphDiagramNode::Kind::Convolution});
    return nodes;
}

} // namespace

class TestGraphDiagram : public QObject {
    Q_OBJECT
private slots:
    void aChainIsOneColumn()
    {
        const GraphLayout g = layOutGraph({{-1}, {0}, {1}, {2}});
        QCOMPARE(g.rows, 4);
        QCOMPARE(g.columns, 1);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(g.nodes[std::size_t(i)].row, i);
            QCOMPARE(g.nodes[std::size_t(i)].column, 0);
        }
        QVERIFY(g.lanes.empty());
    }

    void branchesStandSideBySide()
    {
        const GraphLayout g = layOutGraph(resnetBlocks());
        // The shortcut's conv and bn beside the block's first conv and bn.
        QCOMPARE(g.nodes[7].row, g.nodes[2].row);
        QCOMPARE(g.nodes[8].row, g.nodes[3].row);
        QVERIFY(g.nodes[7].column != g.nodes[2].column);
        QCOMPARE(g.nodes[9].row, g.nodes[6].row + 1);
        QCOMPARE(g.columns, 2);
        // A fire module: squeeze, then two expansions side by side, then their Concat.
        const GraphLayout fire = layOutGraph({{-1}, {0}, {0}, {1, 2}});
        QCOMPARE(fire.nodes[1].row, fire.nodes[2].row);
        QCOMPARE(fire.nodes[3].row, 2);
    }

    void skipsRunInLanesBesideTheBoxes()
    {
        GraphDiagram d;
        d.setGraph(nodesFor(resnetBlocks()), "input 3×8×8");
        const GraphLayout &g = d.layout();
        // The shortcut's bn (row 2) to the add (row 5), the identity skip (10 to 14): both in lanes.
        bool shortcut = false, identity = false;
        for (const GraphLane &l : g.lanes) {
            shortcut = shortcut || (l.from == 8 && l.to == 9);
            identity = identity || (l.from == 10 && l.to == 14);
            // Right of every box in the rows it passes.
            for (int i = 0; i < d.nodeCount(); ++i) {
                const int row = g.nodes[std::size_t(i)].row;
                const int fromRow = l.from < 0 ? -1 : g.nodes[std::size_t(l.from)].row;
                if (row > fromRow && row < g.nodes[std::size_t(l.to)].row)
                    QVERIFY(g.nodes[std::size_t(i)].column <= l.rightmostColumn);
            }
        }
        QVERIFY(shortcut && identity);
        QVERIFY(g.lanesNeeded >= 1);
        // No two boxes overlap, and the widget is as big as the drawing.
        for (int i = 0; i < d.nodeCount(); ++i)
            for (int j = i + 1; j < d.nodeCount(); ++j)
                QVERIFY(!d.nodeRect(i).intersects(d.nodeRect(j)));
        QVERIFY(!d.nodeRect(-1).intersects(d.nodeRect(0)));
        QVERIFY(d.sizeHint().height() > d.nodeRect(14).bottom());
        QVERIFY(d.sizeHint().width() > d.nodeRect(7).right());
    }

    void clickingPicksANode()
    {
        GraphDiagram d;
        d.setGraph(nodesFor(resnetBlocks()), "input");
        d.resize(d.sizeHint());
        QSignalSpy clicked(&d, &GraphDiagram::nodeClicked);
        QTest::mouseClick(&d, Qt::LeftButton, {}, d.nodeRect(7).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 7);
        QCOMPARE(d.selectedNode(), 7);
        QCOMPARE(d.nodeAt(QPoint(-5, -5)), -1);
        // It paints (offscreen) without trouble, the picked box outlined.
        QImage image(d.size(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        d.render(&image);
        const QRect r = d.nodeRect(7);
        QCOMPARE(image.pixelColor(r.center().x(), r.top()), QColor(0x08, 0x77, 0xbd));
        d.clear();
        QCOMPARE(d.nodeCount(), 0);
        QCOMPARE(d.selectedNode(), -1);
    }
};

QTEST_MAIN(TestGraphDiagram)
#include "tst_graphdiagram.moc"

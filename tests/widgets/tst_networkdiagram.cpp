// NetworkDiagram: what it draws where, and what it reports when pointed at and clicked.
#include "colorscale.h"
#include "networkdiagram.h"

#include <QHelpEvent>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>

#include <vector>

using ds::widgets::DiagramState;
using ds::widgets::NetworkDiagram;

namespace {

// A uniform map, so the colour at a node's centre is known exactly.
QImage uniformMap(float value)
{
    const std::vector<float> values(16 * 16, value);
    return ds::widgets::heatmapImage(values.data(), 16, 16);
}

// Inputs X1, X2; hidden layers of 4 and 2 neurons; one output. Neuron i of column c shows the
// value (c * 10 + i) / 40 - 0.5, so that every node has its own colour; weights are distinct too.
DiagramState makeState()
{
    DiagramState s;
    s.inputNames = {QStringLiteral("X1"), QStringLiteral("X2")};
    const std::vector<int> sizes {2, 4, 2, 1};
    auto value = [](int c, int i) { return float(c * 10 + i) / 40.0f - 0.5f; };
    for (int i = 0; i < 2; ++i)
        s.inputMaps.push_back(uniformMap(value(0, i)));
    for (int c = 1; c < 4; ++c) {
        std::vector<QImage> maps;
        for (int i = 0; i < sizes[std::size_t(c)]; ++i)
            maps.push_back(uniformMap(value(c, i)));
        s.neuronMaps.push_back(maps);
    }
    for (int c = 0; c < 3; ++c) {
        std::vector<float> w;
        for (int k = 0; k < sizes[std::size_t(c)] * sizes[std::size_t(c) + 1]; ++k)
            w.push_back((k % 2 ? -1.0f : 1.0f) * (0.1f + 0.2f * float(k)) + float(c));
        s.weights.push_back(w);
    }
    s.biases = {{0.1f, -0.2f, 0.3f, -0.4f}, {0.5f, -0.6f}, {0.7f}};
    s.layerActivations = {QStringLiteral("tanh"), QStringLiteral("tanh")};
    return s;
}

float expectedWeight(int column, int from, int to)
{
    const DiagramState s = makeState();
    const int toCount = column == 0 ? 4 : column == 1 ? 2 : 1;
    return s.weights[std::size_t(column)][std::size_t(from * toCount + to)];
}

// The colour at a point in widget coordinates (grabbed images are in device pixels).
QRgb pixelAt(const QImage &image, QPointF p)
{
    return image.pixel((p * image.devicePixelRatio()).toPoint());
}

// Device pixels along a vertical line through p that differ clearly from the background.
int inkedRun(const QImage &image, QPointF p, QColor background)
{
    const QPoint d = (p * image.devicePixelRatio()).toPoint();
    const int reach = int(12 * image.devicePixelRatio());
    int run = 0;
    for (int y = d.y() - reach; y <= d.y() + reach; ++y) {
        const QColor c = image.pixelColor(d.x(), y);
        if (std::abs(c.red() - background.red()) + std::abs(c.green() - background.green())
                + std::abs(c.blue() - background.blue())
            > 30)
            ++run;
    }
    return run;
}

} // namespace

class TestNetworkDiagram : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_diagram = std::make_unique<NetworkDiagram>();
        m_diagram->setState(makeState());
        m_diagram->resize(640, 420);
        m_diagram->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_diagram.get()));
    }
    void cleanup() { m_diagram.reset(); }

    void nodesShowTheirHeatmaps()
    {
        const QImage image = m_diagram->grab().toImage();
        for (int c = 0; c < 4; ++c) {
            for (int i = 0; i < m_diagram->neuronCount(c); ++i) {
                const QRectF r = m_diagram->nodeRect(c, i);
                QVERIFY(r.width() >= 24 && r.width() <= 56);
                QVERIFY(QRectF(m_diagram->rect()).contains(r));
                const QRgb expected = ds::widgets::divergingColor(float(c * 10 + i) / 40.0f - 0.5f);
                QCOMPARE(pixelAt(image, r.center()), expected);
            }
        }
        QCOMPARE(m_diagram->columnCount(), 4);
        QCOMPARE(m_diagram->hiddenLayerCount(), 2);
        QVERIFY(m_diagram->nodeRect(4, 0).isNull());
        QVERIFY(m_diagram->nodeRect(1, 4).isNull());
    }

    void columnsRunLeftToRight()
    {
        for (int c = 0; c + 1 < 4; ++c)
            QVERIFY(m_diagram->nodeRect(c, 0).right() + 20 < m_diagram->nodeRect(c + 1, 0).left());
        QVERIFY(m_diagram->nodeRect(1, 0).bottom() < m_diagram->nodeRect(1, 1).top());
    }

    void hoveringANodeReportsIt()
    {
        QSignalSpy spy(m_diagram.get(), &NetworkDiagram::neuronHovered);
        QTest::mouseMove(m_diagram.get(), m_diagram->nodeRect(1, 2).center().toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toInt(), 1);
        QCOMPARE(spy.last().at(1).toInt(), 2);
        QTest::mouseMove(m_diagram.get(), m_diagram->nodeRect(0, 1).center().toPoint());
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(0).toInt(), 0);
        QCOMPARE(spy.last().at(1).toInt(), 1);
        QTest::mouseMove(m_diagram.get(), QPoint(2, m_diagram->height() - 2)); // empty corner
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.last().at(0).toInt(), -1);
        QCOMPARE(spy.last().at(1).toInt(), -1);
    }

    void hoveringALinkReportsItsWeight()
    {
        QSignalSpy hovered(m_diagram.get(), &NetworkDiagram::linkHovered);
        QSignalSpy ended(m_diagram.get(), &NetworkDiagram::linkHoverEnded);
        QTest::mouseMove(m_diagram.get(), m_diagram->linkMidpoint(0, 0, 0).toPoint());
        QCOMPARE(hovered.count(), 1);
        QCOMPARE(hovered.last().at(0).toInt(), 0);
        QCOMPARE(hovered.last().at(1).toInt(), 0);
        QCOMPARE(hovered.last().at(2).toInt(), 0);
        QCOMPARE(hovered.last().at(3).toFloat(), expectedWeight(0, 0, 0));
        QTest::mouseMove(m_diagram.get(), QPoint(2, m_diagram->height() - 2));
        QCOMPARE(ended.count(), 1);
    }

    // Links whose from + to index sums are unique do not cross any other link at their midpoint.
    void clickingALinkAsksToEditIt_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::newRow("input 0 to hidden 0") << 0 << 0 << 0;
        QTest::newRow("input 1 to hidden 3") << 0 << 1 << 3;
        QTest::newRow("hidden 3 to hidden 1") << 1 << 3 << 1;
        QTest::newRow("hidden 1 to output") << 2 << 1 << 0;
    }
    void clickingALinkAsksToEditIt()
    {
        QFETCH(int, column);
        QFETCH(int, from);
        QFETCH(int, to);
        QSignalSpy spy(m_diagram.get(), &NetworkDiagram::linkClicked);
        QTest::mouseClick(m_diagram.get(), Qt::LeftButton, {}, m_diagram->linkMidpoint(column, from, to).toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toInt(), column);
        QCOMPARE(spy.last().at(1).toInt(), from);
        QCOMPARE(spy.last().at(2).toInt(), to);
        QCOMPARE(spy.last().at(3).toFloat(), expectedWeight(column, from, to));
        QCOMPARE(m_diagram->weight(column, from, to), expectedWeight(column, from, to));
    }

    void clickingEmptySpaceDoesNothing()
    {
        QSignalSpy spy(m_diagram.get(), &NetworkDiagram::linkClicked);
        QTest::mouseClick(m_diagram.get(), Qt::LeftButton, {}, QPoint(2, m_diagram->height() - 2));
        QTest::mouseClick(m_diagram.get(), Qt::LeftButton, {}, m_diagram->nodeRect(1, 0).center().toPoint());
        QCOMPARE(spy.count(), 0);
    }

    void plusAndMinusButtonsAsk()
    {
        QSignalSpy addNeuron(m_diagram.get(), &NetworkDiagram::addNeuronRequested);
        QSignalSpy removeNeuron(m_diagram.get(), &NetworkDiagram::removeNeuronRequested);
        QSignalSpy addLayer(m_diagram.get(), &NetworkDiagram::addLayerRequested);
        QSignalSpy removeLayer(m_diagram.get(), &NetworkDiagram::removeLayerRequested);
        auto click = [&](QRectF r) {
            QVERIFY(!r.isEmpty());
            QTest::mouseClick(m_diagram.get(), Qt::LeftButton, {}, r.center().toPoint());
        };
        click(m_diagram->addNeuronButtonRect(1));
        QCOMPARE(addNeuron.count(), 1);
        QCOMPARE(addNeuron.last().at(0).toInt(), 1);
        click(m_diagram->removeNeuronButtonRect(0));
        QCOMPARE(removeNeuron.count(), 1);
        QCOMPARE(removeNeuron.last().at(0).toInt(), 0);
        click(m_diagram->addLayerButtonRect());
        click(m_diagram->removeLayerButtonRect());
        QCOMPARE(addLayer.count(), 1);
        QCOMPARE(removeLayer.count(), 1);
        QCOMPARE(addNeuron.count(), 1);
        QVERIFY(m_diagram->addNeuronButtonRect(2).isNull()); // only two hidden layers
        // Each layer's buttons sit above its own column.
        QVERIFY(m_diagram->addNeuronButtonRect(1).right() > m_diagram->nodeRect(2, 0).left() - 4);
        QVERIFY(m_diagram->addNeuronButtonRect(1).bottom() < m_diagram->nodeRect(2, 0).top());
    }

    void buttonsAtTheirLimitsDoNothing()
    {
        DiagramState s = makeState();
        s.maxNeurons = 4;
        s.maxHiddenLayers = 2;
        s.neuronMaps[1].resize(1); // hidden layer 1 down to one neuron
        s.weights[1].resize(4);
        s.weights[2].resize(1);
        m_diagram->setState(s);
        QSignalSpy addNeuron(m_diagram.get(), &NetworkDiagram::addNeuronRequested);
        QSignalSpy removeNeuron(m_diagram.get(), &NetworkDiagram::removeNeuronRequested);
        QSignalSpy addLayer(m_diagram.get(), &NetworkDiagram::addLayerRequested);
        QTest::mouseClick(m_diagram.get(), Qt::LeftButton, {}, m_diagram->addNeuronButtonRect(0).center().toPoint());
        QTest::mouseClick(m_diagram.get(), Qt::LeftButton, {}, m_diagram->removeNeuronButtonRect(1).center().toPoint());
        QTest::mouseClick(m_diagram.get(), Qt::LeftButton, {}, m_diagram->addLayerButtonRect().center().toPoint());
        QCOMPARE(addNeuron.count(), 0);
        QCOMPARE(removeNeuron.count(), 0);
        QCOMPARE(addLayer.count(), 0);
        QTest::mouseClick(m_diagram.get(), Qt::LeftButton, {}, m_diagram->addNeuronButtonRect(1).center().toPoint());
        QCOMPARE(addNeuron.count(), 1);
    }

    void relaysOutOnResize()
    {
        const QRectF before = m_diagram->nodeRect(1, 0);
        const QPointF midBefore = m_diagram->linkMidpoint(0, 0, 0);
        m_diagram->resize(1000, 700);
        QTRY_COMPARE(m_diagram->size(), QSize(1000, 700));
        const QRectF after = m_diagram->nodeRect(1, 0);
        QVERIFY(after != before);
        QVERIFY(after.width() >= before.width());
        QVERIFY(after.left() > before.left());
        QVERIFY(m_diagram->linkMidpoint(0, 0, 0) != midBefore);
        const QImage image = m_diagram->grab().toImage();
        QCOMPARE(pixelAt(image, after.center()), ds::widgets::divergingColor(10.0f / 40.0f - 0.5f));
    }

    void relaysOutWhenTheShapeChanges()
    {
        const qreal before = m_diagram->nodeRect(1, 0).width();
        DiagramState s = makeState();
        s.neuronMaps[0].resize(16, uniformMap(0.2f));
        s.weights[0].assign(2 * 16, 0.5f);
        s.weights[1].assign(16 * 2, -0.5f);
        m_diagram->setState(s);
        QCOMPARE(m_diagram->neuronCount(1), 16);
        QVERIFY(m_diagram->nodeRect(1, 0).width() < before);
        QVERIFY(QRectF(m_diagram->rect()).contains(m_diagram->nodeRect(1, 15)));
        // The same shape with new pictures keeps the layout.
        const QRectF kept = m_diagram->nodeRect(1, 7);
        s.neuronMaps[0][7] = uniformMap(-0.9f);
        m_diagram->setState(s);
        QCOMPARE(m_diagram->nodeRect(1, 7), kept);
        QCOMPARE(pixelAt(m_diagram->grab().toImage(), kept.center()), ds::widgets::divergingColor(-0.9f));
    }

    void heavierLinksAreWider()
    {
        QVERIFY(NetworkDiagram::linkWidth(0.0f) >= 0.5);
        QVERIFY(NetworkDiagram::linkWidth(0.2f) < NetworkDiagram::linkWidth(1.0f));
        QCOMPARE(NetworkDiagram::linkWidth(-1.0f), NetworkDiagram::linkWidth(1.0f));
        QVERIFY(NetworkDiagram::linkWidth(100.0f) <= 6.0);

        // Two inputs straight to one output: the curves are mirror images, so only the weights
        // differ. The heavy one must cover more pixels across its midpoint.
        DiagramState s;
        s.inputNames = {QStringLiteral("X1"), QStringLiteral("X2")};
        s.inputMaps = {uniformMap(0.5f), uniformMap(-0.5f)};
        s.neuronMaps = {{uniformMap(0.0f)}};
        s.weights = {{0.3f, -3.0f}};
        m_diagram->setState(s);
        QCOMPARE(m_diagram->hiddenLayerCount(), 0);
        const QImage image = m_diagram->grab().toImage();
        const QColor background = m_diagram->palette().color(QPalette::Window);
        const int light = inkedRun(image, m_diagram->linkMidpoint(0, 0, 0), background);
        const int heavy = inkedRun(image, m_diagram->linkMidpoint(0, 1, 0), background);
        QVERIFY2(heavy >= light + 3, qPrintable(QStringLiteral("light %1 px, heavy %2 px").arg(light).arg(heavy)));
        QVERIFY(light >= 1);
    }

    void survivesEmptyAndMismatchedStates()
    {
        m_diagram->setState(DiagramState {});
        m_diagram->grab();
        QCOMPARE(m_diagram->columnCount(), 1);
        DiagramState s = makeState();
        s.weights[1].pop_back(); // does not match 4 x 2: that column draws no links
        s.biases.clear();
        s.inputMaps.pop_back();
        s.neuronMaps[0][1] = QImage();
        m_diagram->setState(s);
        m_diagram->grab();
        QSignalSpy spy(m_diagram.get(), &NetworkDiagram::linkClicked);
        QTest::mouseClick(m_diagram.get(), Qt::LeftButton, {}, m_diagram->linkMidpoint(1, 3, 1).toPoint());
        QCOMPARE(spy.count(), 0);
        QCOMPARE(m_diagram->weight(1, 3, 1), 0.0f);
    }

    void everythingFitsAtTheMinimumSize()
    {
        DiagramState s = makeState();
        s.neuronMaps[0].resize(16, uniformMap(0.2f));
        s.weights[0].assign(2 * 16, 0.5f);
        s.weights[1].assign(16 * 2, -0.5f);
        m_diagram->setState(s);
        const QSize minimum = m_diagram->minimumSizeHint();
        QVERIFY(minimum.width() <= 640 && minimum.height() <= 420);
        m_diagram->resize(minimum);
        QTRY_COMPARE(m_diagram->size(), minimum);
        const QRectF inside(m_diagram->rect());
        for (int c = 0; c < m_diagram->columnCount(); ++c)
            for (int i = 0; i < m_diagram->neuronCount(c); ++i)
                QVERIFY(inside.contains(m_diagram->nodeRect(c, i)));
        QVERIFY(inside.contains(m_diagram->addLayerButtonRect()));
        QVERIFY(inside.contains(m_diagram->removeNeuronButtonRect(1)));
    }

    void toolTipsDescribeWhatIsUnderTheMouse()
    {
        auto tipAt = [this](QPointF at) {
            const QPoint p = at.toPoint();
            QHelpEvent help(QEvent::ToolTip, p, m_diagram->mapToGlobal(p));
            QCoreApplication::sendEvent(m_diagram.get(), &help);
            return help.isAccepted() && QToolTip::isVisible() ? QToolTip::text() : QString();
        };
        QCOMPARE(tipAt(m_diagram->linkMidpoint(0, 0, 0)), QStringLiteral("Weight 0.100 — click to edit"));
        const QString node = tipAt(m_diagram->nodeRect(1, 2).center());
        QVERIFY2(node.contains(QStringLiteral("Hidden layer 1, neuron 3 (tanh)")), qPrintable(node));
        QVERIFY2(node.contains(QStringLiteral("Bias 0.300")), qPrintable(node));
        QVERIFY(tipAt(m_diagram->nodeRect(0, 1).center()).contains(QStringLiteral("X2")));
        QVERIFY(tipAt(m_diagram->addLayerButtonRect().center()).startsWith(QStringLiteral("Add a hidden layer")));
        QCOMPARE(tipAt(QPointF(2, m_diagram->height() - 2)), QString());
    }

    void darkPaletteFollowsTheTheme()
    {
        QPalette dark = m_diagram->palette();
        dark.setColor(QPalette::Window, QColor(30, 30, 32));
        dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
        m_diagram->setPalette(dark);
        const QImage image = m_diagram->grab().toImage();
        QCOMPARE(QColor(pixelAt(image, QPointF(2, m_diagram->height() - 2))), QColor(30, 30, 32));
        QCOMPARE(pixelAt(image, m_diagram->nodeRect(2, 1).center()), ds::widgets::divergingColor(21.0f / 40.0f - 0.5f));
    }

private:
    std::unique_ptr<NetworkDiagram> m_diagram;
};

QTEST_MAIN(TestNetworkDiagram)
#include "tst_networkdiagram.moc"

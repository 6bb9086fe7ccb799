// Plot exports: the shared writer (PNG at twice the pixels, SVG, whole files or none) and every
// plot widget's picture and context menu (output map, neuron maps, loss chart, filters, feature
// maps, confusion matrix).
#include "colorscale.h"
#include "confusionmatrix.h"
#include "featuremaps.h"
#include "filtergrid.h"
#include "losschart.h"
#include "networkdiagram.h"
#include "outputmap.h"
#include "plotexport.h"
#include "plotexportmenu.h"

#include <QApplication>
#include <QChartView>
#include <QContextMenuEvent>
#include <QDir>
#include <QFile>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>
#include <QPainter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <memory>
#include <vector>

using namespace ds::widgets;

namespace {

bool oneColour(const QImage &image)
{
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) != first)
                return false;
    return true;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Writes `picture` both ways into `dir` and checks what came out: a PNG of twice the logical
// size that is not one flat colour, and an SVG document.
void checkExports(const PlotPicture &picture, const QTemporaryDir &dir, const QString &name)
{
    QVERIFY(!picture.size.isEmpty());
    QString error;
    const QString png = dir.filePath(name + ".png"), svg = dir.filePath(name + ".svg");
    QVERIFY2(exportPng(picture, png, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY2(!image.isNull(), qPrintable(png));
    QCOMPARE(image.size(), picture.size * 2);
    QVERIFY2(!oneColour(image), qPrintable(name));
    QVERIFY2(exportSvg(picture, svg, &error), qPrintable(error));
    const QByteArray text = fileBytes(svg);
    QVERIFY(text.startsWith("<?xml"));
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains("</svg>"));
}

// The texts of the menu a right-click at `pos` opens (closed again at once); empty for no menu.
QStringList contextMenuTexts(QWidget *target, QPoint pos)
{
    auto texts = std::make_shared<QStringList>();
    auto ran = std::make_shared<bool>(false);
    QTimer::singleShot(0, [texts, ran] {
        *ran = true;
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            for (QAction *a : menu->actions())
                if (!a->isSeparator())
                    texts->append(a->text());
            menu->close();
        }
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, target->mapToGlobal(pos));
    QApplication::sendEvent(target, &event);
    // A menu's own event loop runs the timer; with no menu, it runs here.
    if (!QTest::qWaitFor([&] { return *ran; }))
        return {"(the menu's timer never ran)"};
    return *texts;
}

const QStringList kExports {"Export as PNG\u2026", "Export as SVG\u2026"};

// The embedded images' pixel sizes in an SVG written by QSvgGenerator.
std::vector<QSize> embeddedImageSizes(const QByteArray &svg)
{
    static const QRegularExpression image("data:image/png;base64,([A-Za-z0-9+/=\\s]+)");
    std::vector<QSize> sizes;
    for (auto it = image.globalMatch(QString::fromLatin1(svg)); it.hasNext();)
        sizes.push_back(QImage::fromData(QByteArray::fromBase64(it.next().captured(1).toLatin1())).size());
    return sizes;
}

} // namespace

class TestPlotExport : public QObject {
    Q_OBJECT

private slots:
    void paintedPictureExportsBothWays()
    {
        PlotPicture picture;
        picture.size = {120, 80};
        picture.paint = [](QPainter &p) { p.fillRect(QRect(10, 10, 50, 30), Qt::blue); };
        QTemporaryDir dir;
        checkExports(picture, dir, "box");
        // Twice the pixels, the drawing scaled with them: the box covers (20, 20) .. (119, 79).
        const QImage image(dir.filePath("box.png"));
        QCOMPARE(image.pixelColor(21, 21), QColor(Qt::blue));
        QCOMPARE(image.pixelColor(118, 78), QColor(Qt::blue));
        QCOMPARE(image.pixelColor(121, 81), QColor(Qt::white)); // the background
        QCOMPARE(std::lround(image.dotsPerMeterX() * 0.0254), 192L); // a 2x image of a 96 dpi drawing
        QVERIFY(fileBytes(dir.filePath("box.svg")).contains("width=\"50\""));
    }

    void aWriteIntoAMissingFolderFailsAndLeavesNothing()
    {
        PlotPicture picture;
        picture.size = {40, 40};
        picture.paint = [](QPainter &p) { p.fillRect(QRect(0, 0, 20, 20), Qt::red); };
        QTemporaryDir dir;
        const QString missing = dir.filePath("no-such-folder");
        QString error;
        QVERIFY(!exportPng(picture, missing + "/plot.png", &error));
        QVERIFY2(error.contains("plot.png"), qPrintable(error));
        error.clear();
        QVERIFY(!exportSvg(picture, missing + "/plot.svg", &error));
        QVERIFY2(error.contains("plot.svg"), qPrintable(error));
        error.clear();
        QVERIFY(!writeWholeFile(missing + "/history.csv", "epoch\n", &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!QFileInfo::exists(missing));
        QVERIFY(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
    }

    void anEmptyPictureIsRefused()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(!exportPng(PlotPicture {}, dir.filePath("empty.png"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!exportSvg(PlotPicture {}, dir.filePath("empty.svg")));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    void aWriteReplacesAFileWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("history.csv");
        QVERIFY(writeWholeFile(path, QByteArray(1000, 'x')));
        QVERIFY(writeWholeFile(path, "epoch\n"));
        QCOMPARE(fileBytes(path), QByteArray("epoch\n"));
    }

    void menuActionsAreAdded()
    {
        QWidget parent;
        QMenu menu(&parent);
        addPlotExportActions(&menu, &parent, "plot", [] { return PlotPicture {}; });
        QStringList texts;
        for (QAction *a : menu.actions())
            texts.append(a->text());
        QCOMPARE(texts, kExports);
    }

    // After a write the user is told where it went: in the main window's status bar, with the path.
    void anExportSaysWhereItWent()
    {
        QMainWindow window;
        auto *plot = new QWidget;
        window.setCentralWidget(plot);
        confirmExport(plot, "/tmp/some/plot.png");
        QVERIFY(window.statusBar()->currentMessage().contains("plot.png"));
        QVERIFY(window.statusBar()->currentMessage().startsWith("Wrote"));
        QWidget alone; // no status bar: said by the pointer instead, and nothing breaks
        confirmExport(&alone, "/tmp/x.png");
        confirmExport(nullptr, "/tmp/y.png");
    }

    void outputMap()
    {
        OutputMap map;
        map.resize(300, 340);
        std::vector<float> values(32 * 32);
        for (int i = 0; i < 32 * 32; ++i)
            values[std::size_t(i)] = float(i % 32) / 16.0f - 1.0f; // a left-to-right ramp
        map.setHeatmap(heatmapImage(values.data(), 32, 32));
        map.setPoints({{-3, 2, 0, false}, {3, -2, 1, false}, {40, 40, 0, false}}, 2); // the last far off
        const PlotPicture picture = map.picture();
        QCOMPARE(picture.size, QSize(300, 340));
        QTemporaryDir dir;
        checkExports(picture, dir, "output-map");
        // The heatmap's ends where the plot's are, and a point where it lies, at twice the pixels.
        const QImage image(dir.filePath("output-map.png"));
        const QRectF plot = map.plotRect();
        const QColor left = image.pixelColor((QPointF(plot.left() + 3, plot.center().y()) * 2).toPoint());
        const QColor right = image.pixelColor((QPointF(plot.right() - 3, plot.center().y()) * 2).toPoint());
        QVERIFY2(left.red() > left.blue() + 60, qPrintable(left.name())); // orange: -1
        QVERIFY2(right.blue() > right.red() + 60, qPrintable(right.name())); // blue: +1
        const QColor point = image.pixelColor((map.toWidget(3, -2) * 2).toPoint());
        QCOMPARE(point, classColor(1, 2));
        // The points are shapes in the SVG, not pixels.
        QCOMPARE(fileBytes(dir.filePath("output-map.svg")).count("<circle"), 2);
        QCOMPARE(contextMenuTexts(&map, plot.center().toPoint()), kExports);
    }

    void neuronMap()
    {
        DiagramState state;
        state.inputNames = {"X1", "sin(X2)"};
        std::vector<float> ramp(16 * 16);
        for (int i = 0; i < 16 * 16; ++i)
            ramp[std::size_t(i)] = float(i / 16) / 8.0f - 1.0f; // top to bottom
        const QImage map = heatmapImage(ramp.data(), 16, 16);
        state.inputMaps = {map, map};
        state.neuronMaps = {{map, map, map}, {map}};
        NetworkDiagram diagram;
        diagram.resize(640, 420);
        diagram.setState(state);
        const PlotPicture picture = diagram.neuronMapPicture(1, 2);
        QCOMPARE(picture.size, QSize(320, 320));
        QCOMPARE(picture.title, QString("Hidden layer 1, neuron 3"));
        QTemporaryDir dir;
        checkExports(picture, dir, "neuron");
        QCOMPARE(diagram.neuronMapPicture(0, 1).title, QString("Input sin(X2)"));
        QVERIFY(diagram.neuronMapPicture(1, 3).size.isEmpty()); // no such neuron
        QVERIFY(diagram.neuronMapPicture(5, 0).size.isEmpty());

        QCOMPARE(contextMenuTexts(&diagram, diagram.nodeRect(1, 2).center().toPoint()), kExports);
        QCOMPARE(contextMenuTexts(&diagram, diagram.nodeRect(2, 0).center().toPoint()), kExports);
        QVERIFY(contextMenuTexts(&diagram, QPoint(2, 2)).isEmpty()); // off the nodes: no menu
    }

    void lossChart()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        chart.resize(400, 220);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        for (int e = 1; e <= 40; ++e)
            chart.append(e, {1.0 / e, 1.3 / std::sqrt(e)});
        const PlotPicture picture = chart.picture();
        QCOMPARE(picture.size, QSize(400, 220));
        QTemporaryDir dir;
        checkExports(picture, dir, "loss");
        const QByteArray svg = fileBytes(dir.filePath("loss.svg"));
        QVERIFY(svg.contains("<path") || svg.contains("<polyline")); // the lines stay vector
        QVERIFY(svg.contains(">40<") || svg.contains(">40.0<")); // the x axis's last label, as text

        // The right-click reaches the chart through Qt Charts' view.
        QWidget *viewport = chart.findChild<QChartView *>()->viewport();
        QCOMPARE(contextMenuTexts(viewport, viewport->rect().center()),
            kExports + QStringList {"Export history as CSV\u2026"});
    }

    void filterGrid()
    {
        FilterGrid grid;
        grid.resize(400, 200);
        std::vector<float> weights(8 * 9);
        for (std::size_t i = 0; i < weights.size(); ++i)
            weights[i] = std::sin(float(i));
        grid.setFilters(weights, 8, 1, 3, 3);
        const PlotPicture picture = grid.picture();
        QCOMPARE(picture.size, QSize(400, 200));
        QTemporaryDir dir;
        checkExports(picture, dir, "filters");
        // Tiles go into the SVG blown up, so that no viewer can blur a 3x3 filter into a smudge.
        const std::vector<QSize> tiles = embeddedImageSizes(fileBytes(dir.filePath("filters.svg")));
        QCOMPARE(int(tiles.size()), 8);
        for (QSize s : tiles)
            QVERIFY2(s.width() >= 2 * grid.tileRect(0).width(), qPrintable(QString::number(s.width())));

        // The shared-scale switch stays, with the exports after it; colour filters only export.
        const QPoint inside = grid.tileRect(0).center();
        QCOMPARE(contextMenuTexts(&grid, inside), QStringList {"One scale for all filters"} + kExports);
        grid.setFilters(std::vector<float>(2 * 3 * 9, 0.5f), 2, 3, 3, 3);
        QCOMPARE(contextMenuTexts(&grid, inside), kExports);
    }

    void featureMaps()
    {
        FeatureMaps maps;
        maps.resize(560, 300); // shorter than its contents: the export has all of them
        std::vector<float> input(28 * 28);
        for (std::size_t i = 0; i < input.size(); ++i)
            input[i] = float(i % 28);
        maps.setInput(input, 1, 28, 28);
        FeatureMapLayer conv {"conv", 4, 12, 12, {}};
        for (int i = 0; i < 4 * 12 * 12; ++i)
            conv.values.push_back(float(i % 12) * float(i / 144));
        FeatureMapLayer dense {"dense 10", 10, 1, 1, {}};
        for (int i = 0; i < 10; ++i)
            dense.values.push_back(float(i));
        maps.setLayers({conv, conv, conv, dense});
        maps.show();
        QVERIFY(QTest::qWaitForWindowExposed(&maps));
        const PlotPicture picture = maps.picture();
        QCOMPARE(picture.size, maps.canvas()->size());
        QVERIFY(picture.size.height() > maps.viewport()->height());
        QTemporaryDir dir;
        checkExports(picture, dir, "feature-maps");
        // The last layer's cells, scrolled out of sight, are in the picture.
        const QImage image(dir.filePath("feature-maps.png"));
        const QColor last = image.pixelColor(maps.mapRect(3, 9).center() * 2);
        QVERIFY2(last.lightness() > 200, qPrintable(last.name())); // the largest value: white
        QCOMPARE(contextMenuTexts(maps.canvas(), maps.mapRect(0, 0).center()), kExports);
    }

    void confusionMatrix()
    {
        ConfusionMatrix matrix;
        matrix.resize(360, 360);
        matrix.setMatrix({50, 3, 1, 4, 40, 6, 0, 2, 48}, 3, {"cat", "dog", "bird"});
        const PlotPicture picture = matrix.picture();
        QTemporaryDir dir;
        checkExports(picture, dir, "confusion");
        QVERIFY(fileBytes(dir.filePath("confusion.svg")).contains(">bird<")); // labels are text
        QCOMPARE(contextMenuTexts(&matrix, matrix.cellRect(1, 1).center()), kExports);
    }
};

QTEST_MAIN(TestPlotExport)
#include "tst_plotexport.moc"

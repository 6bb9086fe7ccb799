// ConvArithmeticView offscreen: the colours where the painter says the cells are (the current
// window, the output cell it writes, unvisited cells hatched), the controls and keys, editing a
// number in place, the receptive-field tab, and the exports (PNG, SVG, APNG, a folder of frames).
#include "arithmetic/convarithexport.h"
#include "arithmetic/convarithview.h"

#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "patience.h"

using deepscope::test::patience;

using namespace ds::widgets;

namespace {

bool near(QColor a, QColor b, int tolerance = 6)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

// The colour at the centre of a canvas cell, read from a grab of the whole view.
QColor centreOf(ConvArithmeticView &view, const QRectF &cell)
{
    const QImage image = view.grab().toImage();
    const QPoint at = view.canvas()->mapTo(&view, cell.center().toPoint());
    return image.pixelColor(QPoint(int(at.x() * image.devicePixelRatio()), int(at.y() * image.devicePixelRatio())));
}

int pixelsNear(const QImage &image, const QRect &area, QColor colour, int tolerance = 30)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            n += near(image.pixelColor(x, y), colour, tolerance);
    return n;
}

quint32 be32(const QByteArray &b, qsizetype at)
{
    return quint32(quint8(b[at])) << 24 | quint32(quint8(b[at + 1])) << 16 | quint32(quint8(b[at + 2])) << 8
        | quint32(quint8(b[at + 3]));
}

// zlib's crc32, bit by bit (the exporter has its own table): a check that is not the same code.
quint32 crc(const QByteArray &bytes)
{
    quint32 c = 0xffffffffu;
    for (char ch : bytes) {
        c ^= quint8(ch);
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}

// The in-place editor open now (a finished one is hidden, then deleted later).
QLineEdit *visibleEditor(QWidget *canvas)
{
    for (QLineEdit *e : canvas->findChildren<QLineEdit *>())
        if (e->isVisible())
            return e;
    return nullptr;
}

} // namespace

class TestConvArithView : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ConvArithmeticView> shownView()
    {
        auto view = std::make_unique<ConvArithmeticView>();
        view->resize(1200, 700);
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()))
            return nullptr;
        return view;
    }

private slots:
    void theWindowAndItsOutputCellAreHighlighted()
    {
        auto view = shownView();
        QVERIFY(view);
        view->setShowNumbers(false); // cell centres then show their fill, not a digit
        view->showConvolution(5, 5, 3, 1, 0, 1);
        QCOMPARE(view->canvas()->model().frameCount(), 9);
        view->setFrame(4); // output (1,1), reading input rows 1-3, columns 1-3
        const ConvArithPainter &l = view->canvas()->layout();
        const ConvArithColors &c = l.colors();
        QVERIFY(l.cellSize() >= 30);
        QVERIFY(near(centreOf(*view, l.outputCell(1, 1)), c.outputActive));
        QVERIFY(near(centreOf(*view, l.outputCell(0, 0)), c.output)); // computed before
        QVERIFY(near(centreOf(*view, l.outputCell(2, 2)), c.outputPending)); // still to come
        QVERIFY(near(centreOf(*view, l.inputCell(2, 2)), c.inputActive));
        QVERIFY(near(centreOf(*view, l.inputCell(3, 3)), c.inputActive));
        QVERIFY(near(centreOf(*view, l.inputCell(0, 0)), c.input));
        QVERIFY(near(centreOf(*view, l.inputCell(4, 4)), c.input));
        // Output and input do not overlap, and the kernel sits between them.
        QVERIFY(l.sourceRect().right() < l.kernelRect().left());
        QVERIFY(l.kernelRect().right() < l.targetRect().left());
        // To scale: one cell size for all three grids.
        QCOMPARE(l.outputCell(0, 0).width(), l.inputCell(0, 0).width());
    }

    void paddingIsDrawnAndFollowsTheMode()
    {
        auto view = shownView();
        QVERIFY(view);
        view->setShowNumbers(false);
        view->showConvolution(5, 5, 3, 1, 1, 1);
        const ConvArithPainter &l = view->canvas()->layout();
        // The strip is 7 wide: a padding cell at (0,0), the input's (0,0) at strip (1,1).
        QCOMPARE(l.inputCell(0, 0), l.sourceCell(1, 1));
        view->setFrame(24); // the last window: its padding corner is shaded
        QVERIFY(near(centreOf(*view, l.sourceCell(6, 6)), l.colors().paddingActive));
        QVERIFY(near(centreOf(*view, l.sourceCell(0, 6)), l.colors().padding));
        ConvArithSetup s = view->setup();
        s.paddingMode = PaddingMode::Full;
        view->setSetup(s);
        QCOMPARE(view->canvas()->model().outH(), 7);
    }

    void unvisitedCellsAreHatched()
    {
        auto view = shownView();
        QVERIFY(view);
        view->setShowNumbers(false);
        view->showConvolution(6, 6, 3, 2, 0, 1); // windows at 0, 2: the last row and column are left out
        QCOMPARE(int(view->canvas()->model().unvisitedInputs().size()), 11);
        QImage image = view->canvas()->grab().toImage();
        const qreal dpr = image.devicePixelRatio();
        auto area = [&](const QRectF &r) {
            return QRectF(r.topLeft() * dpr, r.size() * dpr).toRect().adjusted(2, 2, -4, -4);
        };
        {
            const ConvArithPainter &l = view->canvas()->layout();
            const QColor red = l.colors().unvisited;
            QVERIFY(pixelsNear(image, area(l.inputCell(5, 5)), red) > 20);
            QVERIFY(pixelsNear(image, area(l.inputCell(2, 5)), red) > 20);
            QVERIFY(pixelsNear(image, area(l.inputCell(5, 0)), red) > 20);
            QCOMPARE(pixelsNear(image, area(l.inputCell(0, 0)), red), 0);
            QCOMPARE(pixelsNear(image, area(l.inputCell(4, 4)), red), 0);
        }
        // The guide's 6x6 with padding 1: every input cell is read, the last padding row is not.
        view->showConvolution(6, 6, 3, 2, 1, 1);
        image = view->canvas()->grab().toImage();
        const ConvArithPainter &l = view->canvas()->layout();
        QVERIFY(pixelsNear(image, area(l.sourceCell(7, 3)), l.colors().unvisited) > 20);
        QVERIFY(pixelsNear(image, area(l.sourceCell(3, 7)), l.colors().unvisited) > 20);
        QCOMPARE(pixelsNear(image, area(l.inputCell(5, 5)), l.colors().unvisited), 0);
    }

    void scatterHighlightsTheInputCellAndItsFootprint()
    {
        auto view = shownView();
        QVERIFY(view);
        view->setShowNumbers(false);
        ConvArithSetup s;
        s.inH = s.inW = 2;
        s.kernel = 3;
        s.stride = 2;
        s.mode = ConvArithMode::TransposedScatter;
        view->setSetup(s);
        QCOMPARE(view->canvas()->model().outH(), 5);
        QCOMPARE(view->canvas()->model().frameCount(), 4);
        view->setFrame(3); // input (1,1) writes output rows and columns 2-4
        const ConvArithPainter &l = view->canvas()->layout();
        QVERIFY(near(centreOf(*view, l.inputCell(1, 1)), l.colors().inputActive));
        QVERIFY(near(centreOf(*view, l.inputCell(0, 0)), l.colors().input));
        QVERIFY(near(centreOf(*view, l.outputCell(4, 4)), l.colors().outputActive));
        QVERIFY(near(centreOf(*view, l.outputCell(2, 2)), l.colors().outputActive));
        QVERIFY(near(centreOf(*view, l.outputCell(0, 0)), l.colors().output)); // written by frame 0
    }

    void clicksKeysAndThePlayer()
    {
        auto view = shownView();
        QVERIFY(view);
        view->showConvolution(5, 5, 3, 1, 0, 1);
        ConvArithCanvas *canvas = view->canvas();
        QSignalSpy clicked(canvas, &ConvArithCanvas::frameClicked);
        QTest::mouseClick(canvas, Qt::LeftButton, {}, canvas->layout().outputCell(2, 1).center().toPoint());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(view->frame(), 7);
        canvas->setFocus();
        QTest::keyClick(canvas, Qt::Key_Left);
        QCOMPARE(view->frame(), 6);
        QTest::keyClick(canvas, Qt::Key_Right);
        QTest::keyClick(canvas, Qt::Key_Right);
        QCOMPARE(view->frame(), 8);
        QTest::keyClick(canvas, Qt::Key_Home);
        QCOMPARE(view->frame(), 0);
        QTest::keyClick(canvas, Qt::Key_Space);
        QVERIFY(view->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(view->frame() >= 1, patience(3000));
        QTest::keyClick(canvas, Qt::Key_Space);
        QVERIFY(!view->isPlaying());
    }

    void editingANumberInPlace()
    {
        auto view = shownView();
        QVERIFY(view);
        view->showConvolution(3, 3, 2, 1, 0, 1);
        ConvArithCanvas *canvas = view->canvas();
        QSignalSpy edited(canvas, &ConvArithCanvas::numbersEdited);
        QTest::mouseDClick(canvas, Qt::LeftButton, {}, canvas->layout().inputCell(1, 2).center().toPoint());
        QLineEdit *editor = visibleEditor(canvas);
        QVERIFY(editor);
        QVERIFY(editor->isVisible());
        editor->selectAll();
        QTest::keyClicks(editor, "-7");
        QTest::keyClick(editor, Qt::Key_Return);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(canvas->model().input(1, 2), -7.0);
        // And the kernel; Escape leaves it as it was.
        const double before = canvas->model().kernel(0, 1);
        QTest::mouseDClick(canvas, Qt::LeftButton, {}, canvas->layout().kernelCell(0, 1).center().toPoint());
        editor = visibleEditor(canvas);
        QVERIFY(editor);
        QTest::keyClicks(editor, "9");
        QTest::keyClick(editor, Qt::Key_Escape);
        QCOMPARE(canvas->model().kernel(0, 1), before);
    }

    void showPoolingAndErrors()
    {
        auto view = shownView();
        QVERIFY(view);
        view->showPooling(true, 4, 6, 2, 2, 0);
        QCOMPARE(view->setup().mode, ConvArithMode::MaxPool);
        QCOMPARE(view->canvas()->model().outH(), 2);
        QCOMPARE(view->canvas()->model().outW(), 3);
        view->showConvolution(3, 3, 5, 1, 0, 1); // does not fit
        QVERIFY(!view->canvas()->model().valid());
        QCOMPARE(view->canvas()->model().frameCount(), 0);
        QVERIFY(!view->grab().isNull());
        // Sizes of a real layer beyond the spin boxes' usual range are taken as they are.
        view->showConvolution(96, 80, 5, 1, 2, 1);
        QCOMPARE(view->setup().inH, 96);
        QCOMPARE(view->canvas()->model().outW(), 80);
    }

    void darkThemeKeepsTheDataColours()
    {
        auto view = shownView();
        QVERIFY(view);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x25));
        dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1c));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        view->setPalette(dark);
        view->setShowNumbers(false);
        view->showConvolution(5, 5, 3, 1, 1, 1);
        const ConvArithPainter &l = view->canvas()->layout();
        QVERIFY(near(centreOf(*view, l.outputCell(0, 0)), ConvArithColors::forPalette(QPalette()).outputActive));
        QVERIFY(centreOf(*view, l.sourceCell(0, 6)).lightness() < 100); // padding is dark, not glaring white
        const QImage image = view->canvas()->grab().toImage();
        QVERIFY(image.pixelColor(3, image.height() / 2).lightness() < 60);
    }

    void receptiveFieldOfAStack()
    {
        auto view = shownView();
        QVERIFY(view);
        view->setReceptiveFieldStack({{3, 1, 0, 1}, {3, 1, 0, 1}}, 7, 7);
        view->showReceptiveField();
        ReceptiveFieldPanel *panel = view->receptiveField();
        QVERIFY(QTest::qWaitForWindowExposed(panel));
        ReceptiveFieldMap *map = panel->map();
        QCOMPARE(map->outH(), 3);
        QCOMPARE(panel->selectedCell(), (GridCell {1, 1}));
        QCOMPARE(map->rowSpan(0), (CellSpan {1, 5}));
        QVERIFY(panel->summary().contains("5×5 input cells"));
        QCOMPARE(panel->stackEdit()->text(), QString("conv k3 s1; conv k3 s1"));
        QTest::mouseClick(map, Qt::LeftButton, {}, map->cellRect(2, 0, 2).center().toPoint());
        QCOMPARE(panel->selectedCell(), (GridCell {0, 2}));
        QCOMPARE(map->colSpan(0), (CellSpan {2, 6}));
        // The field is shaded on the input where the painter put the cells.
        const QImage image = map->grab().toImage();
        const QColor shade = ConvArithColors::forPalette(map->palette()).inputActive;
        const QColor plain = ConvArithColors::forPalette(map->palette()).input;
        const qreal dpr = image.devicePixelRatio();
        QVERIFY(near(image.pixelColor((map->cellRect(0, 2, 4).center() * dpr).toPoint()), shade));
        QVERIFY(near(image.pixelColor((map->cellRect(0, 2, 1).center() * dpr).toPoint()), plain));
        // A typed stack with strides: the field grows by the stride.
        panel->stackEdit()->setText("conv k3 s2; conv k3");
        QCOMPARE(int(map->stack().size()), 2);
        QCOMPARE(map->rowSpan(0).size(), 7);
        panel->stackEdit()->setText("conv k3; nonsense");
        QCOMPARE(int(map->stack().size()), 2); // the last good stack stays
    }

    void exportsPngAndSvg()
    {
        auto view = shownView();
        QVERIFY(view);
        view->applyPreset(5);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString png = dir.filePath("frame.png"), svg = dir.filePath("frame.svg");
        QVERIFY(view->exportPng(png));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(2560, 1440));
        QVERIFY(view->exportSvg(svg));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("Zero padding, non-unit strides"));
    }

    void exportsAnAnimatedPng()
    {
        auto view = shownView();
        QVERIFY(view);
        view->applyPreset(5); // 5x5, k3, s2, p1: 9 frames
        const int frames = view->canvas()->model().frameCount();
        QCOMPARE(frames, 9);
        QTemporaryDir dir;
        const QString path = dir.filePath("animation.png");
        QVERIFY(view->exportAnimation(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray b = file.readAll();
        QVERIFY(b.startsWith("\x89PNG\r\n\x1a\n"));
        // Walk the chunks: every CRC right, acTL right after IHDR with the frame count, one fcTL
        // per frame, sequence numbers in order, IEND last.
        QStringList types;
        quint32 sequence = 0;
        int fctl = 0;
        for (qsizetype at = 8; at < b.size();) {
            const qsizetype length = be32(b, at);
            const QByteArray type = b.mid(at + 4, 4);
            QCOMPARE(be32(b, at + 8 + length), crc(b.mid(at + 4, 4 + length)));
            if (type == "acTL") {
                QCOMPARE(be32(b, at + 8), quint32(frames));
                QCOMPARE(be32(b, at + 12), 0u);
            }
            if (type == "fcTL" || type == "fdAT") {
                QCOMPARE(be32(b, at + 8), sequence++);
                fctl += type == "fcTL";
            }
            types << QString::fromLatin1(type);
            at += 12 + length;
        }
        QCOMPARE(types.mid(0, 4), (QStringList {"IHDR", "acTL", "fcTL", "IDAT"}));
        QCOMPARE(types.last(), QString("IEND"));
        QCOMPARE(fctl, frames);
        // A viewer without APNG support shows the first frame.
        const QImage first(path);
        QCOMPARE(first.size(), QSize(1280, 720));
        ConvArithExportOptions o = view->exportOptions();
        QCOMPARE(first.convertToFormat(QImage::Format_RGB32),
            renderConvArithFrame(view->canvas()->model(), 0, o).convertToFormat(QImage::Format_RGB32));
        // Frames of different sizes make no APNG.
        QVERIFY(encodeApng({QImage(4, 4, QImage::Format_RGB32), QImage(5, 4, QImage::Format_RGB32)}, 100).isEmpty());
    }

    void exportsAFolderOfFrames()
    {
        auto view = shownView();
        QVERIFY(view);
        view->applyPreset(0); // 4x4, k3: 4 frames
        QTemporaryDir dir;
        const QString folder = dir.filePath("frames");
        QCOMPARE(view->exportFrames(folder), 4);
        const QStringList files = QDir(folder).entryList({"*.png"}, QDir::Files, QDir::Name);
        QCOMPARE(files, (QStringList {"frame-001.png", "frame-002.png", "frame-003.png", "frame-004.png"}));
        QCOMPARE(QImage(QDir(folder).filePath(files.last())).size(), QSize(1280, 720));
    }
};

QTEST_MAIN(TestConvArithView)
#include "tst_convarithview.moc"

#include "surfaceplot.h"

#include "colorscale.h"
#include "imagetiles.h"
#include "plotexportmenu.h"

#include <QLabel>
#include <QLinearGradient>
#include <QMenu>
#include <QOpenGLContext>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtDataVisualization/Q3DCamera>
#include <QtDataVisualization/Q3DScene>
#include <QtDataVisualization/Q3DSurface>
#include <QtDataVisualization/Q3DTheme>
#include <QtDataVisualization/QCustom3DItem>
#include <QtDataVisualization/QSurface3DSeries>
#include <QtDataVisualization/QSurfaceDataProxy>
#include <QtDataVisualization/QValue3DAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ds::widgets {
namespace {

constexpr float kMarkerScale = 0.018f; // a size-1 marker's radius, as a share of the plot's box

QImage solidTexture(const QColor &colour)
{
    QImage image(2, 2, QImage::Format_ARGB32);
    image.fill(colour);
    return image;
}

QLinearGradient gradient(SurfaceGrid::Colours colours)
{
    QLinearGradient g(0, 0, 1, 0);
    for (int i = 0; i <= 8; ++i)
        g.setColorAt(i / 8.0,
            QColor(colours == SurfaceGrid::Colours::Viridis ? sequentialColor(float(i) / 8.0f, SequentialScale::Viridis)
                                                           : divergingColor(float(i) / 4.0f - 1.0f)));
    return g;
}

} // namespace

struct SurfacePlot::Graph {
    Q3DSurface *surface = nullptr; // owned by its window container
    QSurface3DSeries *series = nullptr; // owned by the graph
};

bool SurfacePlot::openGLAvailable()
{
    static const bool available = [] {
        QOpenGLContext context;
        return context.create();
    }();
    return available;
}

SurfacePlot::SurfacePlot(QWidget *parent) : QWidget(parent), m_placeholder("Nothing to show yet")
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_message = new QLabel(this);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setObjectName("surfaceMessage");
    layout->addWidget(m_message, 1);
    if (openGLAvailable()) {
        m_graph = std::make_unique<Graph>();
        auto *surface = new Q3DSurface;
        m_graph->surface = surface;
        surface->setShadowQuality(QAbstract3DGraph::ShadowQualityNone); // software OpenGL stays fluid
        surface->setSelectionMode(QAbstract3DGraph::SelectionItem);
        Q3DTheme *theme = surface->activeTheme();
        theme->setType(Q3DTheme::ThemeQt);
        theme->setBackgroundEnabled(false);
        theme->setWindowColor(palette().color(QPalette::Window));
        theme->setLabelBackgroundEnabled(false);
        QFont font = this->font();
        font.setPointSizeF(font.pointSizeF() * 3.0); // labels are textures drawn small in the scene
        theme->setFont(font);
        for (QValue3DAxis *axis : {surface->axisX(), surface->axisY(), surface->axisZ()}) {
            axis->setTitleVisible(true);
            axis->setLabelFormat("%.2g");
            axis->setSegmentCount(4);
        }
        surface->scene()->activeCamera()->setCameraPosition(-35.0f, 25.0f, 110.0f);
        m_graph->series = new QSurface3DSeries;
        m_graph->series->setDrawMode(QSurface3DSeries::DrawSurface); // a wireframe turns a small plot black
        m_graph->series->setColorStyle(Q3DTheme::ColorStyleRangeGradient);
        m_graph->series->setItemLabelFormat("@xLabel, @zLabel: @yLabel");
        surface->addSeries(m_graph->series);
        m_view = QWidget::createWindowContainer(surface, this);
        m_view->setObjectName("surfaceView");
        m_view->setToolTip("Drag with the right mouse button to turn it, the wheel zooms, a click reads a point");
        layout->addWidget(m_view, 1);
        auto *exportButton = new QToolButton(this);
        exportButton->setText("Export…");
        exportButton->setAutoRaise(true);
        exportButton->setPopupMode(QToolButton::InstantPopup);
        auto *menu = new QMenu(exportButton);
        addPlotExportActions(menu, this, "surface", [this] { return picture(); });
        exportButton->setMenu(menu);
        auto *hint = new QLabel("Right-drag turns it, the wheel zooms", this);
        hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        auto *row = new QHBoxLayout;
        row->addWidget(hint, 1);
        row->addWidget(exportButton);
        layout->addLayout(row);
    }
    showWhatItHas();
}

SurfacePlot::~SurfacePlot() = default;

QString SurfacePlot::message() const
{
    return m_message->isVisible() || !m_view ? m_message->text() : QString();
}

void SurfacePlot::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    showWhatItHas();
}

void SurfacePlot::showWhatItHas()
{
    if (!m_graph) {
        m_message->setText("The 3-D view needs OpenGL, which this display does not offer. The map shows the same "
                           "values from above.");
        m_message->show();
        return;
    }
    const bool empty = isEmpty();
    m_message->setText(empty ? m_placeholder : QString());
    m_message->setVisible(empty);
    m_view->setVisible(!empty);
}

void SurfacePlot::clear()
{
    m_grid = {};
    m_markers.clear();
    if (m_graph) {
        m_graph->series->dataProxy()->resetArray(nullptr);
        m_graph->surface->removeCustomItems();
    }
    showWhatItHas();
}

void SurfacePlot::setSurface(const SurfaceGrid &grid)
{
    if (grid.columns < 2 || grid.rows < 2 || grid.heights.size() != std::size_t(grid.columns) * std::size_t(grid.rows)
        || !(grid.x1 > grid.x0) || !(grid.z1 > grid.z0)) {
        clear();
        return;
    }
    m_grid = grid;
    if (m_graph) {
        // The graph takes no holes: a missing value stands at the highest one there is, a wall
        // where the loss ran off (the map shows those in grey).
        float highest = -std::numeric_limits<float>::infinity(), lowest = std::numeric_limits<float>::infinity();
        for (float h : grid.heights)
            if (std::isfinite(h))
                highest = std::max(highest, h), lowest = std::min(lowest, h);
        if (!std::isfinite(highest))
            highest = lowest = 0.0f;
        auto *rows = new QSurfaceDataArray;
        rows->reserve(grid.rows);
        for (int r = 0; r < grid.rows; ++r) {
            auto *row = new QSurfaceDataRow(grid.columns);
            const float z = float(grid.z0 + (grid.z1 - grid.z0) * r / (grid.rows - 1));
            for (int c = 0; c < grid.columns; ++c) {
                const float h = grid.heights[std::size_t(r) * std::size_t(grid.columns) + std::size_t(c)];
                const float x = float(grid.x0 + (grid.x1 - grid.x0) * c / (grid.columns - 1));
                (*row)[c].setPosition(QVector3D(x, std::isfinite(h) ? h : highest, z));
            }
            rows->append(row);
        }
        Q3DSurface *s = m_graph->surface;
        s->axisX()->setRange(float(grid.x0), float(grid.x1));
        s->axisZ()->setRange(float(grid.z0), float(grid.z1));
        if (grid.colours == SurfaceGrid::Colours::Diverging) {
            const float reach = std::max({1.0f, std::abs(lowest), std::abs(highest)});
            s->axisY()->setRange(-reach, reach);
        } else {
            s->axisY()->setRange(lowest, highest > lowest ? highest : lowest + 1.0f);
        }
        // The range gradient spans the height axis: the colours follow the heights as set above.
        m_graph->series->setBaseGradient(gradient(grid.colours));
        s->axisX()->setTitle(grid.xTitle);
        s->axisY()->setTitle(grid.yTitle);
        s->axisZ()->setTitle(grid.zTitle);
        m_graph->series->dataProxy()->resetArray(rows);
    }
    showWhatItHas();
}

void SurfacePlot::setMarkers(const std::vector<SurfaceMarker> &markers)
{
    if (markers == m_markers)
        return;
    m_markers = markers;
    if (!m_graph)
        return;
    Q3DSurface *s = m_graph->surface;
    s->removeCustomItems();
    for (const SurfaceMarker &m : markers) {
        auto *item = new QCustom3DItem;
        item->setMeshFile(":/widgets/marker.obj");
        item->setPosition(m.position);
        const float r = kMarkerScale * m.size;
        item->setScaling(QVector3D(r, r, r));
        item->setTextureImage(solidTexture(m.colour));
        item->setShadowCasting(false);
        s->addCustomItem(item); // the graph owns it
    }
}

QImage SurfacePlot::renderImage(QSize size)
{
    if (!m_graph || isEmpty())
        return {};
    if (!size.isValid())
        size = m_view->size() * kExportScale;
    return m_graph->surface->renderToImage(4, size);
}

PlotPicture SurfacePlot::picture()
{
    const QImage image = renderImage();
    const QSize size = m_view ? m_view->size() : QSize(320, 280);
    return widgetPicture(this, "Surface", [image, size](QPainter &p) {
        if (!image.isNull())
            p.drawImage(QRectF(QPointF(0, 0), QSizeF(size)), image);
    });
}

} // namespace ds::widgets

#include "landscapepanel.h"

#include "landscapeline.h"
#include "landscapemap.h"
#include "landscapesurface.h"
#include "surfaceplot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

namespace ds::app {

LandscapePanel::LandscapePanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    // Two rows of controls and a one-line caption: the Inside tab is short on a laptop, and the
    // map gets the rest (or a window of its own: Enlarge).
    auto *controls = new QHBoxLayout;
    controls->setSpacing(3);
    m_directions = new QComboBox(this);
    m_directions->setObjectName("landscapeDirections");
    m_directions->addItem("Random", int(LandscapeRequest::Directions::Random));
    m_directions->addItem("Path", int(LandscapeRequest::Directions::Path));
    m_directions->addItem("Line", int(LandscapeRequest::Directions::Line));
    m_directions->setToolTip("Random: two random directions, each filter and neuron scaled to the weights' own "
                             "size (Li et al. 2018). Path: the plane the weights moved in most (the principal "
                             "components of the weights saved while training). Line: the loss on the straight line "
                             "from where the run started (0) through the weights now (1) and beyond (Goodfellow et "
                             "al. 2015)");
    m_grid = new QComboBox(this);
    for (int n : {21, 31, 41})
        m_grid->addItem(QString::number(n), n);
    m_grid->setCurrentIndex(1);
    m_grid->setToolTip("Grid points per side: each is one pass over the training points");
    m_range = new QComboBox(this);
    m_range->setObjectName("landscapeRange");
    for (double r : {0.25, 0.5, 1.0, 2.0})
        m_range->addItem(QString("±%1").arg(r), r);
    m_range->setCurrentIndex(2);
    m_range->setToolTip("How far out: in units of the weights' own size along random directions; along the "
                        "training path, the path's reach plus this share of it");
    m_view = new QComboBox(this);
    m_view->setObjectName("landscapeView");
    m_view->addItem("Map");
    m_view->addItem("3-D");
    m_view->setToolTip("Map: the loss from above, with contour lines. 3-D: the surface itself, to turn with the mouse");
    m_every = new QComboBox(this);
    m_every->setObjectName("landscapeEvery");
    m_every->addItem("once", 0);
    m_every->setToolTip("Compute it again every so many epochs while training, to watch the landscape change "
                        "(training pauses for each)");
    m_log = new QCheckBox("log", this);
    m_log->setToolTip("A logarithmic loss scale shows the floor of a deep valley");
    m_compute = new QPushButton("Compute", this);
    m_compute->setObjectName("computeLandscape");
    m_compute->setToolTip("The loss around the weights as they are now (training pauses for a moment)");
    auto *enlarge = new QPushButton("⤢", this);
    enlarge->setObjectName("enlargeLandscape");
    enlarge->setToolTip("The landscape in a window of its own, as large as you like (for a projector)");
    enlarge->setFixedWidth(enlarge->fontMetrics().height() * 2);
    for (QWidget *w : std::initializer_list<QWidget *> {m_directions, m_grid, m_range, m_log})
        controls->addWidget(w);
    controls->addStretch(1);
    controls->addWidget(m_compute);
    layout->addLayout(controls);
    // A second row: how it is shown and how often; two rows keep the Inside tab narrow.
    auto *showing = new QHBoxLayout;
    showing->setSpacing(3);
    showing->addWidget(m_view);
    showing->addWidget(m_every);
    showing->addStretch(1);
    showing->addWidget(enlarge);
    layout->addLayout(showing);
    m_views = makeViews(this);
    m_views.surface->setPlaceholderText("Press Compute to see the loss around the weights");
    layout->addWidget(m_views.stack, 1);
    m_caption = new QLabel(this);
    m_caption->setObjectName("landscapeCaption");
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // one line, the rest in its tooltip
    layout->addWidget(m_caption);
    connect(enlarge, &QPushButton::clicked, this, &LandscapePanel::showLarge);
    connect(m_compute, &QPushButton::clicked, this, [this] {
        m_caption->setText("Computing…");
        // Too small to read where it sits (a laptop's short Inside tab): the window of its own.
        if (m_views.map->height() < 150)
            showLarge();
        emit requested(request());
    });
    connect(m_log, &QCheckBox::toggled, this, &LandscapePanel::paintAll);
    connect(m_view, &QComboBox::currentIndexChanged, this, &LandscapePanel::paintAll);
    for (QComboBox *box : {m_directions, m_grid, m_range, m_every})
        connect(box, &QComboBox::currentIndexChanged, this, &LandscapePanel::emitRecompute);
}

LandscapePanel::Views LandscapePanel::makeViews(QWidget *parent)
{
    Views v;
    v.stack = new QStackedWidget(parent);
    v.map = new widgets::LandscapeMap(v.stack);
    v.surface = new widgets::SurfacePlot(v.stack);
    v.line = new widgets::LandscapeLine(v.stack);
    v.stack->addWidget(v.map); // 0
    v.stack->addWidget(v.surface); // 1
    v.stack->addWidget(v.line); // 2: a line's result, whatever the View says
    return v;
}

void LandscapePanel::paint(const Views &v) const
{
    const bool log = m_log->isChecked();
    v.map->setLogScale(log);
    v.line->setLogScale(log);
    v.stack->setCurrentIndex(m_last && m_last->isLine() ? 2 : m_view->currentIndex());
    if (!m_last || m_last->isLine()) {
        v.map->clear();
        v.surface->clear();
    }
    if (!m_last || !m_last->isLine())
        v.line->clear();
    if (!m_last)
        return;
    if (m_last->isLine()) {
        v.line->setLine(m_last->lineFrom, m_last->lineTo, m_last->line, m_last->pathT);
        return;
    }
    QVector<QPointF> path;
    for (const auto &[a, b] : m_last->path)
        path.push_back({a, b});
    v.map->setLandscape(m_last->grid.size, m_last->grid.range, m_last->grid.loss, path);
    v.surface->setSurface(landscapeSurface(*m_last, log));
    v.surface->setMarkers(landscapePathMarkers(*m_last, log));
}

void LandscapePanel::paintAll()
{
    m_view->setEnabled(!(m_last && m_last->isLine())); // a line has no view to choose
    paint(m_views);
    if (m_large) {
        m_largeCaption->setText(m_caption->toolTip());
        paint(m_largeViews);
    }
}

void LandscapePanel::setSurfaceShown(bool on)
{
    m_view->setCurrentIndex(on ? 1 : 0);
}

void LandscapePanel::setRecomputeChoices(const QList<int> &epochs)
{
    const int was = recomputeEvery();
    const QSignalBlocker block(m_every);
    while (m_every->count() > 1)
        m_every->removeItem(1);
    for (int n : epochs)
        m_every->addItem(n == 1 ? QString("every epoch") : QString("every %1").arg(n), n);
    m_every->setCurrentIndex(std::max(0, m_every->findData(was)));
    if (recomputeEvery() != was)
        emitRecompute();
}

int LandscapePanel::recomputeEvery() const
{
    return m_every->currentData().toInt();
}

void LandscapePanel::emitRecompute()
{
    emit recomputeChanged(request(), recomputeEvery());
}

void LandscapePanel::showLarge()
{
    if (!m_large) {
        m_large = new QDialog(window());
        m_large->setWindowTitle("Loss landscape — Deepscope");
        auto *l = new QVBoxLayout(m_large);
        m_largeViews = makeViews(m_large);
        m_largeCaption = new QLabel(m_large);
        m_largeCaption->setWordWrap(true);
        l->addWidget(m_largeViews.stack, 1);
        l->addWidget(m_largeCaption);
        m_large->resize(640, 640);
    }
    paintAll();
    if (!m_last) {
        const QString placeholder = m_caption->text() == "Computing…" ? "Computing…" : "Press Compute";
        m_largeViews.map->setPlaceholderText(placeholder);
        m_largeViews.surface->setPlaceholderText(placeholder);
    }
    m_large->show();
    m_large->raise();
}

LandscapeRequest LandscapePanel::request() const
{
    LandscapeRequest r;
    r.directions = LandscapeRequest::Directions(m_directions->currentData().toInt());
    r.grid = m_grid->currentData().toInt();
    r.range = m_range->currentData().toDouble();
    return r;
}

QString LandscapePanel::caption() const
{
    return m_caption->text();
}

void LandscapePanel::showResult(std::shared_ptr<const LandscapeResult> result)
{
    m_last = result;
    m_failure.clear();
    if (result->isLine()) {
        showLine(*result);
        return;
    }
    QString text = QString("Training loss around the weights of epoch %1").arg(result->epoch);
    if (result->request.directions == LandscapeRequest::Directions::Path)
        text += QString("; the plane holds %1 % + %2 % of the path's movement")
                    .arg(result->explained1 * 100.0, 0, 'f', 1)
                    .arg(result->explained2 * 100.0, 0, 'f', 1);
    else
        text += "; random directions scaled to each neuron's weights";
    const auto [lo, hi] = result->grid.lossRange();
    text += QString(". Loss from %1 (dark) to %2 (yellow). Red: now; the line: the path from its start (hollow "
                    "on the map, white in 3-D).")
                .arg(double(lo), 0, 'g', 3)
                .arg(double(hi), 0, 'g', 3);
    // The shape in numbers, which the landscape lessons quote.
    const bool random = result->request.directions == LandscapeRequest::Directions::Random;
    QString shape = QString("roughness %1").arg(result->roughness, 0, 'f', 2);
    if (random)
        shape = QString("sharpness %1 · ").arg(result->curvature, 0, 'g', 3) + shape;
    text += QString(" Shape: %1 (roughness 1: every row and column of the grid falls once and rises once; %2 % of "
                    "the map drains into the centre's basin).")
                .arg(shape)
                .arg(result->basinShare * 100.0, 0, 'f', 0);
    if (random)
        text += " Sharpness: the loss's curvature at the centre along the two directions.";
    m_caption->setText(QString("Epoch %1 · %2 · %3")
                           .arg(result->epoch)
                           .arg(random ? QString("random directions")
                                       : QString("path plane %1 % + %2 %")
                                             .arg(result->explained1 * 100.0, 0, 'f', 0)
                                             .arg(result->explained2 * 100.0, 0, 'f', 0))
                           .arg(shape));
    m_caption->setToolTip(text);
    paintAll();
    emit answered();
}

void LandscapePanel::showLine(const LandscapeResult &result)
{
    paintAll();
    auto at = [this](double t) { return double(m_views.line->lossAt(t)); };
    m_caption->setText(QString("Epoch %1 · the line from the start to now").arg(result.epoch));
    m_caption->setToolTip(QString("Training loss on the straight line from the weights the run started from (t = 0, "
                                  "loss %1) through the weights of epoch %2 (t = 1, loss %3, red) and on; the dots: the "
                                  "weights saved on the way, where they fall along it. A curve that only falls from 0 "
                                  "to 1 says training could have gone straight (Goodfellow et al. 2015).")
                              .arg(at(0.0), 0, 'g', 3)
                              .arg(result.epoch)
                              .arg(at(1.0), 0, 'g', 3));
    if (m_large)
        m_largeCaption->setText(m_caption->toolTip());
    emit answered();
}

void LandscapePanel::showFailure(const QString &why)
{
    m_failure = why;
    m_caption->setText(why);
    m_caption->setToolTip(why);
    emit answered();
}

} // namespace ds::app

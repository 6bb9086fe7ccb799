// The Model mode's filter panel: the first convolution's filters, or (Top patches) any
// convolution's filters beside the windows of the open pictures that excite them most.
#include "modelview.h"

#include "controls/captioned.h"
#include "controls/patchrows.h"
#include "filtergrid.h"
#include "graphdiagram.h"
#include "patchgrid.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLocale>
#include <QScrollArea>
#include <QStackedWidget>

namespace ds::app {

QWidget *ModelView::buildFilterPanel(QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    auto *head = new QHBoxLayout;
    m_filtersCaption = captionLabel("Layer-1 filters", box);
    m_filtersCaption->setObjectName("filtersCaption");
    m_filtersCaption->setWordWrap(true);
    head->addWidget(m_filtersCaption, 1);
    m_patchBox = new QCheckBox("Top patches", box);
    m_patchBox->setObjectName("topPatches");
    m_patchBox->setToolTip("Each filter of the chosen convolution (click one in the graph) beside the parts of the "
                           "open pictures that excite it most: open a folder of pictures to search it");
    head->addWidget(m_patchBox, 0, Qt::AlignTop);
    l->addLayout(head);
    m_filterStack = new QStackedWidget(box);
    m_filters = new widgets::FilterGrid(m_filterStack);
    m_filterStack->addWidget(m_filters);
    auto *scroll = new QScrollArea(m_filterStack);
    m_patchGrid = new widgets::PatchGrid(scroll);
    scroll->setWidget(m_patchGrid);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_filterStack->addWidget(scroll);
    connect(m_patchBox, &QCheckBox::toggled, this, &ModelView::setPatchesShown);
    l->addWidget(m_filterStack, 1);
    return box;
}

bool ModelView::patchesShown() const
{
    return m_patchBox->isChecked();
}

void ModelView::setPatchesShown(bool on)
{
    if (m_patchBox->isChecked() != on) {
        m_patchBox->setChecked(on); // comes back here through toggled
        return;
    }
    m_filterStack->setCurrentIndex(on ? 1 : 0);
    if (!on) {
        showFilters();
        return;
    }
    findPatches();
}

int ModelView::patchNode() const
{
    if (!m_overview)
        return -1;
    const std::vector<GraphNode> &nodes = m_overview->nodes;
    if (m_node >= 0 && m_node < int(nodes.size()) && nodes[std::size_t(m_node)].kind == LayerKind::Conv2D)
        return m_node;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].kind == LayerKind::Conv2D)
            return int(i);
    return -1;
}

void ModelView::findPatches()
{
    const int node = patchNode();
    m_patchNode = node;
    m_patchGrid->clear();
    if (node < 0) {
        m_filtersCaption->setText("Top patches · this network has no convolution");
        return;
    }
    const QString title = QString::fromStdString(m_overview->nodes[std::size_t(node)].title);
    if (m_pictures.isEmpty()) {
        m_filtersCaption->setText("Top patches · " + title
            + " · open a folder of pictures (or drop one here) to find what excites each filter");
        return;
    }
    m_filtersCaption->setText(QString("Top patches · %1 · searching %2 pictures…")
                                  .arg(title)
                                  .arg(QLocale().toString(std::min(int(m_pictures.size()), ModelWorker::kMaxPatchPictures))));
    QMetaObject::invokeMethod(m_worker, [w = m_worker, paths = m_pictures, node] { w->findPatches(paths, node); });
}

void ModelView::showPatches(std::shared_ptr<const TopPatches> patches, int node, int serial)
{
    if (serial != m_shownSerial || node != m_patchNode || !patchesShown())
        return; // another model's, another node's, or no longer wanted
    const QString title = QString::fromStdString(m_overview->nodes[std::size_t(node)].title);
    if (patches->filters == 0) {
        m_patchGrid->clear();
        m_filtersCaption->setText("Top patches · " + title + " · its outputs do not come from one window of the picture");
        return;
    }
    const QString window = patches->window > patches->size
        ? QString("%1×%1-pixel windows (shown at %2×%2)").arg(patches->window).arg(patches->size)
        : QString("%1×%1-pixel windows").arg(patches->window);
    m_filtersCaption->setText("Top patches · " + title);
    m_patchGrid->setRows(patchRows(*patches, "picture"),
        QString("Each filter, then the %1 of %2 pictures' %3 that excite it most")
            .arg(patches->perFilter)
            .arg(QLocale().toString(patches->searched))
            .arg(window));
    emit patchesPainted();
}

void ModelView::showFilters()
{
    if (!m_overview)
        return;
    const Filters &f = m_overview->filters;
    if (patchesShown()) {
        findPatches();
    } else if (f.count > 0) {
        m_filters->setFilters(f.weights, f.count, f.channels, f.size, f.size);
        m_filtersCaption->setText(f.channels == 3 ? "Layer-1 filters · in colour: what each looks for in R, G and B"
                                                  : "Layer-1 filters");
    } else {
        m_filters->clear();
        m_filtersCaption->setText("Layer-1 filters · this network has no convolution");
    }
}

} // namespace ds::app

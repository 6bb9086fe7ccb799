// The Images mode's filter panel: the filters of any convolution, or the first layer's top
// patches (Zeiler and Fergus's view) in their place.
#include "cnnview.h"

#include "controls/captioned.h"
#include "filtergrid.h"
#include "patchgrid.h"
#include "training/imageworker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ds::app {

using widgets::FilterGrid;
using widgets::PatchGrid;

QWidget *CnnView::buildFilterPanel(QWidget *top)
{
    auto *filterBox = new QWidget(top);
    auto *fl = new QVBoxLayout(filterBox);
    fl->setContentsMargins(0, 0, 0, 0);
    // The filters of any convolution: layer 1's look at the pixels; deeper ones show the mean
    // over their input channels.
    auto *filterHead = new QHBoxLayout;
    filterHead->addWidget(captionLabel("Filters of", filterBox));
    m_filterLayer = new QComboBox(filterBox);
    m_filterLayer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_filterLayer->setToolTip("Which convolution layer's filters to show; layer 1's look straight at the pixels");
    filterHead->addWidget(m_filterLayer);
    filterHead->addStretch(1);
    // Zeiler and Fergus's view: each first-layer filter beside the image windows it likes best.
    auto *patches = new QCheckBox("Top patches", filterBox);
    patches->setObjectName("topPatches");
    patches->setToolTip("Show each first-layer filter beside the test-image windows that excite it most");
    filterHead->addWidget(patches);
    fl->addLayout(filterHead);
    connect(m_filterLayer, &QComboBox::activated, this,
        [this](int i) { QMetaObject::invokeMethod(m_worker, [w = m_worker, i] { w->setFilterLayer(i); }); });
    auto *filterStack = new QStackedWidget(filterBox);
    m_filters = new FilterGrid(filterStack);
    filterStack->addWidget(m_filters);
    auto *patchScroll = new QScrollArea(filterStack);
    m_patches = new PatchGrid(patchScroll);
    patchScroll->setWidget(m_patches);
    patchScroll->setWidgetResizable(true);
    patchScroll->setFrameShape(QFrame::NoFrame);
    filterStack->addWidget(patchScroll);
    connect(patches, &QCheckBox::toggled, this, [this, filterStack, patchScroll](bool on) {
        filterStack->setCurrentWidget(on ? patchScroll : static_cast<QWidget *>(m_filters));
        m_filterLayer->setEnabled(!on);
        QMetaObject::invokeMethod(m_worker, [w = m_worker, on] { w->setShowPatches(on); });
    });
    fl->addWidget(filterStack, 1);
    return filterBox;
}

} // namespace ds::app

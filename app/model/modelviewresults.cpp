// The Model mode's painting: an opened model's overview (summary, graph, filters, preprocessing)
// and a picture's answer (its top classes, the chosen node's maps).
#include "modelview.h"

#include "controls/graphnodes.h"
#include "featuremaps.h"
#include "filtergrid.h"
#include "graphdiagram.h"
#include "preprocessingeditor.h"
#include "probabilitybars.h"
#include "workload.h"

#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>

#include <algorithm>
#include <numeric>

namespace ds::app {
namespace {

// The indices of the `count` largest probabilities, largest first.
std::vector<int> topIndices(const std::vector<float> &p, int count)
{
    std::vector<int> order(p.size());
    std::iota(order.begin(), order.end(), 0);
    const int n = std::min(count, int(order.size()));
    std::partial_sort(order.begin(), order.begin() + n, order.end(),
        [&](int a, int b) { return p[std::size_t(a)] > p[std::size_t(b)]; });
    order.resize(std::size_t(n));
    return order;
}

} // namespace

QString ModelView::className(int k) const
{
    return k < m_classNames.size() ? m_classNames[k] : QString("class %1").arg(k);
}

void ModelView::showOverview(std::shared_ptr<const ModelOverview> o, int serial)
{
    if (serial != m_serial)
        return; // an earlier file's, overtaken
    m_overview = o;
    m_shownSerial = serial;
    m_picture.reset();
    m_node = -1;
    m_classNames.clear();
    for (const std::string &n : o->classNames)
        m_classNames << QString::fromStdString(n);
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions); // 11,684,712: the C locale omits the commas
    m_summary->setText(QString("<b>%1</b> · %2 nodes, %3 · %4 parameters · %5 per picture · %6 → %7 classes%8")
                           .arg(QString::fromStdString(o->name).toHtmlEscaped())
                           .arg(o->nodes.size())
                           .arg(o->graph ? "a graph" : o->skips ? "a chain with skip connections" : "a chain")
                           .arg(c.toString(qulonglong(o->parameters)))
                           .arg(QString::fromStdString(formatFlops(o->flops)))
                           .arg(QString::fromStdString(shapeText(o->input)))
                           .arg(o->classes)
                           .arg(o->softmaxAdded ? " · softmax added after its logits" : ""));
    m_shownSummary = m_summary->text();
    m_shownPath = m_path;

    m_graph->setGraph(diagramNodes(o->nodes), "input " + QString::fromStdString(shapeText(o->input)));
    m_graph->resize(m_graph->sizeHint());
    m_graphScroll->ensureVisible(0, 0);

    showFilters();
    m_preprocessing->setModel(o->input[0], o->preprocessing, o->preprocessingFromFile);
    m_bars->clear();
    m_maps->clear();
    m_pictureLabel->clear();
    m_pictureLabel->setText("Drop a picture here,\nor Open pictures…");
    m_pictureCaption->setText("Picture");
    m_mapsCaption->setText("Feature maps · pick a node in the graph");
    for (QPushButton *b : {m_openPictures, m_classNamesButton, m_fineTune})
        b->setEnabled(true);
    m_pages->setCurrentIndex(1);
    if (m_classNames.isEmpty())
        findClassNames();
    // The first node with maps is the usual first look: what the first convolution finds.
    for (std::size_t i = 0; i < o->nodes.size(); ++i)
        if (o->nodes[i].hasMaps) {
            selectNode(int(i));
            break;
        }
    m_opening = false;
    emit modelOpened();
    const QStringList pending = std::exchange(m_pendingPictures, {});
    for (const QString &path : pending) {
        QString error;
        if (!openPicture(path, &error))
            emit statusMessage(error);
    }
}

void ModelView::showFailure(const QString &message, int serial)
{
    if (serial != m_serial && serial != m_shownSerial)
        return;
    // A model for pictures of any size: ask which (torchvision's are trained at 224), then again.
    if (m_opening && serial == m_serial && m_askedSize.isEmpty() && message.contains("takes pictures of any")) {
        bool ok = false;
        const int side = QInputDialog::getInt(this, "Picture size",
            "This model takes pictures of any size. Run it at (pixels per side):", 224, 8, 4096, 1, &ok);
        QString error;
        const QString path = m_path;
        const QStringList pending = m_pendingPictures; // pictures given with the file still go through it
        if (ok && openModel(path, &error, QSize(side, side))) {
            m_pendingPictures = pending;
            return;
        }
    }
    if (m_opening && serial == m_serial) { // the file did not open: the model before stays
        m_opening = false;
        m_pendingPictures.clear();
        m_serial = m_shownSerial;
        m_path = m_shownPath;
        m_summary->setText(m_shownSummary);
    }
    emit statusMessage(message);
}

QStringList ModelView::topClasses(int count) const
{
    QStringList out;
    if (!m_picture)
        return out;
    const std::vector<float> &p = m_picture->result.probabilities;
    for (int k : topIndices(p, count))
        out << className(k) + " " + widgets::ProbabilityBars::percentText(p[std::size_t(k)]);
    return out;
}

void ModelView::showPicture(std::shared_ptr<const ModelPicture> p)
{
    if (p->serial != m_serial || !m_overview)
        return;
    m_picture = p;
    // The picture as the network saw it, enlarged with square pixels up to the label's size.
    const QSize room = m_pictureLabel->size().boundedTo(QSize(256, 256)).expandedTo(QSize(64, 64));
    const int factor = std::max(1, std::min(room.width() / std::max(1, p->shown.width()),
                                       room.height() / std::max(1, p->shown.height())));
    m_pictureLabel->setPixmap(QPixmap::fromImage(p->shown.scaled(p->shown.size() * factor, Qt::IgnoreAspectRatio,
        factor > 1 && p->shown.width() < 64 ? Qt::FastTransformation : Qt::SmoothTransformation)));
    QString caption = p->name + " · as the model sees it";
    if (m_pictures.size() > 1 && m_pictureIndex >= 0)
        caption += QString(" · %1 of %2").arg(m_pictureIndex + 1).arg(m_pictures.size());
    m_pictureCaption->setText(caption);
    // The five most likely classes, with their names.
    std::vector<float> top;
    QStringList names;
    for (int k : topIndices(p->result.probabilities, 5)) {
        top.push_back(p->result.probabilities[std::size_t(k)]);
        names << className(k);
    }
    m_bars->setProbabilities(top, names);
    // The chosen node's maps, beside the picture they came from.
    const LayerMaps &m = p->result.maps;
    if (!m.values.empty()) {
        widgets::FeatureMapLayer layer;
        layer.title = QString("%1  %2").arg(p->result.node).arg(QString::fromStdString(m.title));
        layer.channels = m.shape.empty() ? 0 : m.shape[0];
        layer.height = m.shape.size() == 3 ? m.shape[1] : 1;
        layer.width = m.shape.size() == 3 ? m.shape[2] : 1;
        layer.values = m.values;
        m_maps->setInput(p->shown);
        m_maps->setLayers({layer});
        m_mapsCaption->setText(QString("Feature maps of node %1 · pick another in the graph").arg(p->result.node));
    } else {
        m_maps->clear();
    }
    emit picturePainted();
}

} // namespace ds::app

// CnnView: painting what the image training thread publishes.
#include "cnnview.h"

#include "confusionmatrix.h"
#include "controls/curvehistory.h"
#include "controls/patchrows.h"
#include "controls/trainingbar.h"
#include "digitcanvas.h"
#include "displaystyle.h"
#include "featuremaps.h"
#include "filtergrid.h"
#include "imagegallery.h"
#include "imagetiles.h"
#include "layereditor.h"
#include "losschart.h"
#include "patchgrid.h"
#include "probabilitybars.h"

#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSignalBlocker>
#include <QTabWidget>
#include <cmath>
#include <utility>

namespace ds::app {
using namespace ds::widgets;

namespace {

QList<FeatureMapLayer> mapLayers(const std::vector<LayerMaps> &maps)
{
    QList<FeatureMapLayer> out;
    for (const LayerMaps &m : maps) {
        FeatureMapLayer l;
        l.title = QString::fromStdString(m.title);
        l.channels = m.shape.empty() ? 0 : m.shape[0];
        l.height = m.shape.size() == 3 ? m.shape[1] : 1;
        l.width = m.shape.size() == 3 ? m.shape[2] : 1;
        l.values = m.values;
        out.push_back(std::move(l));
    }
    return out;
}

QString percent(float accuracy)
{
    return QString::number(100.0 * accuracy, 'f', 1) + " %";
}

} // namespace

QStringList CnnView::classNames() const
{
    QStringList names;
    for (const std::string &n : m_info.classNames)
        names << QString::fromStdString(n);
    return names;
}

QImage CnnView::testImage(int index) const
{
    if (!m_info.test || index < 0 || index >= m_info.test->count())
        return {};
    const data::ImageSet &t = *m_info.test;
    return imageFromTensor(t.image(index).data(), t.channels, t.height, t.width);
}

void CnnView::showData(const ImageDataInfo &info)
{
    // Two loads in flight (a document opened while another's images load): only the last one's
    // data takes the pending layers; the worker trains on it once it arrives.
    if (info.generation != m_loadGeneration)
        return;
    const bool newShape = info.channels != m_info.channels || info.height != m_info.height || info.width != m_info.width
        || info.classNames.size() != m_info.classNames.size();
    m_info = info;
    m_progress->hide();
    const QLocale l;
    m_dataInfo->setText(QString("<b>%1</b><br>%2 × %3 × %4 · %5 classes<br>%6 training · %7 validation · %8 test")
                            .arg(QString::fromStdString(info.name).toHtmlEscaped())
                            .arg(info.channels)
                            .arg(info.height)
                            .arg(info.width)
                            .arg(info.classNames.size())
                            .arg(l.toString(info.trainCount))
                            .arg(l.toString(info.validationCount))
                            .arg(l.toString(info.testCount)));
    const bool digits = info.channels == 1 && info.height == DigitCanvas::kSide && info.width == DigitCanvas::kSide;
    m_canvas->setEnabled(digits);
    m_drawHint->setText(digits ? "Draw a digit: the probabilities and feature maps follow as you draw."
                               : "Drawing needs 28 × 28 gray images (MNIST-like data).");
    if (m_pending) { // a document's layers, now that their input shape is known
        const ImagesConfig pending = *m_pending;
        const std::optional<TrainedRun> run = std::exchange(m_pendingRun, std::nullopt);
        m_pending.reset();
        const bool wasApplying = std::exchange(m_applying, true);
        if (newShape)
            applyPreset(-1); // the preset list for this shape
        setConfig(pending);
        m_applying = wasApplying;
        if (run) // queued after the config: the session is built first (or pending again)
            restoreRun(*run);
    } else {
        // Data arriving is no edit (choosing it was: openDataSet says so).
        const bool wasApplying = std::exchange(m_applying, true);
        if (newShape)
            applyPreset(-1);
        else
            sendConfig();
        m_applying = wasApplying;
    }
}

void CnnView::showLoading(const QString &what)
{
    m_loss->clear();
    m_accuracy->clear();
    m_filters->clear();
    m_patches->clear();
    m_sample->setItems({});
    m_mistakes->setItems({});
    m_probeMaps->clear();
    m_probeBars->clear();
    clearResults();
    m_bar->showProgress("—", 0.0, QString());
    m_status->setText(what);
    m_loadingShown = true;
}

void CnnView::clearResults()
{
    m_confusion->clear();
    m_mistakes->setItems({});
    m_reportCaption->setText("The test results appear when training pauses.");
    m_shownReport = nullptr;
}

void CnnView::showSnapshot(std::shared_ptr<const ImageSnapshot> s)
{
    // While a document's images load, or before its saved run is in the session, a snapshot is
    // of a network the document does not hold (the last one, or its config's untrained start):
    // acknowledged, not shown.
    if (m_pending || s->restoreSerial != m_restoreSerial) {
        QMetaObject::invokeMethod(m_worker, &ImageWorker::snapshotShown, Qt::QueuedConnection);
        return;
    }
    m_last = s;
    ++m_snapshotsPainted;
    if (std::exchange(m_loadingShown, false))
        m_status->clear(); // what showLoading said is here
    // A problem a config caused (a layer that did not fit) goes once a later config's network is
    // built; one without a new config (the GPU off) stays.
    if (!m_failure.isEmpty() && s->message.empty() && s->configSerial > m_failureSerial) {
        if (m_status->text() == m_failure)
            m_status->clear();
        emit failureCleared(std::exchange(m_failure, QString()));
    }
    if (s->curvesReset && !s->report) {
        // A new network (File → New, a reset, another preset): the last one's test results, its
        // "trained 3 epochs" and its top patches are not this one's.
        clearResults();
        m_patches->clear();
        if (s->message.empty())
            m_status->clear();
    }
    double restoredTo = -1.0;
    if (s->curvesReset) {
        m_loss->clear();
        m_accuracy->clear();
        // A run restored from a file: its curves up to the epoch it was saved at.
        if (m_restoredCurves && s->epoch == m_restoredCurves->first) {
            restoreChartCurves({m_loss, m_accuracy}, m_restoredCurves->second);
            restoredTo = lastCurveX(m_restoredCurves->second);
            m_restoredCurves.reset();
        }
    }
    for (const CurvePoint &p : s->newPoints) {
        if (p.epoch <= restoredTo)
            continue;
        m_loss->append(p.epoch, {p.train.loss, p.validation.accuracy >= 0 ? p.validation.loss : p.train.loss});
        m_accuracy->append(p.epoch, {double(100.0f * p.train.accuracy), double(100.0f * std::max(0.0f, p.validation.accuracy))}); // floats, as the CSV writes them
    }
    m_bar->showProgress(TrainingBar::formatEpochs(s->epochProgress, 2), s->secondsPerEpoch,
        s->imagesPerSecond > 0 ? QLocale().toString(qlonglong(s->imagesPerSecond)) + " images/s" : QString());
    if (!s->message.empty()) {
        m_status->setText(QString::fromStdString(s->message));
        m_status->setToolTip(m_status->text());
    }

    const Filters &f = s->filters;
    if (f.count > 0)
        m_filters->setFilters(f.weights, f.count, f.channels, f.size, f.size);
    else
        m_filters->clear();
    if (s->patches && s->patches->filters > 0)
        m_patches->setRows(patchRows(*s->patches, "test image"),
            QString("Each filter, then the %1 test windows (of %2) that excite it most")
                .arg(s->patches->perFilter)
                .arg(QLocale().toString(s->patches->searched)));
    else if (s->patches)
        m_patches->clear();
    if (m_filterLayer->count() != s->convolutions) {
        const QSignalBlocker quiet(m_filterLayer);
        m_filterLayer->clear();
        for (int c = 0; c < s->convolutions; ++c)
            m_filterLayer->addItem(QString("convolution %1").arg(c + 1));
    }
    if (m_filterLayer->currentIndex() != s->filterLayer) {
        const QSignalBlocker quiet(m_filterLayer);
        m_filterLayer->setCurrentIndex(s->filterLayer);
    }

    const QStringList names = classNames();
    QList<GalleryItem> items;
    for (const Prediction &p : s->sample) {
        GalleryItem item;
        item.image = testImage(p.index);
        item.caption = names.value(p.predicted) + " (" + ProbabilityBars::percentText(p.confidence) + ")";
        item.state = p.predicted == p.label ? GalleryItem::Correct : GalleryItem::Wrong;
        item.tooltip
            = QString("test image %1: it is %2, the network says %3 with %4")
                  .arg(p.index)
                  .arg(names.value(p.label), names.value(p.predicted), ProbabilityBars::percentText(p.confidence));
        items.push_back(item);
    }
    m_sample->setItems(items);
    fitSample();

    if (s->probeIndex >= 0) {
        m_probeMaps->setInput(testImage(s->probeIndex));
        m_probeMaps->setLayers(mapLayers(s->probeMaps));
        m_probeBars->setProbabilities(s->probeProbabilities, names);
    }
    if (!s->drawingProbabilities.empty()) {
        m_drawingBars->setProbabilities(s->drawingProbabilities, names);
        m_drawingMaps->setInput(m_canvas->digitImage());
        m_drawingMaps->setLayers(mapLayers(s->drawingMaps));
    } else {
        m_drawingBars->clear();
        m_drawingMaps->clear();
    }
    if (s->report && s->report.get() != m_shownReport)
        showReport(*s->report);
    m_shownReport = s->report.get();

    emit snapshotPainted();
    QMetaObject::invokeMethod(m_worker, &ImageWorker::snapshotShown, Qt::QueuedConnection);
}

void CnnView::showReport(const TestReport &r)
{
    const QStringList names = classNames();
    m_confusion->setMatrix(r.confusion, r.classes, names);
    m_reportCaption->setText(QString("<b>Test accuracy %1</b> on %2 images, loss %3. The most confident mistakes:")
                                 .arg(percent(r.metrics.accuracy))
                                 .arg(QLocale().toString(m_info.testCount))
                                 .arg(r.metrics.loss, 0, 'f', 3));
    QList<GalleryItem> items;
    for (const Prediction &p : r.worst) {
        GalleryItem item;
        item.image = testImage(p.index);
        item.caption
            = QString("%1 → %2 (%3)")
                  .arg(names.value(p.label), names.value(p.predicted), ProbabilityBars::percentText(p.confidence));
        item.state = GalleryItem::Wrong;
        item.tooltip
            = QString("test image %1: it is %2; the network said %3 with %4")
                  .arg(p.index)
                  .arg(names.value(p.label), names.value(p.predicted), ProbabilityBars::percentText(p.confidence));
        items.push_back(item);
    }
    m_mistakes->setItems(items);
}

// The predictions' thumbnails fill their tab: larger on a large screen (up to three times the
// usual 84 pixels), never below the usual size (or presentation mode's larger one), scrolling
// when even that does not fit.
void CnnView::fitSample()
{
    const int smallest = int(std::lround(84 * std::min(widgets::displayStyle().scale, 1.5)));
    m_sample->setThumbnailSize(m_sample->thumbnailToFill(m_sampleViewport->size(), smallest, 3 * 84));
}

bool CnnView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_sampleViewport && event->type() == QEvent::Resize)
        fitSample();
    return QWidget::eventFilter(watched, event);
}

} // namespace ds::app

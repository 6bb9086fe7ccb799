// CnnView's settings as an ImagesConfig value, out and in, for the playground document.
#include "cnnview.h"

#include "cnnpresets.h"
#include "controls/curvehistory.h"
#include "controls/exactchoice.h"
#include "controls/trainingbar.h"
#include "error.h"
#include "layereditor.h"
#include "losschart.h"
#include "training/workercall.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSignalBlocker>
#include <QSpinBox>

#include <utility>

namespace ds::app {

ImagesConfig CnnView::config() const
{
    return m_pending ? *m_pending : m_config; // a pending one is not shown yet: its data is loading
}

void CnnView::showControls()
{
    const bool wasApplying = std::exchange(m_applying, true);
    showExactValue(m_learningRate, m_config.learningRate);
    m_optimizer->setCurrentIndex(std::max(0, m_optimizer->findData(int(m_config.optimizer))));
    showExactValue(m_batch, m_config.batchSize);
    m_epochs->setMaximum(std::max(m_epochs->maximum(), m_config.epochs));
    m_epochs->setValue(m_config.epochs);
    m_augment->setChecked(m_config.augment);
    if (m_invert) { // the left panel is built after the bar, which shows the controls first
        // The source box says where the images came from (it showed the bundled digits for a folder).
        showSource();
        m_invert->setChecked(m_config.data.invert);
        showExactValue(m_trainImages, m_config.data.trainImages);
        m_keepWeights->setChecked(m_config.keepWeights);
    }
    m_bar->showPace(m_config.epochsPerSecond);
    m_bar->showSeed(m_config.seed);
    m_applying = wasApplying;
}

void CnnView::setConfig(const ImagesConfig &c)
{
    m_pendingRun.reset(); // a run belongs to the config it came with (restoreRun after this)
    const bool needData = !m_started || !(c.data == m_config.data) || m_info.channels == 0 || m_pending;
    const bool wasApplying = std::exchange(m_applying, true);
    const ImageDataChoice loaded = m_config.data;
    m_config = c;
    m_config.data = loaded; // until load() asks for c's
    showControls();
    m_editor->setBatchSize(c.batchSize);
    QMetaObject::invokeMethod(m_worker, [w = m_worker, e = c.epochs] { w->setEpochLimit(e); });
    if (m_backend->currentData().toString().toStdString() != c.backend) {
        const int i = m_backend->findData(QString::fromStdString(c.backend));
        if (i >= 0)
            m_backend->setCurrentIndex(i); // moves the session (or says why not)
    }
    if (needData) {
        // The layers need the data's shape: show them once it has loaded (showData).
        m_started = true;
        m_pending = c;
        load(c.data);
        showLoading("Loading the images…");
    } else {
        const Shape input {m_info.channels, m_info.height, m_info.width};
        ModelSpec spec = c.spec;
        spec.input = input;
        spec.loss = LossKind::SoftmaxCrossEntropy; // the Images mode classifies
        const int preset = m_preset->findText(QString::fromStdString(c.preset));
        // A file may name its preset without listing the layers (written by hand): the preset's.
        if (spec.layers.empty() && preset >= 0) {
            const auto presets = cnnPresets(input, m_info.classNames.empty() ? 10 : int(m_info.classNames.size()));
            spec.layers = presets[preset].spec.layers;
        }
        {
            const QSignalBlocker quiet(m_preset);
            m_preset->setCurrentIndex(preset);
        }
        m_editor->setInputShape(input);
        m_editor->setSpec(spec);
        m_config.spec = m_editor->spec();
        sendConfig();
    }
    m_applying = wasApplying;
}

std::optional<TrainedRun> CnnView::trainedRun() const
{
    if (!m_started)
        return std::nullopt;
    // Images still loading: the run is the one waiting for them (asking the image thread would
    // block the window until the load ends).
    if (m_pending || m_pendingRun)
        return m_pendingRun;
    std::optional<TrainedRun> run = m_worker->lastPublishedRun();
    if (run)
        run->curves = chartCurves({m_loss, m_accuracy});
    return run;
}

long long CnnView::shownUpdates() const
{
    if (!m_started || m_pending || !m_last || m_last->configSerial != m_configSerial)
        return -1;
    return m_last->updates;
}

onnx::OnnxModel CnnView::model() const
{
    if (m_pending || !m_started)
        throw Error("there is no network yet: the images are still loading");
    return callOnWorker<onnx::OnnxModel>(m_worker, [](ImageWorker *w) { return w->model(); });
}

QByteArray CnnView::historyCsv() const
{
    return widgets::historyCsv({m_loss, m_accuracy});
}

Shape CnnView::dataShape() const
{
    if (m_info.channels == 0)
        return {};
    return {m_info.channels, m_info.height, m_info.width};
}

void CnnView::restoreRun(const TrainedRun &run)
{
    if (m_pending) {
        m_pendingRun = run; // showData() sends it after the pending config
        return;
    }
    m_restoredCurves.emplace(run.trainer.epoch, run.curves);
    showLoading("Opening the saved network…");
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, run, serial = ++m_restoreSerial] { w->restoreRun(run, serial); });
}

} // namespace ds::app

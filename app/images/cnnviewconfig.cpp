// CnnView's settings as an ImagesConfig value, out and in, for the playground document.
#include "cnnview.h"

#include "cnnpresets.h"
#include "curvehistory.h"
#include "error.h"
#include "exactchoice.h"
#include "layereditor.h"
#include "losschart.h"
#include "workercall.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSignalBlocker>
#include <QSpinBox>

namespace ds::app {

ImagesConfig CnnView::config() const
{
    if (m_pending)
        return *m_pending; // not shown yet: its data is still loading
    ImagesConfig c;
    c.data = m_choice;
    c.preset = m_preset->currentText().toStdString();
    c.spec = m_editor->spec();
    c.learningRate = float(m_learningRate->currentData().toDouble());
    c.optimizer = OptimizerKind(m_optimizer->currentData().toInt());
    c.batchSize = m_batch->currentData().toInt();
    c.epochs = m_epochs->value();
    c.augment = m_augment->isChecked();
    c.seed = m_seed;
    c.shuffleSeed = m_shuffleSeed;
    c.backend = m_backend->currentData().toString().toStdString();
    return c;
}

void CnnView::setConfig(const ImagesConfig &c)
{
    m_pendingRun.reset(); // a run belongs to the config it came with (restoreRun after this)
    m_applying = true;
    {
        const QSignalBlocker b1(m_learningRate), b2(m_optimizer), b3(m_batch), b4(m_epochs), b5(m_augment);
        showExactValue(m_learningRate, c.learningRate);
        m_optimizer->setCurrentIndex(std::max(0, m_optimizer->findData(int(c.optimizer))));
        showExactValue(m_batch, c.batchSize);
        m_epochs->setMaximum(std::max(m_epochs->maximum(), c.epochs));
        m_epochs->setValue(c.epochs);
        m_augment->setChecked(c.augment);
    }
    m_editor->setBatchSize(c.batchSize);
    QMetaObject::invokeMethod(m_worker, [w = m_worker, e = c.epochs] { w->setEpochLimit(e); });
    m_seed = c.seed;
    m_shuffleSeed = c.shuffleSeed;
    if (m_backend->currentData().toString().toStdString() != c.backend) {
        const int i = m_backend->findData(QString::fromStdString(c.backend));
        if (i >= 0)
            m_backend->setCurrentIndex(i); // moves the session (or says why not)
    }
    const bool needData = !m_started || !(c.data == m_choice) || m_info.channels == 0 || m_pending;
    if (needData) {
        // The layers need the data's shape: show them once it has loaded (showData).
        m_started = true;
        m_pending = c;
        load(c.data);
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
        sendConfig();
    }
    m_applying = false;
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
    QMetaObject::invokeMethod(m_worker, [w = m_worker, run] { w->restoreRun(run); });
}

} // namespace ds::app

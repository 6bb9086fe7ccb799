#include "datapanel.h"

#include "error.h"
#include "formula.h"

#include "controls/exactchoice.h"

#include "colorscale.h"
#include "controls/captioned.h"
#include "datasetpicker.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ds::app {

QImage datasetThumbnail(data::Generator generator, int size)
{
    data::GeneratorParams g;
    g.generator = generator;
    g.numPoints = 300;
    g.trainPercent = 90;
    const data::Points2D pts = data::generate(g);
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(widgets::divergingColor(0.0f))); // the map's own background, high contrast too
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    const float scale = size / (2 * data::kDomain);
    for (const auto &pt : pts.train) {
        const QColor c = pts.problem == data::ProblemType::Regression
            ? QColor(widgets::divergingColor(pt.value))
            : widgets::classColor(int(pt.value), pts.numClasses);
        p.setBrush(c);
        p.drawEllipse(QPointF((pt.x + data::kDomain) * scale, (data::kDomain - pt.y) * scale), 1.6, 1.6);
    }
    return image;
}

DataPanel::DataPanel(QWidget *parent) : QWidget(parent), m_basePointSize(font().pointSizeF())
{
    fitWidth();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addWidget(captionLabel("Data", this));

    m_problem = new QComboBox(this);
    m_problem->addItem("Classification", int(data::ProblemType::Classification));
    m_problem->addItem("Regression", int(data::ProblemType::Regression));
    m_problem->setToolTip("Classification sorts points into classes; regression predicts a number for each point");
    layout->addWidget(classroomControl(captioned("Problem type", m_problem, this), "problemType", "Problem type"));
    connect(m_problem, &QComboBox::currentIndexChanged, this, [this] {
        if (m_showing)
            return;
        const auto problem = data::ProblemType(m_problem->currentData().toInt());
        showThumbnails(problem);
        m_formula->clear(); // a generated set of that kind replaces a formula
        for (data::Generator g : data::allGenerators()) // switch to the first data set of that kind
            if (data::problemOf(g) == problem) {
                m_dataset = QString::fromStdString(data::generatorName(g));
                break;
            }
        emit changed();
    });

    m_picker = new widgets::DatasetPicker(this);
    m_picker->setToolTip("Which data set to learn; each picture shows its points");
    classroomControl(m_picker, "dataSets", "Data sets");
    layout->addWidget(m_picker);
    connect(m_picker, &widgets::DatasetPicker::datasetChosen, this, [this](const QString &id) {
        m_dataset = id;
        m_formula->clear();
        m_formulaError->hide();
        if (!m_showing)
            emit changed();
    });

    // A data set from a formula, applied with Enter; one that does not parse says why here and
    // changes nothing, so the text stays to be fixed.
    m_formula = new QLineEdit(this);
    m_formula->setPlaceholderText("or a formula: y > sin(2*x)");
    m_formula->setClearButtonEnabled(true);
    classroomControl(m_formula, "formula", "Formula");
    m_formula->setToolTip(QString::fromStdString(
        "Points from a formula in x and y (both from -6 to 6), applied with Enter. A comparison (<, >, <=, >=) "
        "gives two classes, as in y > sin(2*x) or x^2 + y^2 < 9; anything else a surface to fit (regression), "
        "as in x*y/6. Operators + - * / ^, pi, e, and "
        + data::formulaFunctions() + "."));
    layout->addWidget(m_formula);
    m_formulaError = new QLabel(this);
    m_formulaError->setWordWrap(true);
    m_formulaError->setStyleSheet("color: #b3261e;");
    m_formulaError->hide();
    layout->addWidget(m_formulaError);
    connect(m_formula, &QLineEdit::returnPressed, this, [this] {
        const std::string text = m_formula->text().trimmed().toStdString();
        if (!text.empty()) {
            try {
                data::Formula::parse(text);
            } catch (const Error &e) {
                m_formulaError->setText(QString("This formula cannot be read %1").arg(e.what()));
                m_formulaError->show();
                return;
            }
        }
        m_formulaError->hide();
        if (!m_showing)
            emit changed();
    });

    m_ratio = addSlider("trainingData", "Training data", "The share of points that train the network; the rest test it", 10, 90, "%");
    m_noise = addSlider("noise", "Noise", "How much the points stray from the pattern", 0, 50, "");
    m_batch = addSlider("batchSize", "Batch size", "How many points each update averages over", 1, 30, "");
    m_points = addSlider("points", "Points", "How many points the data set has", 50, 1000, "");
    m_points->setSingleStep(50);
    m_points->setPageStep(100);

    auto *seedRow = new QHBoxLayout;
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 999999);
    m_seed->setToolTip("The data seed: the same seed always draws the same points");
    connect(m_seed, &QSpinBox::valueChanged, this, [this] {
        if (!m_showing)
            emit changed();
    });
    auto *regenerate = new QPushButton("Regenerate", this);
    regenerate->setToolTip("Draw new points from the same data set (the next data seed)");
    connect(regenerate, &QPushButton::clicked, this, &DataPanel::regenerateClicked);
    seedRow->setContentsMargins(0, 0, 0, 0);
    seedRow->addWidget(captioned("Seed", m_seed, this));
    seedRow->addWidget(regenerate, 1, Qt::AlignBottom);
    auto *seedBox = new QWidget(this);
    classroomControl(seedBox, "dataSeed", "Data seed");
    seedBox->setLayout(seedRow);
    layout->addWidget(seedBox);
    layout->addStretch(1);
}

QString DataPanel::formulaError() const
{
    return m_formulaError->isHidden() ? QString() : m_formulaError->text();
}

QSlider *DataPanel::addSlider(
    const QString &key, const QString &caption, const QString &tip, int lo, int hi, const QString &suffix)
{
    auto *slider = new QSlider(Qt::Horizontal, this);
    slider->setRange(lo, hi);
    slider->setToolTip(tip);
    auto *label = captionLabel(caption, this);
    auto update = [label, caption, slider, suffix] {
        label->setText(QString("%1: %2%3").arg(caption.toUpper()).arg(slider->value()).arg(suffix));
    };
    connect(slider, &QSlider::valueChanged, this, [this, update] {
        update();
        if (!m_showing)
            emit changed();
    });
    update();
    // The caption and the slider in one box, which the window can hide as one control.
    auto *cell = new QWidget(this);
    classroomControl(cell, key, caption);
    auto *cellLayout = new QVBoxLayout(cell);
    cellLayout->setContentsMargins(0, 0, 0, 0);
    cellLayout->setSpacing(2);
    label->setParent(cell);
    slider->setParent(cell);
    cellLayout->addWidget(label);
    cellLayout->addWidget(slider);
    qobject_cast<QVBoxLayout *>(layout())->addWidget(cell);
    return slider;
}

void DataPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        fitWidth();
}

// 200 px at the application's normal text, more with presentation mode's: the formula's
// placeholder and the sliders' captions keep their room.
void DataPanel::fitWidth()
{
    const double base = m_basePointSize > 0 ? m_basePointSize : font().pointSizeF();
    setFixedWidth(int(std::lround(kWidth * std::max(1.0, font().pointSizeF() / base))));
}

void DataPanel::showThumbnails(data::ProblemType problem)
{
    std::vector<std::pair<QString, QImage>> items;
    for (data::Generator g : data::allGenerators())
        if (data::problemOf(g) == problem)
            items.emplace_back(QString::fromStdString(data::generatorName(g)), datasetThumbnail(g, 56));
    m_picker->setThumbnails(items);
}

void DataPanel::showConfig(const PlaygroundConfig &c)
{
    m_showing = true;
    m_problem->setCurrentIndex(m_problem->findData(int(c.problem())));
    showThumbnails(c.problem());
    m_dataset = QString::fromStdString(data::generatorName(c.dataset));
    m_picker->setCurrent(c.drawnOnly || !c.formula.empty() ? QString() : m_dataset);
    m_formula->setText(QString::fromStdString(c.formula));
    m_formulaError->hide();
    showSliderValue(m_ratio, c.trainPercent);
    showSliderValue(m_noise, c.noisePercent);
    showSliderValue(m_batch, c.batchSize);
    showSliderValue(m_points, c.numPoints);
    m_seed->setValue(int(c.dataSeed % 1000000));
    m_showing = false;
}

void DataPanel::applyTo(PlaygroundConfig &c) const
{
    const data::Generator chosen = data::generatorFromName(m_dataset.toStdString());
    // A thumbnail chosen replaces what was drawn, the one that was showing before "Draw my own
    // data set" too (no thumbnail is marked while drawn points stand alone: one picked is a click).
    const bool picked = c.drawnOnly && !m_picker->current().isEmpty();
    if (chosen != c.dataset || picked) {
        c.drawnOnly = false;
        c.drawnPoints.clear();
        c.drawnClasses = data::classesOf(chosen);
    }
    c.dataset = chosen;
    const std::string formula = m_formula->text().trimmed().toStdString();
    if (formula != c.formula && !formula.empty()) { // a formula replaces what was drawn too
        c.drawnOnly = false;
        c.drawnPoints.clear();
    }
    c.formula = formula;
    c.trainPercent = m_ratio->value();
    c.noisePercent = m_noise->value();
    c.batchSize = m_batch->value();
    c.numPoints = m_points->value();
    if (std::uint64_t(m_seed->value()) != c.dataSeed % 1000000)
        c.dataSeed = std::uint64_t(m_seed->value());
}

} // namespace ds::app

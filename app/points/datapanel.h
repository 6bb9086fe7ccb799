// DataPanel: the DATA column — problem type, the data sets as thumbnails drawn from their real
// points, a data set from a formula, the train/test ratio, noise, batch size, number of points,
// and regenerate.
#pragma once

#include "core/playgroundconfig.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;

namespace ds::widgets {
class DatasetPicker;
}

namespace ds::app {

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget *parent = nullptr);

    void showConfig(const PlaygroundConfig &config);
    void applyTo(PlaygroundConfig &config) const;
    widgets::DatasetPicker *picker() const { return m_picker; }
    QLineEdit *formulaEdit() const { return m_formula; }
    QString formulaError() const; // what is wrong with the formula typed last ("" when nothing)

protected:
    void changeEvent(QEvent *event) override; // its width follows the text's size

signals:
    void changed();
    void regenerateClicked();

private:
    // `key` names it as a classroom control (captioned.h).
    QSlider *addSlider(
        const QString &key, const QString &caption, const QString &tip, int lo, int hi, const QString &suffix);
    void showThumbnails(data::ProblemType problem);
    void fitWidth();

    static constexpr int kWidth = 200; // at the normal text size
    double m_basePointSize = 0; // the font's at construction

    QComboBox *m_problem;
    widgets::DatasetPicker *m_picker;
    QString m_dataset;
    QLineEdit *m_formula;
    QLabel *m_formulaError;
    QSlider *m_ratio, *m_noise, *m_batch, *m_points;
    QSpinBox *m_seed;
    bool m_showing = false;
};

// A small picture of a data set from its real points (noise 0), for the picker.
QImage datasetThumbnail(data::Generator generator, int size);

} // namespace ds::app

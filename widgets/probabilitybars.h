// ProbabilityBars: a network's class probabilities for one image as horizontal bars, one row per
// class with its name and percentage, the most likely class highlighted. Rows, text and bars grow
// with the widget so that it stays readable on a projector.
#pragma once

#include <QStringList>
#include <QWidget>

#include <vector>

namespace ds::widgets {

class ProbabilityBars : public QWidget {
    Q_OBJECT
public:
    explicit ProbabilityBars(QWidget *parent = nullptr);

    // One probability per class (clamped to [0, 1] for drawing). A class without a name is
    // called by its index. An empty vector clears the bars.
    void setProbabilities(const std::vector<float> &probabilities, const QStringList &classNames = {});
    void clear();

    int count() const { return int(m_p.size()); }
    int highest() const; // -1 when empty
    // Geometry, for tests: the full-length track of row i and its filled part (empty when out of range).
    QRect trackRect(int i) const;
    QRect barRect(int i) const;
    static QString percentText(float p); // "92%", "2.4%", "0%"

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Layout {
        int row = 0, labelWidth = 0, percentWidth = 0, top = 0;
        QFont font;
    };
    Layout layout() const;
    QString name(int i) const;

    std::vector<float> m_p;
    QStringList m_names;
};

} // namespace ds::widgets

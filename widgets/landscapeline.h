// LandscapeLine: a 1-D slice of the loss landscape — the loss along the straight line from one
// weight state (t = 0: where the run started) through another (t = 1: the weights now) and beyond
// (Goodfellow et al. 2015, "Qualitatively characterizing neural network optimization problems"),
// with the states the run passed through marked where they project onto the line. Linear or log
// loss; hovering tells the loss at t; the context menu exports the picture and the line as CSV.
#pragma once

#include "plotexport.h"

#include <QWidget>

#include <vector>

namespace ds::widgets {

class LandscapeLine : public QWidget {
    Q_OBJECT
public:
    explicit LandscapeLine(QWidget *parent = nullptr);

    // `loss` at evenly spaced t from `from` to `to` (at least 2 values, to > from, else cleared);
    // `marks`: the saved states' t, oldest first.
    void setLine(double from, double to, const std::vector<float> &loss, const std::vector<double> &marks);
    void clear();
    void setLogScale(bool on);
    void setPlaceholderText(const QString &text);
    bool isEmpty() const { return m_loss.size() < 2; }

    QRectF plotRect() const;
    QPointF toWidget(double t, float loss) const; // where (t, loss) is drawn
    float lossAt(double t) const; // interpolated; NaN outside the line
    QByteArray csv() const; // t,loss per line
    PlotPicture picture();

    QSize sizeHint() const override { return {320, 220}; }
    QSize minimumSizeHint() const override { return {160, 110}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void paint(QPainter &p) const;
    float shown(float loss) const;
    std::pair<float, float> shownRange() const;
    double tAt(int i) const { return m_from + (m_to - m_from) * i / (int(m_loss.size()) - 1); }

    double m_from = 0.0, m_to = 1.0;
    std::vector<float> m_loss;
    std::vector<double> m_marks;
    bool m_log = false;
    QString m_placeholder;
};

} // namespace ds::widgets

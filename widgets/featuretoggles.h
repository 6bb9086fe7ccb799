// FeatureToggles: the input features as a column of small maps, each switched on and off by a
// click (TensorFlow Playground's FEATURES column). Disabled features are drawn faded.
#pragma once

#include <QImage>
#include <QWidget>

#include <vector>

namespace ds::widgets {

class FeatureToggles : public QWidget {
    Q_OBJECT
public:
    explicit FeatureToggles(QWidget *parent = nullptr);

    // One entry per feature, in order: its name, what it computes as a map, and a one-line tip.
    void setFeatures(
        const std::vector<QString> &names, const std::vector<QImage> &maps, const std::vector<QString> &tips);
    void setEnabledMask(unsigned mask);
    unsigned enabledMask() const { return m_mask; }
    QRect tileRect(int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void toggled(int index, bool enabled);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    int indexAt(QPoint p) const;
    int tileSize() const;
    int labelWidth() const;

    std::vector<QString> m_names, m_tips;
    std::vector<QImage> m_maps;
    unsigned m_mask = 0;
    int m_hover = -1;
    int m_focus = 0;
};

} // namespace ds::widgets

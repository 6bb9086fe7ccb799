// FloorWidthPanel: a panel at least `floor` pixels wide and never narrower than its layout needs.
// setMinimumWidth would replace the layout's own minimum, so that larger text (presentation mode)
// squeezed the panel's rows below what they need; a floor in the size hint keeps both.
#pragma once

#include <QWidget>

#include <algorithm>

namespace ds::app {

class FloorWidthPanel : public QWidget {
public:
    explicit FloorWidthPanel(int floor, QWidget *parent = nullptr) : QWidget(parent), m_floor(floor) { }

    QSize minimumSizeHint() const override
    {
        QSize s = QWidget::minimumSizeHint();
        s.setWidth(std::max(s.width(), m_floor));
        return s;
    }

private:
    int m_floor;
};

} // namespace ds::app

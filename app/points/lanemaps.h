// LaneMaps: a race's decision boundaries side by side, one square map per lane with its
// optimizer's name under it, as large as the room allows (the Race tab's Boundaries view).
#pragma once

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace ds::app {

class LaneMaps : public QWidget {
    Q_OBJECT
public:
    explicit LaneMaps(QWidget *parent = nullptr);

    void setNames(const QStringList &names); // one lane each; the maps empty until setMap
    void setMap(int lane, const QImage &map, bool diverged);
    const std::vector<QImage> &maps() const { return m_maps; }
    QRect mapRect(int lane) const; // where lane's map is drawn now

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QStringList m_names;
    std::vector<QImage> m_maps;
    std::vector<bool> m_diverged;
};

} // namespace ds::app

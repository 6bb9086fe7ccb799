// PatchGrid: what each first-layer filter looks for, shown by example (Zeiler and Fergus, 2014):
// one row per filter, the filter itself first, then the pieces of real images that make it fire
// hardest, strongest first. The images arrive ready (imagetiles.h); this widget lays them out,
// blown up with square pixels, and wraps nothing: rows grow or shrink with the width.
#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

#include <vector>

namespace ds::widgets {

struct PatchRow {
    QImage filter;
    std::vector<QImage> patches; // strongest first
    QString toolTip; // for the row: "filter 3: activations 4.1 to 2.7"
};

class PatchGrid : public QWidget {
    Q_OBJECT
public:
    explicit PatchGrid(QWidget *parent = nullptr);

    void setRows(std::vector<PatchRow> rows, const QString &caption);
    void clear();
    int rowCount() const { return int(m_rows.size()); }
    QString caption() const { return m_caption; }
    // Geometry, for tests and tooltips: patch k of a row (k = -1: the filter); empty when none.
    QRect tileRect(int row, int k) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override { return {360, heightForWidth(360)}; }
    QSize minimumSizeHint() const override { return {160, 60}; }

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    int tileSize(int width) const; // the side of every tile at this width
    int columns() const; // the filter, a gap, the patches

    std::vector<PatchRow> m_rows;
    QString m_caption;
};

} // namespace ds::widgets

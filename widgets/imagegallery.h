// ImageGallery: a grid of small images with a caption under each and a coloured frame for
// whether the network got it right (green ✓) or wrong (red ✗), wrapping to the widget's width.
// Used for predictions on a sample of test images and for the worst mistakes. Clicking an image
// reports its index.
#pragma once

#include <QImage>
#include <QList>
#include <QString>
#include <QWidget>

namespace ds::widgets {

struct GalleryItem {
    enum State { Neutral = 0, Correct = 1, Wrong = 2 };
    QImage image; // any size; small images are blown up with square pixels
    QString caption; // "7 (92%)", "true 4 → 9 (97%)"
    int state = Neutral;
    QString tooltip; // shown on hover; the caption when empty
};

class ImageGallery : public QWidget {
    Q_OBJECT
public:
    explicit ImageGallery(QWidget *parent = nullptr);

    void setItems(const QList<GalleryItem> &items);
    const QList<GalleryItem> &items() const { return m_items; }
    int count() const { return int(m_items.size()); }
    // The side of the square each image is fitted into (default 84: MNIST at 3x, CIFAR at 2x).
    void setThumbnailSize(int side);
    int thumbnailSize() const { return m_thumb; }
    // The largest thumbnail from `smallest` to `largest` with which every item fits in `area`
    // (`smallest` when none does): a gallery that fills a large screen instead of leaving it
    // blank, and scrolls on a small one.
    int thumbnailToFill(QSize area, int smallest, int largest) const;
    // Shown when there are no items.
    void setPlaceholderText(const QString &text);

    // Geometry, for tests and for placing things: item i's whole cell and its frame (empty when
    // out of range), and the item under a point (-1 for none).
    QRect cellRect(int i) const;
    QRect frameRect(int i) const;
    int itemAt(QPoint pos) const;
    static QColor stateColor(int state); // the frame colour; invalid for Neutral

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void itemClicked(int index);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QSize cellSize() const;
    int columnsFor(int width) const;
    void paintItem(QPainter &p, int i) const;

    QList<GalleryItem> m_items;
    int m_thumb = 84;
    int m_hover = -1;
    QString m_placeholder = "No images yet";
};

} // namespace ds::widgets

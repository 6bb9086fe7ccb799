// DatasetPicker: the data sets as a grid of small pictures of their points (TensorFlow
// Playground's DATA panel); the chosen one is outlined. Mouse or keyboard: arrows move, Enter or
// Space chooses.
#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

#include <utility>
#include <vector>

namespace ds::widgets {

class DatasetPicker : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPicker(QWidget *parent = nullptr);

    // One tile per item, in order: the data set's id (reported back by datasetChosen, shown as the
    // tooltip) and its picture. Keeps the current id if it is still there.
    void setThumbnails(std::vector<std::pair<QString, QImage>> items);
    // Outlines this id's tile without emitting anything; an unknown or empty id outlines none.
    void setCurrent(const QString &id);
    QString current() const;
    void setColumns(int columns);

    int count() const { return int(m_items.size()); }
    QRect tileRect(int index) const;
    int indexAt(QPoint pos) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    // The user picked a data set other than the current one.
    void datasetChosen(const QString &id);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    bool event(QEvent *event) override;

private:
    int tileSizeFor(int width) const;
    int naturalTileSize() const;
    int rows() const;
    void choose(int index);

    std::vector<std::pair<QString, QImage>> m_items;
    int m_columns = 3;
    int m_current = -1;
    int m_focus = 0; // the keyboard cursor
    int m_hover = -1;
};

} // namespace ds::widgets

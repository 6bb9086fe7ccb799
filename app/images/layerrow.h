// LayerRow: one layer of the layer editor — its kind and settings as spin boxes, the output
// shape and parameter count, and what ModelSpec::check() says about it. LayerEditor owns the rows
// and the spec they edit.
#pragma once

#include "layereditor.h"

#include <QColor>
#include <QFrame>

class QGraphicsOpacityEffect;
class QGridLayout;
class QLabel;
class QSpinBox;
class QToolButton;

namespace ds::app {

// The editor's shared look: the error colour and edge, and the dim caption labels.
namespace layerlook {
inline const QColor kError(0xd7, 0x26, 0x3d);
constexpr int kErrorEdge = 4;
QLabel *dimLabel(const QString &text, QWidget *parent);
} // namespace layerlook

// One layer: its kind and settings, and what check() says about it.
class LayerRow : public QFrame {
public:
    LayerRow(LayerEditor *editor, int index);
    void display(const ds::LayerCheck &check, bool greyed, bool selected);
    void load(); // the editors show the layer's settings again, without reporting an edit

    QString shapeText, error;
    bool greyed = false;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ds::LayerSpec &layer() { return m_editor->m_spec.layers[std::size_t(m_index)]; }
    QSpinBox *addSpin(const char *name, const QString &prefix, const QString &suffix, int lo, int hi, int value,
        const QString &tip, int ds::LayerSpec::*field);
    void watch(QWidget *editor);
    void buildSettings();
    void place(QWidget *w); // the next cell of the settings grid

    LayerEditor *m_editor;
    int m_index;
    QLabel *m_shape, *m_params, *m_errorLabel;
    QToolButton *m_slide = nullptr;
    QGridLayout *m_settings;
    int m_cells = 0;
    QGraphicsOpacityEffect *m_fade;
    bool m_selected = false;
};

} // namespace ds::app

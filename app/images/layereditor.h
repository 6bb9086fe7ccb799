// LayerEditor: the layer list of a CNN (a ds::ModelSpec for an image input), one row per layer
// with its settings as spin boxes and combos, the shape that comes out of it ("8×28×28") and its
// parameter count, as ModelSpec::check() computes them. A layer that cannot follow the one
// before is marked red with the reason, and the rows after it are greyed. Layers are added (a
// menu of kinds, after the selected row), removed and moved (buttons, Alt+Up / Alt+Down).
// The spec's own validation error shows at the bottom; validityChanged lets the window disable
// Play while the network cannot be built.
#pragma once

#include "modelspec.h"

#include <QString>
#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QScrollArea;
class QToolButton;
class QVBoxLayout;

namespace ds::app {

class LayerRow;

class LayerEditor : public QWidget {
    Q_OBJECT
public:
    explicit LayerEditor(QWidget *parent = nullptr);

    // Shows a spec (its input shape too). Emits validityChanged when validity differs from what
    // was shown before (an empty editor counts as invalid); never specChanged (that is for edits).
    void setSpec(const ds::ModelSpec &spec);
    const ds::ModelSpec &spec() const { return m_spec; }
    // A new image input {C, H, W} (another data set): the rows are checked again.
    void setInputShape(const ds::Shape &shape);
    // The batch size training will use: the memory and arithmetic estimate below the rows, and
    // the refusal of a network too large to train (engine/workload.h), depend on it.
    void setBatchSize(int batch);
    bool isValid() const { return m_valid; }
    QString validationError() const { return QString::fromStdString(m_error); }

    // Editing, as the buttons do (each emits specChanged). addLayer inserts after the selected row,
    // or at the end when none is selected, and selects the new row.
    void addLayer(ds::LayerKind kind);
    void removeSelected();
    void moveSelected(int delta); // -1 up, +1 down
    int selectedRow() const { return m_selected; }
    void selectRow(int row);

    // What each row shows, for tests and the window: the row widget, its output shape text (""
    // when it has none), its error ("" when none) and whether it is greyed (after an error).
    int rowCount() const { return int(m_rows.size()); }
    QWidget *rowWidget(int row) const;
    QString outputShapeText(int row) const;
    QString rowError(int row) const;
    bool rowGreyed(int row) const;
    QString totalText() const;

    // "8×28×28" for {8, 28, 28}, "120" for {120}; "" for an empty shape.
    static QString shapeText(const ds::Shape &shape);
    // The default settings of a new layer of a kind (conv 8 filters 3x3 pad 1, max pool 2, ...).
    static ds::LayerSpec defaultLayer(ds::LayerKind kind);
    // "convolution", "max pool", ... as the rows and the add menu name kinds.
    static QString kindLabel(ds::LayerKind kind);

signals:
    void specChanged(const ds::ModelSpec &spec);
    void validityChanged(bool valid);
    // The "see how it slides" button of a conv or pool row: the window opens the conv-arithmetic
    // view with that layer's settings and its input size (the previous layer's output).
    void inspectLayerRequested(int index);

private:
    int placeFor(ds::LayerKind kind) const; // where addLayer puts a layer when no row is selected
    friend class LayerRow;
    void rebuildRows();
    void refresh();
    void edited();
    void buildToolbar(QVBoxLayout *layout);
    void updateButtons();

    ds::ModelSpec m_spec;
    int m_batch = 32;
    std::vector<ds::LayerCheck> m_checks;
    std::string m_error;
    bool m_valid = false; // what validityChanged last told (an empty editor is invalid)
    int m_selected = -1;

    std::vector<LayerRow *> m_rows;
    QScrollArea *m_scroll;
    QWidget *m_rowsBox;
    QVBoxLayout *m_rowsLayout;
    QLabel *m_inputLabel, *m_total, *m_errorLabel;
    QPushButton *m_add, *m_remove;
    QToolButton *m_up, *m_down;
};

} // namespace ds::app

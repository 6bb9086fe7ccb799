// ReceptiveFieldPanel: the receptive field of a layer stack. The stack comes from the CNN editor or
// is typed ("conv k5 s1 p2; pool k2 s2; conv k5"), with the input's size; the maps are drawn side
// by side and a click on the output map chooses the cell whose field is shown, with its size and
// where it lies written out.
#pragma once

#include "convarithreceptivemap.h"
#include "convarithstack.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace ds::widgets {

class ReceptiveFieldPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReceptiveFieldPanel(QWidget *parent = nullptr);

    // Shows the stack and writes it into the text field.
    void setStack(const std::vector<ConvWindow> &layers, int inH, int inW);
    const std::vector<ConvWindow> &stack() const { return m_map->stack(); }
    void selectOutputCell(int row, int col) { m_map->setSelected({row, col}); }
    GridCell selectedCell() const { return m_map->selected(); }
    // What the panel says about the chosen cell, e.g. "Receptive field of o(1,1): 5×5 input cells …".
    QString summary() const;

    ReceptiveFieldMap *map() const { return m_map; }
    QLineEdit *stackEdit() const { return m_edit; }

private:
    void applyText();
    void updateSummary();

    QLineEdit *m_edit;
    QSpinBox *m_inH, *m_inW;
    QLabel *m_summary;
    ReceptiveFieldMap *m_map;
    bool m_updating = false;
};

} // namespace ds::widgets

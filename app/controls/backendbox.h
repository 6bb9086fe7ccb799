// The backend selector's entries, shared by the Points and Images modes: the CPU, and the GPU by
// its name and memory ("GPU: NVIDIA H100 80GB HBM3 (79 GiB)"). A GPU that is off stays listed,
// greyed and not selectable, as "GPU (off)" with the reason in its tooltip, so a user can always
// see why training runs on the CPU.
#pragma once

class QComboBox;

namespace ds::app {

// Fills `box` with one entry per backend; each entry's data is its id ("cpu", "cuda").
void fillBackendBox(QComboBox *box);

} // namespace ds::app

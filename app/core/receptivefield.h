// Where in the input one output cell of a layer looks: its receptive field, as a square window
// along each axis (Zeiler and Fergus's top patches cut these windows out of real pictures).
#pragma once

#include "modelspec.h"

#include <optional>
#include <vector>

namespace ds::app {

// Output cell (y, x) of the layer sees input rows start + y * jump .. start + y * jump + size - 1
// (and the same columns); parts before 0 or past the input are padding.
struct InputWindow {
    int size = 1, jump = 1, start = 0;
    bool operator==(const InputWindow &) const = default;
};

// One per layer of a valid spec: its output's window in the input, or nothing where the output
// is not a map of positions (a dense layer, a flatten, a global pool, and whatever reads them).
// Convolutions and pools grow it (dilation included); element-wise layers keep it; a layer that
// joins several (add, concat, mul, residual) sees the union of theirs.
std::vector<std::optional<InputWindow>> inputWindows(const ModelSpec &spec);

} // namespace ds::app

// GraphLayout: where a network graph's nodes go in a drawing read from top to bottom, as Netron
// draws ONNX graphs. A node sits one row below the lowest of its inputs (the longest path from
// the input), so that parallel branches (ResNet's projection shortcut beside its block, a fire
// module's two expansions) share rows side by side and a chain stays one column. Within a row,
// nodes are ordered by where their inputs stand, so that branches do not cross. Edges that jump
// over rows are routed beside the boxes they pass (lanes), never through them.
#pragma once

#include <vector>

namespace ds::widgets {

struct GraphPlacement {
    int row = 0; // 0 for the nodes that read the graph's input
    int column = 0; // 0 .. (nodes in the row) - 1, left to right
};

// A long edge's route: it leaves `from` downwards, runs in the `lane`-th gap to the right of
// the widest of the rows it passes (`rightmostColumn`: the last column of those rows), and
// enters `to` from above.
struct GraphLane {
    int from = 0, to = 0; // from -1: the graph's input
    int rightmostColumn = 0;
    int lane = 0; // 0, 1, ...: lanes that overlap in rows get different ones
};

struct GraphLayout {
    std::vector<GraphPlacement> nodes;
    std::vector<GraphLane> lanes; // the edges that skip rows
    int rows = 0, columns = 0; // the widest row's node count
    int lanesNeeded = 0; // how many lane gaps the drawing needs on the right
};

// `inputs[i]`: the nodes node i reads, each earlier than i (-1: the graph's input).
GraphLayout layOutGraph(const std::vector<std::vector<int>> &inputs);

} // namespace ds::widgets

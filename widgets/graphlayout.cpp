#include "graphlayout.h"

#include <algorithm>
#include <numeric>

namespace ds::widgets {

GraphLayout layOutGraph(const std::vector<std::vector<int>> &inputs)
{
    GraphLayout g;
    const int n = int(inputs.size());
    g.nodes.resize(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        int row = 0;
        for (int k : inputs[std::size_t(i)])
            if (k >= 0 && k < i)
                row = std::max(row, g.nodes[std::size_t(k)].row + 1);
        g.nodes[std::size_t(i)].row = row;
        g.rows = std::max(g.rows, row + 1);
    }
    // Order each row by the mean column of the nodes' inputs (rows above are placed first), ties
    // by index, so a branch stays on the side it left from.
    std::vector<std::vector<int>> byRow(std::size_t(g.rows));
    for (int i = 0; i < n; ++i)
        byRow[std::size_t(g.nodes[std::size_t(i)].row)].push_back(i);
    for (std::vector<int> &row : byRow) {
        std::vector<double> key(row.size());
        for (std::size_t j = 0; j < row.size(); ++j) {
            double sum = 0.0;
            int count = 0;
            for (int k : inputs[std::size_t(row[j])])
                if (k >= 0 && k < row[j]) {
                    sum += g.nodes[std::size_t(k)].column;
                    ++count;
                }
            key[j] = count ? sum / count : 0.0;
        }
        std::vector<std::size_t> order(row.size());
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
        for (std::size_t c = 0; c < order.size(); ++c)
            g.nodes[std::size_t(row[order[c]])].column = int(c);
        g.columns = std::max(g.columns, int(row.size()));
    }
    // Edges over more than one row, in order of where they end: each takes the first lane free
    // over its rows (the graph's input is row -1).
    std::vector<std::vector<char>> taken; // [lane][row + 1]
    for (int i = 0; i < n; ++i)
        for (int k : inputs[std::size_t(i)]) {
            if (k >= i)
                continue;
            const int top = k < 0 ? -1 : g.nodes[std::size_t(k)].row, bottom = g.nodes[std::size_t(i)].row;
            if (bottom - top < 2)
                continue;
            GraphLane lane {k < 0 ? -1 : k, i, 0, 0};
            for (int r = top + 1; r < bottom; ++r)
                lane.rightmostColumn = std::max(lane.rightmostColumn, int(byRow[std::size_t(r)].size()) - 1);
            int l = 0;
            for (;; ++l) {
                if (l == int(taken.size()))
                    taken.emplace_back(std::size_t(g.rows + 1), 0);
                bool free = true;
                for (int r = top; r <= bottom && free; ++r)
                    free = !taken[std::size_t(l)][std::size_t(r + 1)];
                if (free)
                    break;
            }
            for (int r = top; r <= bottom; ++r)
                taken[std::size_t(l)][std::size_t(r + 1)] = 1;
            lane.lane = l;
            g.lanes.push_back(lane);
        }
    g.lanesNeeded = int(taken.size());
    return g;
}

} // namespace ds::widgets

#include "joinlayers.h"

#include "error.h"

namespace ds {

void Join::forward(const Tensor &, const Tensor &, bool)
{
    throw Error(describe() + " reads several layers: the Network calls forwardMany");
}

void Join::backward(const Tensor &, const Tensor &, const Tensor &, const Tensor *)
{
    throw Error(describe() + " reads several layers: the Network calls backwardMany");
}

void Add::forwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, bool)
{
    m_backend.copy(*xs[0], y);
    for (std::size_t k = 1; k < xs.size(); ++k)
        m_backend.addRowVector(y, *xs[k]); // one "row" of the whole batch: y += x element by element
}

void Add::backwardMany(
    const std::vector<const Tensor *> &, const Tensor &, const Tensor &dy, const std::vector<const Tensor *> &dxs)
{
    for (const Tensor *dx : dxs)
        if (dx)
            m_backend.copy(dy, *dx);
}

// Each example's values are its channels one after another, so an input's channels are one block
// per example at its offset within the output's row.
void Concat::forwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, bool)
{
    const std::size_t rows = std::size_t(y.dim(0)), pitch = y.rowSize();
    std::size_t offset = 0;
    for (const Tensor *x : xs) {
        const std::size_t width = x->rowSize();
        m_backend.copyBlocks(x->data(), width, y.data() + offset, pitch, width, rows);
        offset += width;
    }
}

void Concat::backwardMany(
    const std::vector<const Tensor *> &xs, const Tensor &, const Tensor &dy, const std::vector<const Tensor *> &dxs)
{
    const std::size_t rows = std::size_t(dy.dim(0)), pitch = dy.rowSize();
    std::size_t offset = 0;
    for (std::size_t k = 0; k < xs.size(); ++k) {
        const std::size_t width = xs[k]->rowSize();
        if (dxs[k])
            m_backend.copyBlocks(dy.data() + offset, pitch, dxs[k]->data(), width, width, rows);
        offset += width;
    }
}

// The second factor has as many values per example as the first (spread 1) or one per channel.
void Mul::forwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, bool)
{
    const std::size_t spread = xs[0]->rowSize() / xs[1]->rowSize();
    m_backend.broadcastMul(xs[0]->data(), xs[1]->data(), y.data(), xs[1]->size(), spread);
}

void Mul::backwardMany(
    const std::vector<const Tensor *> &xs, const Tensor &, const Tensor &dy, const std::vector<const Tensor *> &dxs)
{
    const std::size_t spread = xs[0]->rowSize() / xs[1]->rowSize();
    m_backend.broadcastMulBackward(xs[0]->data(), xs[1]->data(), dy.data(), dxs[0] ? dxs[0]->data() : nullptr,
        dxs[1] ? dxs[1]->data() : nullptr, xs[1]->size(), spread);
}

} // namespace ds

#include "activationlayers.h"

#include <cstdio>

namespace ds {

void Activation::forward(const Tensor &x, const Tensor &y, bool)
{
    m_backend.activationForward(m_activation, x, y);
}

void Activation::backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx)
{
    if (dx)
        m_backend.activationBackward(m_activation, x, y, dy, *dx);
}

void Softmax::forward(const Tensor &x, const Tensor &y, bool)
{
    m_backend.softmaxForward(x, y);
}

void Softmax::backward(const Tensor &, const Tensor &y, const Tensor &dy, const Tensor *dx)
{
    if (dx)
        m_backend.softmaxBackward(y, dy, *dx);
}

std::string Dropout::describe() const
{
    char text[32];
    std::snprintf(text, sizeof text, "dropout %.2f", static_cast<double>(m_rate));
    return text;
}

void Dropout::forward(const Tensor &x, const Tensor &y, bool training)
{
    m_lastWasTraining = training && m_rate > 0.0f;
    if (!m_lastWasTraining) {
        if (x.data() != y.data())
            m_backend.copy(x, y);
        return;
    }
    ++m_pass;
    m_backend.dropoutForward(x, y, m_rate, m_seed + m_pass * 0x9e3779b97f4a7c15ULL);
}

void Dropout::backward(const Tensor &, const Tensor &, const Tensor &dy, const Tensor *dx)
{
    if (!dx)
        return;
    if (m_lastWasTraining)
        m_backend.dropoutBackward(dy, *dx, m_rate, m_seed + m_pass * 0x9e3779b97f4a7c15ULL);
    else
        m_backend.copy(dy, *dx);
}

} // namespace ds

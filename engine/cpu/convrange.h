// Which outputs of a convolution tap read inside the image: shared by the im2col path
// (cpuconv.cpp) and the grouped convolutions (cpugroupedconv.cpp).
#pragma once

#include <algorithm>

namespace ds {

// The output positions o in [0, count) whose input coordinate first + o * stride lies in [0, size).
inline void validRange(int first, int stride, int size, int count, int &lo, int &hi)
{
    lo = first >= 0 ? 0 : (-first + stride - 1) / stride;
    hi = size - first <= 0 ? 0 : (size - first + stride - 1) / stride;
    lo = std::min(lo, count);
    hi = std::clamp(hi, lo, count);
}

} // namespace ds

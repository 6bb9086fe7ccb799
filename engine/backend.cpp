#include "backend.h"

#include "error.h"

namespace ds {

std::vector<float> Backend::toHost(const Tensor &src)
{
    std::vector<float> host(src.size());
    download(src, host.data());
    return host;
}

Tensor Backend::fromHost(const std::vector<float> &host, const Shape &shape)
{
    if (host.size() != elementCount(shape))
        throw Error(
            "cannot make a tensor " + shapeToString(shape) + " from " + std::to_string(host.size()) + " values");
    Tensor t = tensor(shape);
    upload(host.data(), t);
    return t;
}

} // namespace ds

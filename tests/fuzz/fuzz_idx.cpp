// IDX images and labels (datasets/idxreader.cpp), gzipped or not: the first byte says where the
// input splits into the images file and the labels file.
#include "error.h"
#include "images.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t split = std::min<std::size_t>(size - 1, std::size_t(data[0]) * 4);
    const std::span<const std::uint8_t> rest(data + 1, size - 1);
    try {
        ds::data::decodeIdx(rest.subspan(split), "images.idx", rest.first(split), "labels.idx");
    } catch (const ds::Error &) {
    }
    return 0;
}

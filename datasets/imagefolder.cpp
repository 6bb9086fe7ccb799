// A folder of image files, one sub-folder per class (the layout of torchvision's ImageFolder and
// Keras' image_dataset_from_directory). The only OpenCV user in datasets/: imread decodes, then
// imgproc converts and resizes. Files are listed and sorted before anything is decoded, so the
// order (and with it every seeded split) does not depend on the file system.
#include "images.h"

#include "error.h"
#include "imagebytes.h"
#include "imageheader.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace ds::data {
namespace {

constexpr int kMaxFolderSide = 1024;
// A picture larger than this is refused from its header, before decoding: 100 megapixels is a
// large camera's photo (300 MB decoded); more is a mistake or a file made to exhaust memory.
constexpr long long kMaxSourcePixels = 100'000'000;
// Decoded pixels are floats: cap the set at 4 GB of them.

const char *const kExtensions[]
    = {".png", ".jpg", ".jpeg", ".bmp", ".pgm", ".ppm", ".pbm", ".pnm", ".tif", ".tiff", ".webp"};
constexpr const char *kExtensionList = "png, jpg, jpeg, bmp, pgm, ppm, pbm, pnm, tif, tiff, webp";

bool isHidden(const fs::path &p)
{
    const std::string name = p.filename().string();
    return name.empty() || name[0] == '.';
}

bool hasImageExtension(const fs::path &p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return std::find(std::begin(kExtensions), std::end(kExtensions), ext) != std::end(kExtensions);
}

// The entries of `dir` that pass `keep`, sorted by name.
template <typename Keep> std::vector<fs::path> listSorted(const fs::path &dir, Keep keep)
{
    std::vector<fs::path> found;
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        if (!isHidden(it->path()) && keep(*it))
            found.push_back(it->path());
    }
    if (ec)
        throw Error("cannot list the folder '" + dir.string() + "': " + ec.message());
    std::sort(found.begin(), found.end());
    return found;
}

struct ClassFiles {
    std::string name;
    std::vector<fs::path> files;
};

std::vector<ClassFiles> listClasses(const std::string &root)
{
    std::error_code ec;
    if (!fs::exists(root, ec))
        throw Error("cannot open the folder '" + root + "': it does not exist");
    if (!fs::is_directory(root, ec))
        throw Error("'" + root + "' is a file; choose the folder that holds one sub-folder per class");
    std::vector<ClassFiles> classes;
    for (const fs::path &dir : listSorted(root, [](const fs::directory_entry &e) { return e.is_directory(); })) {
        ClassFiles c {dir.filename().string(), {}};
        // Regular files only (links to them too): a FIFO named "x.png" would block the read for ever.
        c.files = listSorted(
            dir, [](const fs::directory_entry &e) { return e.is_regular_file() && hasImageExtension(e.path()); });
        if (c.files.empty())
            throw Error("'" + dir.string() + "' holds no images (" + kExtensionList + "); put the images of class '"
                + c.name + "' there or remove the folder");
        classes.push_back(std::move(c));
    }
    if (classes.empty())
        throw Error("'" + root + "' has no class sub-folders; it needs one folder per class (e.g. " + root + "/cat, "
            + root + "/dog) holding that class's images");
    return classes;
}

// Whether the file starts as one of the formats we list (PNG, JPEG, BMP, PNM, TIFF, WebP), by the
// signatures OpenCV itself checks. OpenCV picks a decoder by content, not by name, trying each in
// turn, and some of its other decoders are not safe on hostile files: GDCM's DICOM reader asserts
// (aborting the process) on damaged input, and it claims any file with "DICM" at byte 128. Two
// fuzzed files reached it: a ".png" whose first bytes were no format of ours, and a "P4" whose
// third byte was not the white space OpenCV's PNM reader needs, so no earlier decoder took it.
// Hence the exact PNM rule, and a DICOM preamble is refused whatever comes before it.
bool hasKnownImageSignature(const fs::path &file)
{
    unsigned char head[132] = {};
    std::ifstream in(file, std::ios::binary);
    in.read(reinterpret_cast<char *>(head), sizeof head);
    const auto n = std::size_t(in.gcount());
    auto starts = [&](std::initializer_list<unsigned char> sig, std::size_t at = 0) {
        return n >= at + sig.size() && std::equal(sig.begin(), sig.end(), head + at);
    };
    if (starts({'D', 'I', 'C', 'M'}, 128))
        return false;
    const bool pnm = n >= 3 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6' && std::isspace(head[2]);
    return starts({0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}) || starts({0xff, 0xd8, 0xff}) || starts({'B', 'M'})
        || pnm || starts({'I', 'I', 0x2a, 0}) || starts({'M', 'M', 0, 0x2a})
        || (starts({'R', 'I', 'F', 'F'}) && starts({'W', 'E', 'B', 'P'}, 8));
}

// Reads one image as 8-bit gray or RGB of the asked size.
cv::Mat readImage(const fs::path &file, int channels, int height, int width)
{
    if (!hasKnownImageSignature(file))
        throw Error("cannot read the image '" + file.string()
            + "': it is not a PNG, JPEG, BMP, PNM, TIFF or WebP image (its first bytes say otherwise)");
    if (const std::optional<PictureSize> size = pictureSize(file);
        size
        && (size->width <= 0 || size->height <= 0 || size->width > kMaxSourcePixels || size->height > kMaxSourcePixels
            || size->width * size->height > kMaxSourcePixels)) // each side first: their product could overflow
        throw Error("cannot read the image '" + file.string() + "': its header says " + std::to_string(size->width)
            + "x" + std::to_string(size->height) + " pixels; pictures of at most "
            + std::to_string(kMaxSourcePixels / 1'000'000) + " megapixels are read (shrink it first)");
    cv::Mat image;
    try {
        image = cv::imread(file.string(), channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
        if (image.empty())
            throw Error("cannot read the image '" + file.string()
                + "': it is damaged or in a format this OpenCV cannot decode");
        if (channels == 3)
            cv::cvtColor(image, image, cv::COLOR_BGR2RGB); // imread gives BGR; we store RGB
        if (image.rows != height || image.cols != width) {
            cv::Mat resized;
            // Area averaging: the right filter for shrinking, which is the usual case.
            cv::resize(image, resized, cv::Size(width, height), 0, 0, cv::INTER_AREA);
            image = resized;
        }
    } catch (const cv::Exception &e) {
        throw Error("cannot read the image '" + file.string() + "': " + e.err);
    }
    return image;
}

// 8-bit (H, W, C) interleaved to float (C, H, W) planes in [0, 1].
void copyPlanar(const cv::Mat &image, std::uint8_t *dst)
{
    const int channels = image.channels();
    const std::size_t plane = std::size_t(image.rows) * image.cols;
    for (int y = 0; y < image.rows; ++y) {
        const std::uint8_t *row = image.ptr<std::uint8_t>(y);
        for (int x = 0; x < image.cols; ++x) {
            for (int c = 0; c < channels; ++c)
                dst[c * plane + std::size_t(y) * image.cols + x] = row[x * channels + c];
        }
    }
}

} // namespace

ImageSet loadImageFolder(const std::string &root, int channels, int height, int width, const LoadProgress &callback)
{
    if (channels != 1 && channels != 3)
        throw Error("images can be loaded with 1 channel (gray) or 3 (RGB), not " + std::to_string(channels));
    if (height < 1 || width < 1 || height > kMaxFolderSide || width > kMaxFolderSide)
        throw Error("image size " + std::to_string(height) + "x" + std::to_string(width)
            + " is not possible; each side " + "must be 1 to " + std::to_string(kMaxFolderSide) + " pixels");
    Progress progress(callback);
    progress.report(0.0);
    const std::vector<ClassFiles> classes = listClasses(root);

    ImageSet set;
    set.name = fs::path(root).lexically_normal().filename().string();
    if (set.name.empty()) // "photos/" has an empty file name after normalizing
        set.name = fs::path(root).lexically_normal().parent_path().filename().string();
    set.channels = channels;
    set.height = height;
    set.width = width;
    std::size_t total = 0;
    for (const ClassFiles &c : classes) {
        set.classNames.push_back(c.name);
        total += c.files.size();
    }
    checkImageCount(total, std::size_t(channels), std::size_t(height), std::size_t(width), "'" + root + "'");

    set.pixels.resize(total * set.imageSize());
    set.labels.reserve(total);
    for (int label = 0; label < static_cast<int>(classes.size()); ++label) {
        for (const fs::path &file : classes[label].files) {
            const cv::Mat image = readImage(file, channels, height, width);
            copyPlanar(image, set.pixels.data() + set.labels.size() * set.imageSize());
            set.labels.push_back(label);
            progress.report(double(set.labels.size()) / double(total));
        }
    }
    progress.report(1.0);
    return set;
}

} // namespace ds::data

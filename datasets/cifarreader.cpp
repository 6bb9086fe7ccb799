// CIFAR-10's binary version (https://www.cs.toronto.edu/~kriz/cifar.html): fixed-size records
// with no header, so the only checks a file allows are its length and the label bytes. The
// messages name the two look-alikes people download by mistake: CIFAR-100 (2 label bytes) and
// the Python version (pickles).
#include "images.h"

#include "error.h"
#include "imagebytes.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace ds::data {
namespace {

constexpr int kSide = 32;
constexpr int kChannels = 3;
constexpr std::size_t kPixelBytes = std::size_t(kChannels) * kSide * kSide; // 3072
constexpr std::size_t kRecordBytes = 1 + kPixelBytes;
constexpr int kClasses = 10;

void checkLength(const Bytes &data, const std::string &path, bool wasGzip)
{
    const std::string file = path + ": ";
    if (data.empty())
        throw Error(file + (wasGzip ? "the gzip data holds nothing" : "the file is empty"));
    if (data[0] == 0x80 && data.size() > 1 && data[1] <= 5)
        throw Error(file
            + "a Python pickle (the \"CIFAR-10 python version\"); download the binary version "
              "(cifar-10-binary.tar.gz) and give its data_batch_*.bin and test_batch.bin files");
    if (data.size() % kRecordBytes == 0)
        return;
    std::string hint = "; is it a CIFAR-10 binary batch?";
    if (data.size() % (kRecordBytes + 1) == 0)
        hint = "; its length fits CIFAR-100 records (2 label bytes), which this loader does not read";
    throw Error(file + std::to_string(data.size()) + " bytes is not a whole number of CIFAR-10 records ("
        + std::to_string(kRecordBytes) + " bytes each: 1 label byte and 32x32x3 pixel bytes)" + hint);
}

// Appends the file's records to `set`.
void appendRecords(const Bytes &data, const std::string &path, ImageSet &set, const ProgressSpan &progress)
{
    const std::size_t records = data.size() / kRecordBytes;
    for (std::size_t r = 0; r < records; ++r) {
        const std::uint8_t label = data[r * kRecordBytes];
        if (label >= kClasses)
            throw Error(path + ": record " + std::to_string(r) + " has label " + std::to_string(label)
                + "; CIFAR-10 labels are 0..9 (is it a CIFAR-10 binary batch?)");
    }

    const std::size_t start = set.pixels.size();
    set.pixels.resize(start + records * kPixelBytes);
    set.labels.reserve(set.labels.size() + records);
    const std::size_t step = std::max<std::size_t>(1, records / 50);
    for (std::size_t r = 0; r < records; ++r) {
        const std::uint8_t *record = data.data() + r * kRecordBytes;
        set.labels.push_back(record[0]);
        // The record is already (C, H, W) with red, green, blue planes: our order.
        std::copy_n(record + 1, kPixelBytes, set.pixels.data() + start + r * kPixelBytes);
        if (r % step == 0)
            progress.report(double(r) / double(records));
    }
    progress.report(1.0);
}

} // namespace

std::vector<std::string> cifar10ClassNames()
{
    return {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
}

ImageSet loadCifar10(const std::vector<std::string> &batchFiles, const LoadProgress &callback)
{
    if (batchFiles.empty())
        throw Error("no CIFAR-10 batch files given; choose data_batch_1.bin .. data_batch_5.bin or test_batch.bin");
    Progress progress(callback);
    const ProgressSpan whole(progress, 0.0, 1.0);

    ImageSet set;
    set.name = "CIFAR-10";
    set.channels = kChannels;
    set.height = kSide;
    set.width = kSide;
    set.classNames = cifar10ClassNames();
    // Uncompressed batches say their size before they are read: a file of 2 GB is refused without
    // reading it (gzipped ones are counted as they inflate, below).
    std::size_t stated = 0;
    for (const std::string &path : batchFiles) {
        std::error_code ec;
        const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
        if (!ec)
            stated += std::size_t(bytes / kRecordBytes);
    }
    checkImageCount(stated, kChannels, kSide, kSide, batchFiles.size() == 1 ? batchFiles[0] : "the CIFAR-10 files");
    const double share = 1.0 / double(batchFiles.size());
    for (std::size_t f = 0; f < batchFiles.size(); ++f) {
        const ProgressSpan file = whole.part(f * share, (f + 1) * share);
        bool wasGzip = false;
        const Bytes data = readUnpacked(batchFiles[f], file.part(0.0, 0.6), &wasGzip);
        checkLength(data, batchFiles[f], wasGzip);
        checkImageCount(set.labels.size() + data.size() / kRecordBytes, kChannels, kSide, kSide, batchFiles[f]);
        appendRecords(data, batchFiles[f], set, file.part(0.6, 1.0));
    }
    progress.report(1.0);
    return set;
}

} // namespace ds::data

// Internal to datasets/: the bytes under the image loaders. Reading a whole file, inflating gzip
// data, and reporting progress into a share of the whole load, so that every loader reads,
// decompresses, reports and cancels the same way.
#pragma once

#include "images.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ds::data {

// Nothing larger is read or inflated: the biggest data set we load (CIFAR-10's five training
// batches) is 150 MB, and a bigger claim is more likely a wrong file or a zip bomb.
constexpr std::size_t kMaxDataBytes = std::size_t(2) << 30;

// The whole-load side of progress: calls the callback when the fraction has moved on by at least
// half a percent (and once for 1), and throws ds::Error(kCancelledMessage) when it says stop.
class Progress {
public:
    explicit Progress(const LoadProgress &callback) : m_callback(callback) { }
    void report(double fraction);

private:
    const LoadProgress &m_callback;
    double m_last = -1.0;
};

// A stage of a load: reports its own fraction in [0, 1] as [from, to] of the whole.
class ProgressSpan {
public:
    ProgressSpan() = default; // reports nothing
    ProgressSpan(Progress &progress, double from, double to) : m_progress(&progress), m_from(from), m_to(to) { }
    void report(double fraction) const;
    // [from, to] of this span, as a span of its own.
    ProgressSpan part(double from, double to) const;

private:
    Progress *m_progress = nullptr;
    double m_from = 0.0, m_to = 1.0;
};

using Bytes = std::vector<std::uint8_t>;

// The whole file. Throws ds::Error naming the path when it is missing, a folder, unreadable or
// larger than kMaxDataBytes.
Bytes readFile(const std::string &path, const ProgressSpan &progress = {});

// What a format's header says its whole (unpacked) data holds, so that a reader refuses a file
// from its header: a plain file before it is read, a gzip file while it inflates (a zip bomb
// costs what its header claims, not 2 GB). `bytes` gets the first `headerBytes` bytes of the
// unpacked data (fewer when there are fewer) and, for a plain file, its size; it throws ds::Error
// for a damaged header or a size that disagrees with it, and returns the size the header states.
struct StatedSize {
    std::size_t headerBytes = 0;
    std::function<std::uint64_t(std::span<const std::uint8_t> header, std::optional<std::uint64_t> fileSize)> bytes;
};

bool isGzip(std::span<const std::uint8_t> bytes);
// Inflates gzip data (several members are read one after the other). Throws ds::Error starting
// with `name` when the data is damaged, truncated, followed by garbage or inflates beyond
// kMaxDataBytes, or (given `stated`) far beyond what the header states. The output grows with what
// is inflated: the size in the gzip trailer is only a hint, capped by what the input can hold.
Bytes gunzip(std::span<const std::uint8_t> bytes, const std::string &name, const ProgressSpan &progress = {},
    const StatedSize *stated = nullptr);

// The data as stored: inflated when it starts with gzip's magic bytes, else as it is (copied).
// `wasGzip` says which, for messages.
Bytes unpack(std::span<const std::uint8_t> bytes, const std::string &name, const ProgressSpan &progress,
    bool *wasGzip = nullptr, const StatedSize *stated = nullptr);
// readFile() then unpack(); the read takes the first part of the progress span. Given `stated`, a
// plain file's header and size are checked before the file is read.
Bytes readUnpacked(const std::string &path, const ProgressSpan &progress, bool *wasGzip = nullptr,
    const StatedSize *stated = nullptr);

// "00 00 08 03": the first (up to) four bytes in hex, to show what a file starts with.
std::string leadingBytes(std::span<const std::uint8_t> bytes);

} // namespace ds::data

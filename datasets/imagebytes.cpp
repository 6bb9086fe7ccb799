// Whole-file reads and gzip inflation for the image loaders. zlib directly (not a stream wrapper)
// so that a damaged file, a truncated download and trailing garbage each get their own message.
#include "imagebytes.h"

#include "error.h"
#include "workload.h"

#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>

namespace ds::data {
namespace {

// Reads and inflates this much between progress reports.
constexpr std::size_t kChunk = std::size_t(1) << 20;

std::string megabytes(std::uintmax_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", double(bytes) / 1e6);
    return text;
}

// inflateEnd on every path out, thrown or not.
class Inflater {
public:
    Inflater()
    {
        // 16 + MAX_WBITS: gzip wrapper only, so a raw zlib stream is not mistaken for one.
        if (inflateInit2(&m_stream, 16 + MAX_WBITS) != Z_OK)
            throw Error("cannot start zlib's decompressor (out of memory?)");
    }
    ~Inflater() { inflateEnd(&m_stream); }
    Inflater(const Inflater &) = delete;
    Inflater &operator=(const Inflater &) = delete;
    z_stream &stream() { return m_stream; }

private:
    z_stream m_stream {};
};

// The uncompressed size that a single-member gzip file states in its trailer, capped by what
// deflate could possibly produce from this much input (at most ~1032:1), so that a forged
// trailer cannot make us reserve gigabytes.
std::size_t sizeHint(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() < 18)
        return 0;
    const std::uint8_t *t = bytes.data() + bytes.size() - 4;
    const std::size_t stated
        = std::size_t(t[0]) | std::size_t(t[1]) << 8 | std::size_t(t[2]) << 16 | std::size_t(t[3]) << 24;
    return std::min({stated, bytes.size() * 1032, kMaxDataBytes});
}

} // namespace

void Progress::report(double fraction)
{
    if (!m_callback)
        return;
    fraction = std::clamp(fraction, 0.0, 1.0);
    // Each value once, and small steps skipped; 1 (done) always gets through.
    if (fraction <= m_last || (fraction < 1.0 && fraction - m_last < 0.005))
        return;
    m_last = fraction;
    if (!m_callback(fraction))
        throw Error(kCancelledMessage);
}

void ProgressSpan::report(double fraction) const
{
    if (m_progress)
        m_progress->report(m_from + (m_to - m_from) * std::clamp(fraction, 0.0, 1.0));
}

ProgressSpan ProgressSpan::part(double from, double to) const
{
    ProgressSpan p = *this;
    p.m_from = m_from + (m_to - m_from) * from;
    p.m_to = m_from + (m_to - m_from) * to;
    return p;
}

Bytes readFile(const std::string &path, const ProgressSpan &progress)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw Error("cannot read '" + path + "': it is a folder, not a file");
    if (!fs::exists(path, ec))
        throw Error("cannot open '" + path + "': no such file; check the path");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec)
        throw Error("cannot read '" + path + "': " + ec.message());
    if (size > kMaxDataBytes)
        throw Error(path + ": " + megabytes(size) + " is more than an image data set this program loads ("
            + megabytes(kMaxDataBytes) + " at most); is it the right file?");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot open '" + path + "' for reading; check its permissions");

    Bytes bytes(static_cast<std::size_t>(size));
    std::size_t done = 0;
    progress.report(0.0);
    while (done < bytes.size()) {
        const std::size_t n = std::min(kChunk, bytes.size() - done);
        in.read(reinterpret_cast<char *>(bytes.data() + done), static_cast<std::streamsize>(n));
        const std::size_t got = static_cast<std::size_t>(in.gcount());
        done += got;
        if (got < n) {
            // The file shrank while we read it, or the disk failed: either way the data is not whole.
            throw Error("error while reading '" + path + "': got " + std::to_string(done) + " of "
                + std::to_string(bytes.size()) + " bytes");
        }
        progress.report(double(done) / double(bytes.size()));
    }
    progress.report(1.0);
    return bytes;
}

bool isGzip(std::span<const std::uint8_t> bytes)
{
    return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

Bytes gunzip(std::span<const std::uint8_t> bytes, const std::string &name, const ProgressSpan &progress,
    const StatedSize *stated)
{
    Inflater inflater;
    z_stream &zs = inflater.stream();
    // The most the data may inflate to: 2 GB, and once the header is inflated, what it states plus
    // a little, so that a few bytes too many still get the format's own exact message.
    std::size_t limit = kMaxDataBytes;
    bool limitKnown = stated == nullptr;
    const auto learnLimit = [&](std::size_t produced, const Bytes &out) {
        const std::size_t head = std::min(produced, stated->headerBytes);
        const std::uint64_t states = stated->bytes(std::span(out.data(), head), std::nullopt);
        limit = std::size_t(std::min<std::uint64_t>(states + kChunk, kMaxDataBytes));
        limitKnown = true;
    };
    const auto tooMuch = [&] {
        return Error(limitKnown && limit < kMaxDataBytes
                ? name + ": inflates to more than the " + std::to_string(limit - kChunk)
                    + " bytes its header states; the header or the file is damaged (or it is a zip bomb)"
                : name + ": inflates to more than " + megabytes(kMaxDataBytes)
                    + ", more than an image data set this program loads; is it the right file?");
    };
    // The trailer's size is only trusted as far as the header allows: a bomb's trailer may claim 4 GB.
    Bytes out(stated ? std::size_t(1) << 16 : std::max<std::size_t>(sizeHint(bytes), 1 << 16));
    std::size_t produced = 0, fed = 0;
    progress.report(0.0);
    while (true) {
        if (!limitKnown && produced >= stated->headerBytes) {
            learnLimit(produced, out);
            if (produced > limit)
                throw tooMuch();
            out.resize(std::max(out.size(), std::min(sizeHint(bytes), limit + 1)));
        }
        if (produced == out.size()) {
            if (out.size() > limit)
                throw tooMuch();
            out.resize(std::min(out.size() * 2, limit + 1));
        }
        if (zs.avail_in == 0 && fed < bytes.size()) {
            const std::size_t n = std::min(kChunk, bytes.size() - fed);
            zs.next_in = bytes.data() + fed;
            zs.avail_in = static_cast<uInt>(n);
            fed += n;
            progress.report(double(fed) / double(bytes.size()));
        }
        const std::size_t room = std::min<std::size_t>(out.size() - produced, std::numeric_limits<uInt>::max());
        zs.next_out = out.data() + produced;
        zs.avail_out = static_cast<uInt>(room);
        const int rc = inflate(&zs, Z_NO_FLUSH);
        produced += room - zs.avail_out;

        if (rc == Z_STREAM_END) {
            const std::size_t left = zs.avail_in + (bytes.size() - fed);
            if (left == 0)
                break;
            // gzip allows several members one after the other (e.g. "cat a.gz b.gz").
            const std::span<const std::uint8_t> rest = bytes.subspan(bytes.size() - left);
            if (!isGzip(rest))
                throw Error(name + ": " + std::to_string(left)
                    + " bytes of something else follow the gzip data; the file is damaged");
            inflateReset(&zs);
            continue;
        }
        if (rc == Z_OK)
            continue;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0 && fed == bytes.size())
            throw Error(name + ": the gzip data ends early: the file is truncated (an interrupted download?)");
        if (rc == Z_BUF_ERROR)
            continue; // no room for output: the loop grows the buffer
        if (rc == Z_MEM_ERROR)
            throw Error(name + ": out of memory while decompressing");
        throw Error(name + ": damaged gzip data (zlib: " + std::string(zs.msg ? zs.msg : "unknown error")
            + "); download the file again");
    }
    if (!limitKnown) // shorter than the header: the format says what is missing
        learnLimit(produced, out);
    if (produced > limit)
        throw tooMuch();
    out.resize(produced);
    progress.report(1.0);
    return out;
}

Bytes unpack(std::span<const std::uint8_t> bytes, const std::string &name, const ProgressSpan &progress, bool *wasGzip,
    const StatedSize *stated)
{
    const bool gz = isGzip(bytes);
    if (wasGzip)
        *wasGzip = gz;
    if (gz)
        return gunzip(bytes, name, progress, stated);
    if (stated)
        stated->bytes(bytes.first(std::min(bytes.size(), stated->headerBytes)), bytes.size());
    progress.report(1.0);
    return Bytes(bytes.begin(), bytes.end());
}

Bytes readUnpacked(const std::string &path, const ProgressSpan &progress, bool *wasGzip, const StatedSize *stated)
{
    // A peek at the start first: the magic bytes, so that a plain file's read gets the whole
    // progress span and a gzip file's read only the part before inflating (the slower part), and a
    // plain file's header, so that a file that disagrees with it is refused before it is read.
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec)) // a pipe would block
        throw Error("cannot read '" + path + "': it is not a regular file (a folder, device or pipe)");
    Bytes head(std::max<std::size_t>(2, stated ? stated->headerBytes : 0));
    {
        std::ifstream peek(path, std::ios::binary);
        peek.read(reinterpret_cast<char *>(head.data()), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(peek.gcount()));
        if (peek.is_open() && stated && !isGzip(head) && std::filesystem::is_regular_file(path, ec)) {
            const std::uintmax_t size = std::filesystem::file_size(path, ec);
            if (!ec)
                stated->bytes(std::span(head).first(std::min(head.size(), stated->headerBytes)), size);
        }
    }
    const bool likelyGzip = isGzip(head);
    Bytes raw = readFile(path, likelyGzip ? progress.part(0.0, 0.3) : progress);
    const bool gz = isGzip(raw);
    if (wasGzip)
        *wasGzip = gz;
    if (!gz) {
        progress.report(1.0);
        return raw; // no copy
    }
    return gunzip(raw, path, progress.part(0.3, 1.0), stated);
}

std::string leadingBytes(std::span<const std::uint8_t> bytes)
{
    std::string text;
    for (std::size_t i = 0; i < std::min<std::size_t>(bytes.size(), 4); ++i) {
        char hex[4];
        std::snprintf(hex, sizeof hex, i == 0 ? "%02x" : " %02x", bytes[i]);
        text += hex;
    }
    return text;
}

} // namespace ds::data

namespace ds::data {

void checkImageCount(
    std::size_t count, std::size_t channels, std::size_t height, std::size_t width, const std::string &where)
{
    const std::size_t values = count * channels * height * width; // each factor is far below 2^32
    if (values <= kMaxImageValues)
        return;
    const double bytes = double(values) * sizeof(float);
    throw Error(where + ": " + std::to_string(count) + " images of " + std::to_string(channels) + "x"
        + std::to_string(height) + "x" + std::to_string(width) + " take " + formatBytes(bytes) + " as numbers, about "
        + formatBytes(kImageMemoryInTraining * bytes) + " of memory to train on; at most "
        + std::to_string(kMaxImageValues / (channels * height * width)) + " such images ("
        + formatBytes(double(kMaxImageValues) * sizeof(float))
        + ") load at once: choose fewer files or smaller images");
}

} // namespace ds::data

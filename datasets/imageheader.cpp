#include "imageheader.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace ds::data {
namespace {

// A JPEG's frame header may follow large metadata segments (EXIF thumbnails): look this far.
constexpr std::size_t kMaxHeaderScan = std::size_t(1) << 20;

std::uint32_t bigEndian(const std::uint8_t *p, int bytes)
{
    std::uint32_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | p[i];
    return v;
}

std::optional<PictureSize> jpegSize(std::ifstream &in)
{
    // Segments after the start-of-image marker: FF, a marker, a 2-byte length (that counts
    // itself), the payload. The start-of-frame markers C0..CF (but C4, C8 and CC, which are
    // tables) hold precision, height and width.
    std::size_t at = 2;
    in.seekg(2);
    std::array<std::uint8_t, 9> h {};
    while (at < kMaxHeaderScan && in.read(reinterpret_cast<char *>(h.data()), 4)) {
        if (h[0] != 0xff)
            return std::nullopt;
        const std::uint8_t marker = h[1];
        if (marker == 0xff) { // fill byte: the marker follows
            in.seekg(std::streamoff(at + 1));
            ++at;
            continue;
        }
        const std::uint32_t length = bigEndian(h.data() + 2, 2);
        if (length < 2)
            return std::nullopt;
        if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
            if (!in.read(reinterpret_cast<char *>(h.data()), 5))
                return std::nullopt;
            return PictureSize {bigEndian(h.data() + 3, 2), bigEndian(h.data() + 1, 2)};
        }
        if (marker == 0xda || marker == 0xd9) // the image data or its end, and no frame yet
            return std::nullopt;
        at += 2 + length;
        in.seekg(std::streamoff(at));
    }
    return std::nullopt;
}

// The next whitespace-separated number of a PNM header (comments from # to the line's end).
std::optional<long long> pnmNumber(std::ifstream &in)
{
    int c = in.get();
    while (in && (std::isspace(c) || c == '#')) {
        if (c == '#')
            while (in && c != '\n')
                c = in.get();
        c = in.get();
    }
    std::string digits;
    while (in && std::isdigit(c) && digits.size() < 12) {
        digits += char(c);
        c = in.get();
    }
    if (digits.empty())
        return std::nullopt;
    return std::stoll(digits);
}

} // namespace

std::optional<PictureSize> pictureSize(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::array<std::uint8_t, 26> head {};
    in.read(reinterpret_cast<char *>(head.data()), head.size());
    const std::size_t n = std::size_t(in.gcount());
    in.clear();
    if (n >= 24 && head[0] == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G' && head[12] == 'I'
        && head[13] == 'H' && head[14] == 'D' && head[15] == 'R')
        return PictureSize {bigEndian(head.data() + 16, 4), bigEndian(head.data() + 20, 4)};
    if (n >= 26 && head[0] == 'B' && head[1] == 'M') {
        // BITMAPINFOHEADER: width and height as little-endian 32-bit signed (a negative height is
        // a top-down picture).
        auto little = [&](int at) {
            return std::int32_t(std::uint32_t(head[std::size_t(at)]) | std::uint32_t(head[std::size_t(at) + 1]) << 8
                | std::uint32_t(head[std::size_t(at) + 2]) << 16 | std::uint32_t(head[std::size_t(at) + 3]) << 24);
        };
        const long long w = little(18), h = little(22);
        return PictureSize {w < 0 ? -w : w, h < 0 ? -h : h};
    }
    if (n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
        return jpegSize(in);
    if (n >= 3 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6' && std::isspace(head[2])) {
        in.seekg(2);
        const std::optional<long long> w = pnmNumber(in), h = pnmNumber(in);
        if (w && h)
            return PictureSize {*w, *h};
    }
    return std::nullopt;
}

} // namespace ds::data

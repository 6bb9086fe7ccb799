// The tar reader: POSIX ustar headers (with their name prefix), GNU long names and the "path" of
// pax extended headers, which is what GNU and BSD tar write. Sizes in octal or in GNU's base-256.
#include "tararchive.h"

#include "error.h"
#include "imagebytes.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace ds::data {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kBlock = 512;

// A header field: the bytes up to the first NUL.
std::string field(const std::uint8_t *p, std::size_t n)
{
    const auto *end = std::find(p, p + n, std::uint8_t(0));
    return std::string(reinterpret_cast<const char *>(p), reinterpret_cast<const char *>(end));
}

// An octal number (spaces and NULs around it), or GNU's base-256 for big sizes; -1 when unreadable.
long long number(const std::uint8_t *p, std::size_t n)
{
    if (p[0] & 0x80) {
        long long v = p[0] & 0x7f;
        for (std::size_t i = 1; i < n; ++i) {
            if (v > (1LL << 54))
                return -1;
            v = v << 8 | p[i];
        }
        return v;
    }
    long long v = 0;
    bool digits = false;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = char(p[i]);
        if (c >= '0' && c <= '7') {
            v = v * 8 + (c - '0');
            digits = true;
            if (v > (1LL << 40))
                return -1;
        } else if (c == ' ' || c == '\0') {
            if (digits)
                break;
        } else {
            return -1;
        }
    }
    return digits ? v : -1;
}

// The header's checksum: its bytes summed with the checksum field read as spaces.
bool checksumMatches(const std::uint8_t *h)
{
    long long sum = 0;
    for (std::size_t i = 0; i < kBlock; ++i)
        sum += (i >= 148 && i < 156) ? ' ' : h[i];
    return number(h + 148, 8) == sum;
}

// A pax header's "path" record ("LEN path=VALUE\n"), or "".
std::string paxPath(const std::uint8_t *p, std::size_t n)
{
    const std::string text(reinterpret_cast<const char *>(p), n);
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t space = text.find(' ', at);
        if (space == std::string::npos)
            break;
        const long long len = std::atoll(text.substr(at, space - at).c_str());
        // A record holds at least its own length, a space and the newline.
        if (len <= 0 || std::size_t(len) < space - at + 2 || at + std::size_t(len) > text.size())
            break;
        const std::string record = text.substr(space + 1, at + std::size_t(len) - space - 2); // no "\n"
        if (record.rfind("path=", 0) == 0)
            return record.substr(5);
        at += std::size_t(len);
    }
    return {};
}

// The member's name made safe, or an error: relative, no "..", not empty.
fs::path safeName(const std::string &name, const std::string &archive)
{
    const fs::path p = fs::path(name).lexically_normal();
    if (name.empty() || p.is_absolute() || p.empty())
        throw Error(archive + ": a member has an empty or absolute name ('" + name + "'): not unpacked");
    for (const fs::path &part : p)
        if (part == "..")
            throw Error(archive + ": the member '" + name + "' would be written outside its folder: not unpacked");
    return p;
}

} // namespace

std::vector<std::string> extractTar(const std::string &archive, const std::string &folder, const LoadProgress &callback)
{
    Progress progress(callback);
    const ProgressSpan whole(progress, 0.0, 1.0);
    const std::string name = fs::path(archive).filename().string();
    const Bytes bytes = readUnpacked(archive, whole.part(0.0, 0.7));
    const ProgressSpan writing = whole.part(0.7, 1.0);
    std::vector<std::string> written;
    std::string longName; // from a GNU 'L' or pax 'x' header, for the next member
    std::size_t at = 0;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        throw Error("cannot make the folder " + folder + ": " + ec.message());
    while (true) {
        if (at + kBlock > bytes.size())
            throw Error(name + " is cut short: it ends inside a header (incomplete download?)");
        const std::uint8_t *h = bytes.data() + at;
        if (std::all_of(h, h + kBlock, [](std::uint8_t b) { return b == 0; }))
            break; // the end-of-archive blocks
        if (!checksumMatches(h))
            throw Error(name + " is not a tar archive, or is damaged (a header's checksum is wrong at byte "
                + std::to_string(at) + ")");
        const long long size = number(h + 124, 12);
        if (size < 0)
            throw Error(name + ": a member's size is unreadable at byte " + std::to_string(at));
        const char type = char(h[156]);
        const std::size_t data = at + kBlock;
        if (std::uint64_t(size) > bytes.size() - data)
            throw Error(name + " is cut short: the member '" + field(h, 100) + "' needs " + std::to_string(size)
                + " bytes and the archive ends before (incomplete download?)");
        const std::uint8_t *body = bytes.data() + data;
        at = data + (std::size_t(size) + kBlock - 1) / kBlock * kBlock;

        if (type == 'L') { // GNU: the next member's long name
            longName = field(body, std::size_t(size));
            continue;
        }
        if (type == 'x') { // pax: the next member's extended header
            longName = paxPath(body, std::size_t(size));
            continue;
        }
        if (type == 'g' || type == 'K')
            continue; // a pax global header, a GNU long link name: nothing we use
        std::string memberName = longName;
        longName.clear();
        if (memberName.empty()) {
            memberName = field(h, 100);
            const std::string prefix = field(h + 345, 155);
            // POSIX ustar ("ustar" and a NUL) only: GNU's "ustar  " keeps times where the prefix goes.
            if (std::equal(h + 257, h + 263, reinterpret_cast<const std::uint8_t *>("ustar")) && !prefix.empty())
                memberName = prefix + "/" + memberName;
        }
        const fs::path relative = safeName(memberName, name);
        const fs::path target = fs::path(folder) / relative;
        if (type == '5') {
            fs::create_directories(target, ec);
        } else if (type == '0' || type == '\0' || type == '7') { // '7': a contiguous file, a file all the same
            fs::create_directories(target.parent_path(), ec);
            std::ofstream out(target, std::ios::binary | std::ios::trunc);
            out.write(reinterpret_cast<const char *>(body), std::streamsize(size));
            out.close();
            if (!out)
                throw Error("cannot write " + target.string() + " (disk full?)");
            written.push_back(relative.generic_string());
        }
        writing.report(double(at) / double(bytes.size()));
    }
    progress.report(1.0);
    return written;
}

} // namespace ds::data

// Points from a CSV file. Numbers are read with std::from_chars, which ignores the locale: a
// file written as "0.5,1.5,1" reads the same under a German or French desktop.
#include "points2d.h"

#include "error.h"
#include "pointsplit.h"
#include "random.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace ds::data {
namespace {

// Values that are non-negative integers below this are read as class indices.
constexpr int kMaxCsvClasses = 16;

std::string_view trim(std::string_view s)
{
    const char *space = " \t\r\v\f";
    const auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(space);
    return s.substr(first, last - first + 1);
}

// ';' wins when present: spreadsheets in decimal-comma locales export "x;y;value".
std::vector<std::string_view> splitFields(std::string_view line)
{
    const char separator = line.find(';') != std::string_view::npos ? ';' : ',';
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = line.find(separator, start);
        fields.push_back(trim(line.substr(start, end - start)));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return fields;
}

enum class NumberStatus { Ok, NotANumber, NotFinite };

NumberStatus parseNumber(std::string_view field, float &out)
{
    // from_chars rejects a leading '+', which spreadsheets sometimes write.
    if (field.size() > 1 && field.front() == '+' && field[1] != '-' && field[1] != '+')
        field.remove_prefix(1);
    if (field.empty())
        return NumberStatus::NotANumber;
    // Parsed as double so that tiny values become 0 instead of an out-of-range error.
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
    if (ec == std::errc::invalid_argument || ptr != field.data() + field.size())
        return NumberStatus::NotANumber;
    if (ec == std::errc::result_out_of_range || !std::isfinite(v) || std::abs(v) > std::numeric_limits<float>::max())
        return NumberStatus::NotFinite;
    out = static_cast<float>(v);
    return NumberStatus::Ok;
}

bool isHeader(const std::vector<std::string_view> &fields)
{
    // Only a line with no number at all is a header, so that a first data row with a typo is
    // reported rather than silently dropped.
    float ignored = 0.0f;
    for (std::string_view f : fields) {
        if (parseNumber(f, ignored) != NumberStatus::NotANumber)
            return false;
    }
    return true;
}

// Long garbage (a binary file, a wrong column) would make an unreadable message.
std::string quoted(std::string_view field)
{
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "'" + std::string(...).
    const std::size_t maxLength = 40;
    std::string s = "'";
    s += field.substr(0, maxLength);
    if (field.size() > maxLength)
        s += "...";
    s += '\'';
    return s;
}

class CsvReader {
public:
    explicit CsvReader(const std::string &sourceName) : m_source(sourceName) { }

    void readLine(std::string_view line)
    {
        ++m_lineNumber;
        const std::string_view text = trim(line);
        if (text.empty() || text.front() == '#')
            return;
        const std::vector<std::string_view> fields = splitFields(text);
        const bool first = !m_seenData;
        m_seenData = true;
        if (first && isHeader(fields))
            return;
        if (fields.size() != 3)
            fail("expected 3 numbers (x, y, value), found " + std::to_string(fields.size()));

        float numbers[3] = {};
        for (int i = 0; i < 3; ++i) {
            switch (parseNumber(fields[i], numbers[i])) {
            case NumberStatus::Ok: break;
            case NumberStatus::NotANumber:
                fail(fields[i].empty() ? "field " + std::to_string(i + 1) + " is empty"
                                       : quoted(fields[i]) + " is not a number");
            case NumberStatus::NotFinite: fail(quoted(fields[i]) + " is not a finite number that fits a float");
            }
        }
        m_points.push_back({numbers[0], numbers[1], numbers[2]});
    }

    std::vector<Point2> takePoints()
    {
        if (m_points.empty())
            throw Error(m_source + ": no points found; expected one point per line as x,y,value");
        if (m_points.size() < 2)
            throw Error(m_source + ": only 1 point; at least 2 are needed to train and test");
        return std::move(m_points);
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        throw Error(m_source + ":" + std::to_string(m_lineNumber) + ": " + what);
    }

    std::string m_source;
    int m_lineNumber = 0;
    bool m_seenData = false;
    std::vector<Point2> m_points;
};

// Classification when every value is a small non-negative integer; the class count is the
// largest index + 1, and never below 2, since a one-class problem cannot be trained.
int detectClasses(const std::vector<Point2> &points)
{
    int maxClass = 0;
    for (const Point2 &p : points) {
        if (!(p.value >= 0.0f && p.value < kMaxCsvClasses) || p.value != std::floor(p.value))
            return 0;
        maxClass = std::max(maxClass, static_cast<int>(p.value));
    }
    return std::max(2, maxClass + 1);
}

} // namespace

Points2D parseCsv(const std::string &text, const std::string &sourceName, int trainPercent, std::uint64_t seed)
{
    checkTrainPercent(trainPercent);

    std::string_view rest = text;
    // A UTF-8 byte-order mark, as spreadsheet exports often start with, is not part of the data.
    if (rest.starts_with("\xEF\xBB\xBF"))
        rest.remove_prefix(3);

    CsvReader reader(sourceName);
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        reader.readLine(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    std::vector<Point2> points = reader.takePoints();

    Points2D result;
    result.numClasses = detectClasses(points);
    result.problem = result.numClasses > 0 ? ProblemType::Classification : ProblemType::Regression;
    Rng rng(seed);
    shuffleAndSplit(std::move(points), trainPercent, rng, result);
    return result;
}

Points2D loadCsv(const std::string &path, int trainPercent, std::uint64_t seed)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error("cannot read points from '" + path + "': it is a folder, not a CSV file");
    // A pipe would block the read forever and /dev/zero never ends: only regular files, and only
    // sizes a point set can have.
    if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
        throw Error("cannot read points from '" + path + "': it is not a regular file (a device or pipe)");
    constexpr std::uintmax_t kMaxCsvBytes = 64u << 20;
    if (const auto size = std::filesystem::file_size(path, ec); !ec && size > kMaxCsvBytes)
        throw Error(
            "'" + path + "' is " + std::to_string(size >> 20) + " MB, more than a point set can be (64 MB at most)");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot open '" + path + "' for reading; check that the file exists");
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
        throw Error("error while reading '" + path + "'");
    return parseCsv(content.str(), path, trainPercent, seed);
}

} // namespace ds::data

// CSV points (datasets/csvpoints.cpp): any text gives points or ds::Error.
#include "error.h"
#include "points2d.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    try {
        ds::data::parseCsv(std::string(reinterpret_cast<const char *>(data), size), "fuzz.csv");
    } catch (const ds::Error &) {
    }
    return 0;
}

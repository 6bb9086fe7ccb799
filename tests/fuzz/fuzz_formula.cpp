// Formulas typed for a data set (datasets/formula.cpp): any text parses or gives ds::Error, and a
// formula that parses evaluates anywhere on the plane without reading outside its stack.
#include "error.h"
#include "formula.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    try {
        const auto f = ds::data::Formula::parse(std::string(reinterpret_cast<const char *>(data), size));
        for (double x : {-6.0, 0.0, 0.5, 6.0})
            (void)f(x, -x);
    } catch (const ds::Error &) {
    }
    return 0;
}

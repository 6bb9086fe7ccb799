// The tar reader (datasets/tararchive.cpp) on an archive file, gzipped or not, unpacked into a
// scratch folder that is emptied after each run: a crash, an overread or a file written outside
// that folder is a finding.
#include "error.h"
#include "fuzzfile.h"
#include "tararchive.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string archive = ds::fuzz::writeInput("archive.tar", data, size);
    const std::filesystem::path out = ds::fuzz::scratchFolder() / "out" / "inside";
    std::filesystem::create_directories(out);
    try {
        ds::data::extractTar(archive, out.string());
    } catch (const ds::Error &) {
    }
    // Nothing may land beside the folder it was asked to fill.
    for (const auto &entry : std::filesystem::directory_iterator(out.parent_path()))
        if (entry.path() != out)
            std::abort();
    std::filesystem::remove_all(ds::fuzz::scratchFolder() / "out");
    return 0;
}

// For fuzz targets whose reader takes a path: the input written to a file in a folder of its own
// (in /dev/shm when there is one, so that millions of runs do not wear a disk).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace ds::fuzz {

inline const std::filesystem::path &scratchFolder()
{
    static const std::filesystem::path folder = [] {
        const std::filesystem::path base
            = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
        std::filesystem::path p = base / ("deepscope-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(p);
        return p;
    }();
    return folder;
}

// Writes `size` bytes to `name` inside the scratch folder (creating sub-folders) and returns the path.
inline std::string writeInput(const std::string &name, const std::uint8_t *data, std::size_t size)
{
    const std::filesystem::path path = scratchFolder() / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char *>(data), std::streamsize(size));
    return path.string();
}

} // namespace ds::fuzz

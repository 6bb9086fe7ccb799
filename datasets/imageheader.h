// Internal to datasets/: a picture's width and height read from its header, before anything is
// decoded, so that a small file claiming a huge picture (a 2.6 MB PNG of 30,000 × 30,000 pixels
// decodes to 2.7 GB) is refused at the cost of reading a few bytes.
#pragma once

#include <filesystem>
#include <optional>

namespace ds::data {

struct PictureSize {
    long long width = 0, height = 0;
};

// PNG (IHDR), JPEG (the first start-of-frame segment), BMP (the info header) and PNM (the text
// header); nothing for other formats, or a header it cannot read (the decoder then decides).
std::optional<PictureSize> pictureSize(const std::filesystem::path &file);

} // namespace ds::data

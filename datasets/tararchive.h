// Unpacking a tar archive, gzipped or not (the CIFAR-10 binary version comes as one), into a
// folder: for the data-set downloads. Regular files and folders only; every name is checked to
// stay inside the folder, so a hostile archive cannot write elsewhere. Plain C++ (no Qt).
#pragma once

#include "images.h"

#include <string>
#include <vector>

namespace ds::data {

// Writes the archive's regular files under `folder` (made when missing) and returns their names
// relative to it, in archive order. Links, devices and the like are skipped. Throws ds::Error
// naming the archive when it is damaged or truncated, or a member's name is absolute or climbs
// out with "..". Files written before an error stay (the caller unpacks into a folder of its own).
std::vector<std::string> extractTar(
    const std::string &archive, const std::string &folder, const LoadProgress &progress = {});

} // namespace ds::data

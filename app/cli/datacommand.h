// `deepscope data list|get NAME|path NAME|remove NAME`: the downloadable data sets without a
// window. `list` shows each with its size and whether it is in the cache, `get` downloads one
// (progress on stderr; resumes what an earlier try left), `path` prints its folder for scripts,
// `remove` deletes it from the cache.
#pragma once

#include <string>
#include <vector>

namespace ds::app {

int runData(int argc, char *argv[], const std::vector<std::string> &args);

} // namespace ds::app

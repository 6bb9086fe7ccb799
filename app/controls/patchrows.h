// Top patches (TopPatches, from either mode's session) as the PatchGrid's rows: each filter as
// the filter grid draws it, then its patches as the pictures look.
#pragma once

#include "core/imagesession.h"
#include "patchgrid.h"

#include <vector>

namespace ds::app {

// `what` names the pictures in a row's tooltip ("test image", "picture").
std::vector<widgets::PatchRow> patchRows(const TopPatches &t, const QString &what);

} // namespace ds::app

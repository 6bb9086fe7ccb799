// The conv-arithmetic mode's field table (configfield.h): every field of ConvArithSetup as the
// playground file's `arithmetic` object holds it, once.
#pragma once

#include "configfield.h"
#include "convarithsetup.h"

namespace ds::app {

const FieldTable<ConvArithSetup> &arithmeticFields();

} // namespace ds::app

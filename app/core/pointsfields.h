// The Points mode's field table (configfield.h): every field of PlaygroundConfig as the playground
// file holds it, once.
#pragma once

#include "configfield.h"
#include "playgroundconfig.h"

namespace ds::app {

const FieldTable<PlaygroundConfig> &pointsFields();

} // namespace ds::app

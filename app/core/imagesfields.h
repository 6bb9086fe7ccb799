// The Images mode's field tables (configfield.h): every field of ImagesConfig as the playground
// file holds it, once, and those of its `data` object.
#pragma once

#include "configfield.h"
#include "imagesconfig.h"

namespace ds::app {

const FieldTable<ImagesConfig> &imagesFields();
const FieldTable<ImageDataChoice> &imageDataFields(); // the `data` object's

} // namespace ds::app

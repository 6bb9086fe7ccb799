// DocumentMark: what tells a playground from the file it was last saved to or opened from, for the
// unsaved mark. Which mode shows is not in it (showing a tab is not an edit); how far each mode's
// run has trained is, when training is saved with the playground. Edits that a value here cannot
// see (a weight typed into the diagram, the Images mode's settings, imported weights) are counted.
#pragma once

#include "core/convarithsetup.h"
#include "core/playgroundconfig.h"
#include "lesson.h"

#include <string>
#include <vector>

namespace ds::app {

struct DocumentMark {
    PlaygroundConfig points;
    ConvArithSetup arithmetic;
    Lesson lesson;
    std::vector<std::string> hiddenControls;
    long long pointsUpdates = 0, imagesUpdates = 0; // of the trained runs (0 when not saved)
    long edits = 0;

    bool operator==(const DocumentMark &) const = default;
};

} // namespace ds::app

// The bundled lessons (resources/lessons/): playground documents with a Lesson, in the order of
// their file names, as the Lessons menu and the start page list them.
#pragma once

#include "document/playgroundfile.h"

#include <QString>

#include <vector>

namespace ds::app {

struct LessonEntry {
    QString path; // in the resources (":/lessons/…")
    PlaygroundDocument document;
};

// Every bundled lesson that loads; one that does not is a fault of the build, said on stderr.
std::vector<LessonEntry> bundledLessons();

} // namespace ds::app

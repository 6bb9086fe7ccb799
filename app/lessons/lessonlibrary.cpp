#include "lessonlibrary.h"

#include <QDir>

#include <cstdio>

namespace ds::app {

std::vector<LessonEntry> bundledLessons()
{
    std::vector<LessonEntry> out;
    const QDir dir(":/lessons");
    for (const QString &name : dir.entryList({"*.deepscope"}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(name);
        QString error;
        auto document = loadDocument(path, &error);
        if (!document || document->lesson.empty()) {
            std::fprintf(stderr, "deepscope: the bundled lesson %s does not open: %s\n", qPrintable(name),
                error.isEmpty() ? "it has no lesson" : qPrintable(error));
            continue;
        }
        out.push_back({path, std::move(*document)});
    }
    return out;
}

} // namespace ds::app

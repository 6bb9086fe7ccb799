// Playground documents (app/document): the JSON of both modes and the binary trained-run
// sections after it — the app's own model format — read from a file as File > Open does.
#include "document/playgroundfile.h"
#include "fuzzfile.h"

#include <QString>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QString error;
    const auto document
        = ds::app::loadDocument(QString::fromStdString(ds::fuzz::writeInput("p.deepscope", data, size)), &error);
    if (!document && error.isEmpty())
        std::abort(); // a refusal always says why
    return 0;
}

// A trained-run section alone (app/document/trainedrunfile.cpp): weights, trainer state and
// augmentation state in QDataStream form.
#include "document/trainedrunfile.h"

#include <QByteArray>
#include <QString>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QString error;
    const auto run
        = ds::app::decodeTrainedRun(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), &error);
    if (!run && error.isEmpty())
        std::abort();
    return 0;
}

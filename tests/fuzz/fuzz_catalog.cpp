// A data-set catalog (DEEPSCOPE_DATA_CATALOG, app/core/downloadcatalog.cpp): JSON naming sets,
// their files, addresses, sizes and checksums. Whatever the bytes, the reader returns sets (the
// file's, or the built-in list with a reason), each inside the cache and of a size that adds up.
#include "core/downloadcatalog.h"

#include "fuzzfile.h"

#include <QByteArray>
#include <QString>

namespace {

std::string catalogPath;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    catalogPath = (ds::fuzz::scratchFolder() / "catalog.json").string();
    qputenv("DEEPSCOPE_DATA_CATALOG", QByteArray::fromStdString(catalogPath));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    ds::fuzz::writeInput("catalog.json", data, size);
    QString error;
    const QList<ds::app::DownloadableSet> sets = ds::app::downloadableSets(&error);
    if (sets.isEmpty())
        std::abort(); // the built-in list at least
    for (const ds::app::DownloadableSet &s : sets) {
        if (s.bytes() < 0 || s.bytes() > qint64(1e15) || s.id.isEmpty() || s.id.contains('/'))
            std::abort();
        for (const ds::app::DownloadFile &f : s.files)
            if (f.name.contains('/') || f.name.startsWith('.'))
                std::abort();
    }
    return 0;
}

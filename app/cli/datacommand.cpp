#include "datacommand.h"

#include "cli.h"
#include "downloads/datasetdownload.h"

#include <QCoreApplication>

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace ds::app {
namespace {

int usage()
{
    std::cerr << "usage: deepscope data list | get NAME | path NAME | remove NAME   (NAME: " << downloadableIds().toStdString()
              << ")\n";
    return 2;
}

std::optional<DownloadableSet> named(const std::string &name)
{
    QString catalogError; // a mirror's catalog that cannot be used is said, not passed over
    downloadableSets(&catalogError);
    if (!catalogError.isEmpty())
        std::cerr << "deepscope: " << catalogError.toStdString() << "\n";
    const auto set = downloadableSet(QString::fromStdString(name));
    if (!set)
        std::cerr << "deepscope: no data set '" << name << "'; known: " << downloadableIds().toStdString() << "\n";
    return set;
}

int list()
{
    QString catalogError;
    const QList<DownloadableSet> sets = downloadableSets(&catalogError);
    if (!catalogError.isEmpty())
        std::cerr << "deepscope: " << catalogError.toStdString() << "\n";
    std::printf("%-15s %-17s %9s  %s\n", "NAME", "TITLE", "SIZE", "STATUS");
    for (const DownloadableSet &s : sets)
        std::printf("%-15s %-17s %9s  %s\n", qPrintable(s.id), qPrintable(s.title), qPrintable(megabytesText(s.bytes())),
            isDownloaded(s) ? qPrintable("downloaded: " + setFolder(s)) : "not downloaded");
    std::printf("\nThe cache: %s\n", qPrintable(dataSetsFolder()));
    return 0;
}

int get(int argc, char *argv[], const DownloadableSet &set)
{
    QCoreApplication app(argc, argv);
    quietQtMessages();
    if (isDownloaded(set)) {
        std::cout << set.title.toStdString() << " is already downloaded: " << setFolder(set).toStdString() << "\n";
        return 0;
    }
    std::cerr << "Getting " << set.title.toStdString() << " (" << megabytesText(set.bytes()).toStdString() << ", "
              << set.about.toStdString() << ")\nfrom " << set.source.toStdString() << "\n";
    DataSetDownload download(set);
    if (const QByteArray stall = qgetenv("DEEPSCOPE_DOWNLOAD_STALL_MS"); !stall.isEmpty())
        download.setStallTimeout(stall.toInt());
    // On a terminal the progress line is redrawn in place; into a file or pipe, a line per tenth.
    const bool terminal = isatty(STDERR_FILENO);
    int tenth = -1;
    QObject::connect(&download, &DataSetDownload::stage, [&](const QString &text) {
        std::cerr << (terminal ? "\r\033[K" : "") << text.toStdString() << (terminal ? "" : "\n") << std::flush;
    });
    QObject::connect(&download, &DataSetDownload::progress, [&](const DownloadProgress &p) {
        const int t = p.total > 0 ? int(10 * p.done / p.total) : 0;
        if (terminal)
            std::cerr << "\r\033[K" << progressText(p).toStdString() << std::flush;
        else if (t != tenth)
            std::cerr << progressText(p).toStdString() << "\n";
        tenth = t;
    });
    int code = 1;
    QObject::connect(&download, &DataSetDownload::finished, [&](bool ok, const QString &message) {
        if (terminal)
            std::cerr << "\r\033[K";
        if (ok)
            std::cout << set.title.toStdString() << " downloaded and verified: " << setFolder(set).toStdString() << "\n";
        else
            std::cerr << "deepscope: " << message.toStdString() << "\n";
        code = ok ? 0 : 1;
        QCoreApplication::quit();
    });
    download.start();
    app.exec();
    return code;
}

} // namespace

int runData(int argc, char *argv[], const std::vector<std::string> &args)
{
    if (args.size() == 2 && args[1] == "list")
        return list();
    if (args.size() != 3 || (args[1] != "get" && args[1] != "path" && args[1] != "remove"))
        return usage();
    const auto set = named(args[2]);
    if (!set)
        return 2;
    if (args[1] == "get")
        return get(argc, argv, *set);
    if (args[1] == "remove") {
        QString error;
        const qint64 freed = removeDownloadedSet(*set, &error);
        if (freed < 0) {
            std::cerr << "deepscope: " << error.toStdString() << "\n";
            return 1;
        }
        std::cout << set->title.toStdString() << (freed > 0 ? " removed: " + megabytesText(freed).toStdString() + " freed"
                                                            : std::string(" was not downloaded: nothing to remove"))
                  << "\n";
        return 0;
    }
    if (!isDownloaded(*set)) {
        std::cerr << "deepscope: " << set->title.toStdString() << " is not downloaded: deepscope data get "
                  << set->id.toStdString() << "\n";
        return 1;
    }
    std::cout << setFolder(*set).toStdString() << "\n";
    return 0;
}

} // namespace ds::app

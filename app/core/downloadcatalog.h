// The data sets Deepscope downloads itself (File → Get data sets…, `deepscope data`): where each
// file comes from, its size and published checksum, and which files make the training and the
// test part once it is in the cache. The cache is one folder per set under the XDG data folder
// ($XDG_DATA_HOME/Deepscope/datasets), shared by the window and the command line.
//
// DEEPSCOPE_DATA_CATALOG names a JSON file that replaces the built-in list (a classroom's own
// mirror; the tests' local server): {"sets": [{"id", "title", "about", "format": "idx"|"cifar10",
// "classes": [...], "files": [{"name", "url", "bytes", "md5"|"sha256", "unpack"}], "train": [...],
// "test": [...]}]}.
#pragma once

#include "images.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ds::app {

struct DownloadFile {
    QString name; // as saved in the set's folder
    QString url;
    qint64 bytes = 0; // as published (shown before downloading; the server's length wins)
    QString md5, sha256; // hex, lower case; one of them
    bool unpack = false; // a tar archive, unpacked into the folder and then removed

    // The published checksum: "md5" and its hex where there is one, else "sha256".
    bool hasMd5() const { return !md5.isEmpty(); }
    const char *checksumKey() const { return hasMd5() ? "md5" : "sha256"; }
    const QString &checksum() const { return hasMd5() ? md5 : sha256; }
};

struct DownloadableSet {
    enum Format { Idx, Cifar10 };
    QString id; // "mnist", "fashion-mnist", "kmnist", "cifar10": the name in files and commands
    QString title; // "Fashion-MNIST"
    QString about; // one line: what the images are and how many
    QString source; // who publishes it (shown with the download)
    Format format = Idx;
    QStringList classNames; // empty: "0".."9"
    QList<DownloadFile> files;
    QStringList train, test; // IDX: images then labels; CIFAR-10: the batch files (names in the folder)
    int imageCount = 0; // train + test, for the lists

    qint64 bytes() const; // all files, as published
};

// The built-in list, or DEEPSCOPE_DATA_CATALOG's; `error` says why that file was not used (the
// built-in list is then returned).
QList<DownloadableSet> downloadableSets(QString *error = nullptr);
std::optional<DownloadableSet> downloadableSet(const QString &id);
// "mnist, fashion-mnist, kmnist, cifar10"
QString downloadableIds();

// $XDG_DATA_HOME/Deepscope/datasets (~/.local/share/Deepscope/datasets), and one set's folder in it.
QString dataSetsFolder();
QString setFolder(const DownloadableSet &set);
// The marker written when every file was verified (and unpacked); its absence means "not yet".
QString completeMarker(const DownloadableSet &set);
bool isDownloaded(const DownloadableSet &set);
// Deletes the set's folder (what was downloaded, and any part or set-aside file) and returns the
// bytes freed; -1 with `error` when something could not be removed.
qint64 removeDownloadedSet(const DownloadableSet &set, QString *error = nullptr);
// Writes the marker (atomically) once every file is verified; false with `error` when it cannot.
bool markComplete(const DownloadableSet &set, QString *error = nullptr);

// "162.1 MB"
QString megabytesText(qint64 bytes);

// The whole set as one image set, the test part last, and how many images that part holds.
// Throws ds::Error saying how to get the set when it is not downloaded.
data::ImageSet loadDownloadedSet(const DownloadableSet &set, int *testCount, const data::LoadProgress &progress = {});

} // namespace ds::app

// DataSetDownload: fetches one data set of downloadcatalog.h into its cache folder with Qt
// Network, file after file: resumes a file cut short (an HTTP Range request on its ".part"),
// checks each against its published MD5 or SHA-256 before it is used (a wrong one is set aside as
// ".bad", never used), unpacks an archive, and marks the set complete last, so that a set is
// either whole and verified or not there. Progress says bytes, speed and time left. Used by the
// Get data sets dialog and by `deepscope data get`; lives on the thread that made it.
#pragma once

#include "core/downloadcatalog.h"

#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

#include <utility>

class QNetworkAccessManager;
class QNetworkReply;

namespace ds::app {

struct DownloadProgress {
    qint64 done = 0, total = 0; // bytes of the whole set (total: as published, or as the server says)
    double bytesPerSecond = 0; // over the last few seconds; 0 until measured
    double secondsLeft = -1; // -1 while unknown
};

// "12.3 of 162.1 MB · 4.2 MB/s · about 31 s left"
QString progressText(const DownloadProgress &p);

class DataSetDownload : public QObject {
    Q_OBJECT

public:
    explicit DataSetDownload(DownloadableSet set, QObject *parent = nullptr);
    ~DataSetDownload() override;

    // Give up on a server that sends nothing for this long (30 s by default); what came is kept.
    void setStallTimeout(int ms) { m_stallMs = ms; }
    const DownloadableSet &set() const { return m_set; }
    bool running() const { return m_running; }

    void start();
    // Stops now; a file's received part stays for the next start() to resume.
    void cancel();

signals:
    void progress(const ds::app::DownloadProgress &progress);
    // "Checking train-images-idx3-ubyte.gz…", "Unpacking cifar-10-binary.tar.gz…"
    void stage(const QString &text);
    // Once per start(): whether the set is whole, and the message to show when it is not. A slot
    // that wants the download gone uses deleteLater(): the object is still at work when it emits.
    void finished(bool ok, const QString &message);

private:
    void nextFile();
    void fetch(const DownloadFile &file, qint64 have);
    void readFrom(QNetworkReply *reply);
    void onReplyFinished();
    // Runs `step` from the event loop `ms` from now (by default long enough for a stage shown
    // before it to be drawn), unless the run has ended or another has begun by then.
    void later(const std::function<void()> &step, int ms = 30);
    void keepFile(); // the current file is received: check it, unpack it, go on
    void fileDone(); // the current file is here (and unpacked): on to the next
    // Checks the file's hash, moves ".part" to its name (or to ".bad"); false when it failed.
    bool verifyAndKeep(const DownloadFile &file);
    bool unpack(const DownloadFile &file);
    void fail(const QString &message);
    void emitProgress(qint64 currentFileBytes, bool force = false);
    QString filePath(const QString &name) const;

    DownloadableSet m_set;
    QString m_folder;
    QNetworkAccessManager *m_net;
    QPointer<QNetworkReply> m_reply;
    QFile m_part;
    int m_index = 0;
    qint64 m_doneBefore = 0; // bytes of the files before this one
    qint64 m_offset = 0; // bytes of this file already on disk when its request went out
    qint64 m_fileTotal = 0; // this file's size as the server says (or as published)
    bool m_started = false; // this reply's status was read and the part file opened
    bool m_running = false;
    int m_run = 0; // start()s so far: a queued step of an earlier run is dropped
    int m_stallMs = 30000;
    QElapsedTimer m_clock;
    QList<std::pair<qint64, qint64>> m_samples; // (ms, bytes) over the last few seconds, for the speed
};

} // namespace ds::app

Q_DECLARE_METATYPE(ds::app::DownloadProgress)

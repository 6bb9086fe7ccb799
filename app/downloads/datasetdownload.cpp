#include "datasetdownload.h"

#include "core/errormessage.h"
#include "engineinfo.h"
#include "error.h"
#include "tararchive.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace ds::app {
namespace {

// Progress is sent at most this often (the last bytes of a file always).
constexpr qint64 kProgressMs = 100;
// The speed is measured over this much of the recent past.
constexpr qint64 kSpeedWindowMs = 3000;

QString timeText(double seconds)
{
    if (seconds < 60)
        return QString("%1 s").arg(std::max(1, int(std::lround(seconds))));
    const int s = int(std::lround(std::min(seconds, 99.0 * 3600)));
    if (s < 3600)
        return QString("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QString("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
}

QString amountText(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1);
}

// What the server is called in messages: its host name.
QString hostOf(const DownloadFile &file)
{
    return QUrl(file.url).host();
}

// "bytes START-END/TOTAL": START and TOTAL, or -1 each.
std::pair<qint64, qint64> contentRange(const QByteArray &header)
{
    const QByteArray h = header.trimmed();
    if (!h.startsWith("bytes "))
        return {-1, -1};
    const int dash = h.indexOf('-'), slash = h.indexOf('/');
    if (dash < 0 || slash < dash)
        return {-1, -1};
    bool okStart = false, okTotal = false;
    const qint64 start = h.mid(6, dash - 6).toLongLong(&okStart);
    const qint64 total = h.mid(slash + 1).toLongLong(&okTotal);
    return {okStart ? start : -1, okTotal ? total : -1};
}

} // namespace

QString progressText(const DownloadProgress &p)
{
    QString text = QString("%1 of %2 MB").arg(amountText(p.done), amountText(p.total));
    if (p.bytesPerSecond > 0)
        text += QString(" · %1 MB/s").arg(p.bytesPerSecond / 1e6, 0, 'f', p.bytesPerSecond < 1e7 ? 2 : 1);
    if (p.secondsLeft >= 0)
        text += " · about " + timeText(p.secondsLeft) + " left";
    return text;
}

DataSetDownload::DataSetDownload(DownloadableSet set, QObject *parent)
    : QObject(parent), m_set(std::move(set)), m_folder(setFolder(m_set)), m_net(new QNetworkAccessManager(this))
{
}

DataSetDownload::~DataSetDownload()
{
    m_running = false;
    if (m_reply)
        m_reply->abort();
}

QString DataSetDownload::filePath(const QString &name) const
{
    return m_folder + "/" + name;
}

void DataSetDownload::start()
{
    if (m_running)
        return;
    m_running = true;
    ++m_run; // a queued step of an earlier, cancelled run does nothing (later())
    m_index = 0;
    m_doneBefore = 0;
    m_samples.clear();
    m_clock.start();
    // Every outcome comes from the event loop, so the caller connects first and hears it.
    if (isDownloaded(m_set)) {
        later(
            [this] {
                m_running = false;
                emit finished(true, {});
            },
            0);
        return;
    }
    QFile::remove(completeMarker(m_set)); // stale: some of its files are gone
    if (!QDir().mkpath(m_folder)) {
        later([this] { fail("cannot make the folder " + m_folder); }, 0);
        return;
    }
    later([this] { nextFile(); }, 0);
}

void DataSetDownload::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_reply)
        m_reply->abort();
    m_part.close();
    emit finished(false, "Cancelled. What was received is kept: Get resumes from there.");
}

void DataSetDownload::nextFile()
{
    if (!m_running)
        return;
    while (m_index < m_set.files.size()) {
        const DownloadFile &f = m_set.files[m_index];
        const QString target = filePath(f.name);
        // A file under its own name was verified when it got that name; an archive is still
        // there when its unpacking failed (it is removed once unpacked).
        if (QFileInfo(target).isFile()) {
            m_doneBefore += QFileInfo(target).size();
            if (f.unpack) {
                emit stage("Unpacking " + f.name + "…");
                if (!unpack(f))
                    return;
            }
            ++m_index;
            continue;
        }
        fetch(f, QFileInfo(target + ".part").size());
        return;
    }
    // What the set is read from must be here (an archive may not hold what the catalog names).
    for (const QString &name : m_set.train + m_set.test)
        if (!QFileInfo(filePath(name)).isFile()) {
            fail(QString("%1 is not in what was downloaded: the catalog and the files disagree").arg(name));
            return;
        }
    QString error;
    if (!markComplete(m_set, &error)) {
        fail(error);
        return;
    }
    m_running = false;
    emit finished(true, {});
}

void DataSetDownload::fetch(const DownloadFile &file, qint64 have)
{
    m_offset = have;
    m_fileTotal = file.bytes;
    m_started = false;
    QNetworkRequest request {QUrl(file.url)};
    request.setTransferTimeout(m_stallMs);
    request.setHeader(QNetworkRequest::UserAgentHeader, QString::fromStdString("Deepscope/" + deepscopeVersion()));
    // The bytes as stored: no transparent gunzip of a .gz a server labels as gzip-encoded.
    request.setRawHeader("Accept-Encoding", "identity");
    if (have > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(have) + "-");
    emit stage(QString("%1 %2 (%3 of %4) from %5…")
                   .arg(have > 0 ? "Resuming" : "Downloading", file.name)
                   .arg(m_index + 1)
                   .arg(m_set.files.size())
                   .arg(hostOf(file)));
    if (m_samples.isEmpty()) // the speed counts from the first request, not from the first report
        m_samples.append({m_clock.elapsed(), m_doneBefore + have});
    m_reply = m_net->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, [this] { readFrom(m_reply); });
    connect(m_reply, &QNetworkReply::finished, this, &DataSetDownload::onReplyFinished);
    connect(m_reply, &QNetworkReply::downloadProgress, this,
        [this](qint64 received, qint64) { emitProgress(m_offset + received); });
}

void DataSetDownload::readFrom(QNetworkReply *reply)
{
    if (!reply || !m_running)
        return;
    if (!m_started) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const DownloadFile &f = m_set.files[m_index];
        m_part.setFileName(filePath(f.name) + ".part");
        bool opened = false;
        if (status == 206) {
            const auto [start, total] = contentRange(reply->rawHeader("Content-Range"));
            if (start != m_offset) {
                // Not where we asked: start the file again rather than splice wrong bytes.
                QFile::remove(m_part.fileName());
                fail(QString("%1 answered a resumed download of %2 from the wrong place; the part was dropped, "
                             "Get again starts it anew")
                         .arg(hostOf(f), f.name));
                return;
            }
            if (total > 0)
                m_fileTotal = total;
            opened = m_part.open(QIODevice::WriteOnly | QIODevice::Append);
        } else if (status == 200) {
            const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
            // The whole file instead of the rest: start again, but only when it is the file (its
            // published size); a proxy's or portal's page must not wipe what was received.
            if (m_offset > 0 && f.bytes > 0 && length != f.bytes) {
                fail(QString("%1 answered the resumed download of %2 with something else (%3 bytes, not %4). What "
                             "came before is kept: Get again resumes from there.")
                         .arg(hostOf(f), f.name)
                         .arg(length)
                         .arg(f.bytes));
                return;
            }
            m_offset = 0;
            if (length > 0)
                m_fileTotal = length;
            opened = m_part.open(QIODevice::WriteOnly | QIODevice::Truncate);
        } else {
            reply->readAll(); // an error page: not part of any file
            return;
        }
        if (!opened) {
            fail("cannot write " + m_part.fileName() + ": " + m_part.errorString());
            return;
        }
        m_started = true;
    }
    const QByteArray bytes = reply->readAll();
    if (m_part.write(bytes) != bytes.size())
        fail("cannot write " + m_part.fileName() + " (disk full?): " + m_part.errorString());
}

void DataSetDownload::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    if (!m_running)
        return;
    if (reply->isOpen())
        readFrom(reply); // anything not read yet
    if (!m_running)
        return;
    m_part.close();
    const DownloadFile &f = m_set.files[m_index];
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString part = filePath(f.name) + ".part";
    const qint64 partBytes = QFileInfo(part).size();
    const QString kept = partBytes > 0 ? " What came is kept: Get again resumes from there." : "";
    if (status == 416) {
        // Nothing after the part: it is whole (cut just before its name changed) when it is as long
        // as the server's file ("bytes */N"); else it is not this file's beginning.
        const qint64 total = contentRange(reply->rawHeader("Content-Range").replace("*", "0-0")).second;
        if (total <= 0 || partBytes != total) {
            QFile::remove(part);
            fail(QString("%1 has %2 in another length than the part received; the part was dropped: Get again "
                         "starts it anew.")
                     .arg(hostOf(f), f.name));
            return;
        }
    } else if (status >= 400) {
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        fail(status == 404 ? QString("%1 has no %2 (HTTP 404 %3): %4. The address may have moved; a newer Deepscope, "
                                     "or DEEPSCOPE_DATA_CATALOG with a mirror, knows where.")
                                 .arg(hostOf(f), f.name, reason, f.url)
                           : QString("%1 refused %2 (HTTP %3 %4).%5")
                                 .arg(hostOf(f), f.name)
                                 .arg(status)
                                 .arg(reason, kept));
        return;
    } else if (reply->error() != QNetworkReply::NoError) {
        switch (reply->error()) {
        case QNetworkReply::OperationCanceledError: // the transfer timeout (we abort only when not running)
        case QNetworkReply::TimeoutError:
            fail(QString("%1 sent nothing for %2 s while giving %3: gave up.%4")
                     .arg(hostOf(f))
                     .arg(m_stallMs / 1000.0)
                     .arg(f.name, kept));
            return;
        case QNetworkReply::HostNotFoundError:
        case QNetworkReply::ConnectionRefusedError:
        case QNetworkReply::NetworkSessionFailedError:
        case QNetworkReply::TemporaryNetworkFailureError:
        case QNetworkReply::UnknownNetworkError:
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyNotFoundError:
            fail(QString("Cannot reach %1 (%2): is this computer online?%3").arg(hostOf(f), reply->errorString(), kept));
            return;
        default:
            fail(QString("The download of %1 broke off after %2 of %3 MB (%4).%5")
                     .arg(f.name, amountText(partBytes), amountText(m_fileTotal), reply->errorString(), kept));
            return;
        }
    } else if (status != 200 && status != 206) {
        fail(QString("%1 gave an answer Deepscope does not take for %2 (HTTP %3).").arg(hostOf(f), f.name).arg(status));
        return;
    } else if (!m_started) {
        QFile empty(part); // a 200 with no body: an empty part, checked below
        if (!empty.open(QIODevice::WriteOnly | QIODevice::Append)) {
            fail("cannot write " + empty.fileName());
            return;
        }
    } else if (partBytes < m_fileTotal) {
        // The connection ended quietly before the whole file: resumable, not wrong.
        fail(QString("The download of %1 stopped after %2 of %3 MB. What came is kept: Get again resumes from there.")
                 .arg(f.name, amountText(partBytes), amountText(m_fileTotal)));
        return;
    }
    // Checking (and unpacking) take seconds for CIFAR-10's 170 MB: the stage is drawn first and
    // the work runs from the event loop a moment later.
    emit stage("Checking " + f.name + "…");
    later([this] { keepFile(); });
}

void DataSetDownload::later(const std::function<void()> &step, int ms)
{
    QTimer::singleShot(ms, this, [this, run = m_run, step] {
        if (run == m_run && m_running) // not after a Stop, nor into another run
            step();
    });
}

void DataSetDownload::keepFile()
{
    const DownloadFile &f = m_set.files[m_index];
    if (!verifyAndKeep(f))
        return;
    m_doneBefore += QFileInfo(filePath(f.name)).size();
    if (!f.unpack) {
        fileDone();
        return;
    }
    emit stage("Unpacking " + f.name + "…");
    later([this] {
        if (unpack(m_set.files[m_index]))
            fileDone();
    });
}

void DataSetDownload::fileDone()
{
    ++m_index;
    emitProgress(0, true); // each file's end is shown, however soon after the last report
    nextFile();
}

bool DataSetDownload::verifyAndKeep(const DownloadFile &file)
{
    const QString target = filePath(file.name), part = target + ".part";
    QFile in(part);
    QCryptographicHash hash(file.hasMd5() ? QCryptographicHash::Md5 : QCryptographicHash::Sha256);
    if (!in.open(QIODevice::ReadOnly) || !hash.addData(&in)) {
        fail("cannot read " + part + " back: " + in.errorString());
        return false;
    }
    in.close();
    const QString got = QString::fromLatin1(hash.result().toHex()), want = file.checksum();
    if (got != want) {
        QFile::remove(target + ".bad");
        if (!QFile::rename(part, target + ".bad"))
            QFile::remove(part); // never resumed onto
        fail(QString("%1 is not the published file: its %2 is %3, the published one %4. It was set aside as %1.bad and "
                     "is not used; Get again downloads it anew.")
                 .arg(file.name, file.hasMd5() ? "MD5" : "SHA-256", got, want));
        return false;
    }
    QFile::remove(target);
    if (!QFile::rename(part, target)) {
        fail("cannot rename " + part + " to " + target);
        return false;
    }
    return true;
}

bool DataSetDownload::unpack(const DownloadFile &file)
{
    try {
        data::extractTar(filePath(file.name).toStdString(), m_folder.toStdString());
    } catch (const std::exception &e) { // a slot must not throw: ds::Error, bad_alloc, filesystem errors
        fail(QString("Cannot unpack %1: %2").arg(file.name, QString::fromStdString(errorMessage(e))));
        return false;
    }
    QFile::remove(filePath(file.name)); // its files are out; the archive would double the space taken
    return true;
}

void DataSetDownload::fail(const QString &message)
{
    if (!m_running)
        return;
    m_running = false;
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->abort();
        reply->deleteLater();
    }
    m_part.close();
    emit finished(false, message);
}

void DataSetDownload::emitProgress(qint64 currentFileBytes, bool force)
{
    if (!m_running)
        return; // Qt may report progress after a reply was given up on
    const qint64 now = m_clock.elapsed();
    DownloadProgress p; // which file: the stage says
    p.done = m_doneBefore + currentFileBytes;
    p.total = m_doneBefore;
    for (int i = m_index; i < m_set.files.size(); ++i)
        p.total += i == m_index && currentFileBytes > 0 ? m_fileTotal : m_set.files[i].bytes;
    p.total = std::max(p.total, p.done);
    if (!m_samples.isEmpty() && now - m_samples.back().first < kProgressMs && !force)
        return;
    m_samples.append({now, p.done});
    while (m_samples.size() > 2 && now - m_samples.front().first > kSpeedWindowMs)
        m_samples.removeFirst();
    const qint64 span = now - m_samples.front().first;
    if (span >= 300 && p.done > m_samples.front().second) {
        p.bytesPerSecond = double(p.done - m_samples.front().second) * 1000.0 / double(span);
        p.secondsLeft = double(p.total - p.done) / p.bytesPerSecond;
    }
    emit progress(p);
}

} // namespace ds::app

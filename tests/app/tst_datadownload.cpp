// Data-set downloads against a local HTTP server (localhttpserver.h), never the internet: a set
// in MNIST's layout and one in CIFAR-10's (a gzipped tar) come down, are verified and load; a
// server that stops half-way is resumed with a Range request; a wrong checksum is set aside; a 404,
// a server that never answers and one that is not there each end with a message, not a hang. And
// `deepscope data list|get|path` the same way.
#include "../patience.h"
#include "localhttpserver.h"

#include "core/downloadcatalog.h"
#include "downloads/datasetdownload.h"
#include "error.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

using namespace ds::app;
using deepscope::test::patience;

namespace {

QByteArray gzip(const QByteArray &raw)
{
    z_stream z {};
    deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(raw.size()))) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(raw.data()));
    z.avail_in = uInt(raw.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(int(z.total_out));
    deflateEnd(&z);
    return out;
}

void bigEndian(QByteArray &b, quint32 v)
{
    for (int s = 24; s >= 0; s -= 8)
        b.append(char(v >> s & 0xff));
}

// IDX files of `count` 28×28 images (noise, so that gzip keeps them big) and their labels.
QByteArray idxImages(int count, int seed)
{
    QByteArray b;
    bigEndian(b, 0x803);
    bigEndian(b, quint32(count));
    bigEndian(b, 28);
    bigEndian(b, 28);
    quint32 x = quint32(seed) * 2654435761u + 1;
    for (int i = 0; i < count * 784; ++i) {
        x = x * 1664525u + 1013904223u;
        b.append(char(x >> 24));
    }
    return b;
}

QByteArray idxLabels(int count)
{
    QByteArray b;
    bigEndian(b, 0x801);
    bigEndian(b, quint32(count));
    for (int i = 0; i < count; ++i)
        b.append(char(i % 10));
    return b;
}

QString md5(const QByteArray &b)
{
    return QString::fromLatin1(QCryptographicHash::hash(b, QCryptographicHash::Md5).toHex());
}

QJsonObject fileEntry(const QString &name, const QString &url, const QByteArray &body, bool sha = false)
{
    QJsonObject o {{"name", name}, {"url", url}, {"bytes", double(body.size())}};
    if (sha)
        o["sha256"] = QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    else
        o["md5"] = md5(body);
    return o;
}

} // namespace

class TestDataDownload : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void downloadsVerifiesAndLoadsAnIdxSet();
    void unpacksACifarArchive();
    void resumesAfterTheServerStops();
    void setsAsideAWrongChecksum();
    void saysWhenTheServerHasNoFile();
    void givesUpOnASilentServer();
    void saysWhenTheServerIsNotThere();
    void commandLineListsGetsAndFinds();
    void aCatalogStaysInsideTheCache();
    void aCatalogsSizesAndChecksumsAreChecked();
    void anotherCatalogsSetIsNotThisOne();

private:
    // An IDX set "tiny" served at /tiny/..., with `trainCount` training images.
    void serveIdxSet(int trainCount);
    // Writes the catalog of the given sets and points DEEPSCOPE_DATA_CATALOG at it.
    void useCatalog(const QJsonArray &sets);
    DownloadableSet only(const QString &id);
    // Runs one download to its end: whether it succeeded, and its message.
    std::pair<bool, QString> run(DataSetDownload &download, QList<DownloadProgress> *seen = nullptr);

    QTemporaryDir m_home;
    std::unique_ptr<LocalHttpServer> m_server;
    QHash<QString, QByteArray> m_files; // name → what was served
};

void TestDataDownload::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", m_home.filePath("data").toLocal8Bit());
    qRegisterMetaType<ds::app::DownloadProgress>();
}

void TestDataDownload::init()
{
    QDir(m_home.filePath("data")).removeRecursively();
    m_server = std::make_unique<LocalHttpServer>();
    QVERIFY(m_server->listen());
    m_files.clear();
}

void TestDataDownload::serveIdxSet(int trainCount)
{
    m_files["train-images-idx3-ubyte.gz"] = gzip(idxImages(trainCount, 1));
    m_files["train-labels-idx1-ubyte.gz"] = gzip(idxLabels(trainCount));
    m_files["t10k-images-idx3-ubyte.gz"] = gzip(idxImages(10, 2));
    m_files["t10k-labels-idx1-ubyte.gz"] = gzip(idxLabels(10));
    QJsonArray files;
    for (const QString name : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
             "t10k-labels-idx1-ubyte.gz"}) {
        m_server->routes["/tiny/" + name].body = m_files[name];
        files.append(fileEntry(name, m_server->url("/tiny/" + name), m_files[name]));
    }
    useCatalog({QJsonObject {{"id", "tiny"}, {"title", "Tiny"}, {"format", "idx"}, {"files", files},
        {"classes", QJsonArray {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}},
        {"train", QJsonArray {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"}},
        {"test", QJsonArray {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}}}});
}

void TestDataDownload::useCatalog(const QJsonArray &sets)
{
    QFile f(m_home.filePath("catalog.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(QJsonObject {{"sets", sets}}).toJson());
    f.close();
    qputenv("DEEPSCOPE_DATA_CATALOG", f.fileName().toLocal8Bit());
}

DownloadableSet TestDataDownload::only(const QString &id)
{
    QString error;
    const QList<DownloadableSet> sets = downloadableSets(&error);
    if (!error.isEmpty())
        qWarning() << error;
    return downloadableSet(id).value_or(DownloadableSet {});
}

std::pair<bool, QString> TestDataDownload::run(DataSetDownload &download, QList<DownloadProgress> *seen)
{
    QSignalSpy done(&download, &DataSetDownload::finished);
    if (seen)
        connect(&download, &DataSetDownload::progress, this, [seen](const DownloadProgress &p) { seen->append(p); });
    download.start();
    if (!done.wait(patience(60000)))
        return {false, "no end within a minute"};
    return {done.at(0).at(0).toBool(), done.at(0).at(1).toString()};
}

void TestDataDownload::downloadsVerifiesAndLoadsAnIdxSet()
{
    serveIdxSet(2000); // about 1.6 MB: most of a second at 2 MB/s, long enough to measure a speed
    m_server->routes["/tiny/train-images-idx3-ubyte.gz"].chunk = 4096;
    const DownloadableSet set = only("tiny");
    QCOMPARE(set.files.size(), 4);
    QVERIFY(!isDownloaded(set));
    DataSetDownload download(set);
    QList<DownloadProgress> seen;
    const auto [ok, message] = run(download, &seen);
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(isDownloaded(set));
    QVERIFY(setFolder(set).startsWith(m_home.filePath("data") + "/Deepscope/datasets/"));
    for (const QString &name : m_files.keys()) {
        QFile f(setFolder(set) + "/" + name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), m_files[name]);
    }

    // Progress: never backwards, ends at the whole set, with a speed and a time left on the way.
    qint64 whole = 0;
    for (const QByteArray &b : m_files)
        whole += b.size();
    QVERIFY(seen.size() > 3);
    for (int i = 1; i < seen.size(); ++i)
        QVERIFY(seen[i].done >= seen[i - 1].done);
    QCOMPARE(seen.back().done, whole);
    QCOMPARE(seen.back().total, whole);
    const auto measured = std::find_if(seen.begin(), seen.end(), [](const DownloadProgress &p) {
        return p.bytesPerSecond > 0 && p.secondsLeft >= 0;
    });
    QVERIFY(measured != seen.end());
    QVERIFY2(progressText(*measured).contains("MB/s") && progressText(*measured).contains("left"),
        qPrintable(progressText(*measured)));

    // It loads as one set, the authors' test part last, with the catalog's class names.
    int testCount = 0;
    const ds::data::ImageSet images = loadDownloadedSet(set, &testCount);
    QCOMPARE(images.count(), 2010);
    QCOMPARE(testCount, 10);
    QCOMPARE(images.classNames.front(), std::string("a"));
    QCOMPARE(images.name, std::string("Tiny"));

    // A second start finds it whole and fetches nothing.
    const int requests = int(m_server->log.size());
    DataSetDownload again(set);
    QVERIFY(run(again).first);
    QCOMPARE(int(m_server->log.size()), requests);
}

void TestDataDownload::unpacksACifarArchive()
{
    // CIFAR-10's layout: cifar-10-batches-bin/ with five training batches and a test batch.
    QTemporaryDir src;
    QDir().mkpath(src.filePath("cifar-10-batches-bin"));
    auto batch = [](int records, int label) {
        QByteArray b;
        for (int r = 0; r < records; ++r) {
            b.append(char((label + r) % 10));
            b.append(QByteArray(3072, char(r)));
        }
        return b;
    };
    for (int i = 1; i <= 5; ++i) {
        QFile f(src.filePath(QString("cifar-10-batches-bin/data_batch_%1.bin").arg(i)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(batch(20, i));
    }
    QFile test(src.filePath("cifar-10-batches-bin/test_batch.bin"));
    QVERIFY(test.open(QIODevice::WriteOnly));
    test.write(batch(7, 0));
    test.close();
    QProcess tar;
    tar.setWorkingDirectory(src.path());
    tar.start("tar", {"-czf", src.filePath("cifar.tar.gz"), "cifar-10-batches-bin"});
    QVERIFY(tar.waitForFinished(patience(60000)) && tar.exitCode() == 0);
    QFile archive(src.filePath("cifar.tar.gz"));
    QVERIFY(archive.open(QIODevice::ReadOnly));
    const QByteArray bytes = archive.readAll();
    m_server->routes["/cifar/cifar-10-binary.tar.gz"].body = bytes;
    QJsonObject file = fileEntry("cifar-10-binary.tar.gz", m_server->url("/cifar/cifar-10-binary.tar.gz"), bytes, true);
    file["unpack"] = true;
    QJsonArray train;
    for (int i = 1; i <= 5; ++i)
        train.append(QString("cifar-10-batches-bin/data_batch_%1.bin").arg(i));
    useCatalog({QJsonObject {{"id", "cifar"}, {"title", "Little CIFAR"}, {"format", "cifar10"},
        {"files", QJsonArray {file}}, {"train", train}, {"test", QJsonArray {"cifar-10-batches-bin/test_batch.bin"}}}});

    const DownloadableSet set = only("cifar");
    DataSetDownload download(set);
    QStringList stages;
    connect(&download, &DataSetDownload::stage, this, [&](const QString &s) { stages << s; });
    const auto [ok, message] = run(download);
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(stages.join("\n").contains("Unpacking cifar-10-binary.tar.gz"));
    QVERIFY(!QFileInfo::exists(setFolder(set) + "/cifar-10-binary.tar.gz")); // removed once unpacked
    QVERIFY(isDownloaded(set));
    int testCount = 0;
    const ds::data::ImageSet images = loadDownloadedSet(set, &testCount);
    QCOMPARE(images.count(), 107);
    QCOMPARE(testCount, 7);
    QCOMPARE(images.channels, 3);
    QCOMPARE(images.classNames.front(), std::string("airplane"));
}

void TestDataDownload::resumesAfterTheServerStops()
{
    serveIdxSet(1500);
    const QString path = "/tiny/train-images-idx3-ubyte.gz";
    const qint64 size = m_files["train-images-idx3-ubyte.gz"].size();
    m_server->routes[path].cutAfter = size / 2;
    const DownloadableSet set = only("tiny");
    const QString part = setFolder(set) + "/train-images-idx3-ubyte.gz.part";

    DataSetDownload first(set);
    const auto [ok, message] = run(first);
    QVERIFY(!ok);
    QVERIFY2(message.contains("broke off") && message.contains("resumes"), qPrintable(message));
    const qint64 kept = QFileInfo(part).size();
    QVERIFY2(kept > 0 && kept <= size / 2, qPrintable(QString::number(kept)));
    QVERIFY(!isDownloaded(set));

    DataSetDownload second(set);
    const auto [ok2, message2] = run(second);
    QVERIFY2(ok2, qPrintable(message2));
    QVERIFY2(m_server->log.contains(QString("GET %1 Range: bytes=%2-").arg(path).arg(kept)),
        qPrintable(m_server->log.join("\n")));
    QFile f(setFolder(set) + "/train-images-idx3-ubyte.gz");
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), m_files["train-images-idx3-ubyte.gz"]);
    QVERIFY(!QFileInfo::exists(part));
    QVERIFY(isDownloaded(set));
}

void TestDataDownload::setsAsideAWrongChecksum()
{
    serveIdxSet(20);
    m_server->routes["/tiny/train-labels-idx1-ubyte.gz"].body = gzip("not the labels"); // what the server sends now
    const DownloadableSet set = only("tiny");
    DataSetDownload download(set);
    const auto [ok, message] = run(download);
    QVERIFY(!ok);
    QVERIFY2(message.contains("not the published file") && message.contains("MD5")
            && message.contains("train-labels-idx1-ubyte.gz.bad"),
        qPrintable(message));
    QVERIFY(QFileInfo::exists(setFolder(set) + "/train-labels-idx1-ubyte.gz.bad"));
    QVERIFY(!QFileInfo::exists(setFolder(set) + "/train-labels-idx1-ubyte.gz"));
    QVERIFY(!isDownloaded(set));
    const QString why = [&] {
        try {
            loadDownloadedSet(set, nullptr);
        } catch (const ds::Error &e) {
            return QString(e.what());
        }
        return QString();
    }();
    QVERIFY2(why.contains("not downloaded yet") && why.contains("Get data sets"), qPrintable(why));
}

void TestDataDownload::saysWhenTheServerHasNoFile()
{
    serveIdxSet(20);
    m_server->routes.remove("/tiny/t10k-images-idx3-ubyte.gz");
    DataSetDownload download(only("tiny"));
    const auto [ok, message] = run(download);
    QVERIFY(!ok);
    QVERIFY2(message.contains("404") && message.contains("t10k-images-idx3-ubyte.gz"), qPrintable(message));
}

void TestDataDownload::givesUpOnASilentServer()
{
    serveIdxSet(20);
    m_server->routes["/tiny/train-images-idx3-ubyte.gz"].silent = true;
    DataSetDownload download(only("tiny"));
    download.setStallTimeout(500);
    const auto [ok, message] = run(download);
    QVERIFY(!ok);
    QVERIFY2(message.contains("sent nothing for 0.5 s"), qPrintable(message));
}

void TestDataDownload::saysWhenTheServerIsNotThere()
{
    serveIdxSet(20);
    m_server->close(); // its port now refuses connections
    DataSetDownload download(only("tiny"));
    const auto [ok, message] = run(download);
    QVERIFY(!ok);
    QVERIFY2(message.contains("Cannot reach 127.0.0.1") && message.contains("online"), qPrintable(message));
}

void TestDataDownload::commandLineListsGetsAndFinds()
{
    serveIdxSet(100);
    auto deepscope = [](const QStringList &args, QString *out = nullptr, QString *err = nullptr) {
        QProcess p;
        // The server answers on this thread's event loop while the program runs.
        QEventLoop loop;
        connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
        connect(&p, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
        QTimer::singleShot(patience(60000), &loop, &QEventLoop::quit);
        p.start(DEEPSCOPE_BINARY, args);
        loop.exec();
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput());
        if (err)
            *err = QString::fromUtf8(p.readAllStandardError());
        return p.exitCode();
    };
    QString out, err;
    QCOMPARE(deepscope({"data", "list"}, &out), 0);
    QVERIFY2(out.contains("tiny") && out.contains("not downloaded"), qPrintable(out));
    QCOMPARE(deepscope({"data", "path", "tiny"}, &out, &err), 1);
    QVERIFY2(err.contains("deepscope data get tiny"), qPrintable(err));
    QCOMPARE(deepscope({"data", "get", "nothing"}, &out, &err), 2);
    QVERIFY2(err.contains("known: tiny"), qPrintable(err));
    QCOMPARE(deepscope({"data", "get", "tiny"}, &out, &err), 0);
    QVERIFY2(out.contains("downloaded and verified"), qPrintable(out + err));
    QVERIFY2(err.contains("of 0.") && err.contains("MB"), qPrintable(err)); // progress lines
    QCOMPARE(deepscope({"data", "path", "tiny"}, &out), 0);
    QCOMPARE(out.trimmed(), setFolder(only("tiny")));
    QCOMPARE(deepscope({"data", "list"}, &out), 0);
    QVERIFY2(out.contains("downloaded: " + setFolder(only("tiny"))), qPrintable(out));
    // remove: the set's folder goes, with what it held; a second time there is nothing to do.
    QCOMPARE(deepscope({"data", "remove", "tiny"}, &out), 0);
    QVERIFY2(out.contains("Tiny removed: 0.") && out.contains("MB freed"), qPrintable(out));
    QVERIFY(!QFileInfo::exists(setFolder(only("tiny"))));
    QVERIFY(!isDownloaded(only("tiny")));
    QCOMPARE(deepscope({"data", "remove", "tiny"}, &out), 0);
    QVERIFY2(out.contains("nothing to remove"), qPrintable(out));
}

// A catalog (a mirror's, handed round a classroom) cannot name folders or files outside the
// cache, nor anything but http(s): it is refused with why, and the built-in list is used.
void TestDataDownload::aCatalogStaysInsideTheCache()
{
    for (const auto &[id, name, train, url] : std::initializer_list<std::tuple<QString, QString, QString, QString>> {
             {"../up", "a", "a", "http://x/a"}, {"ok", "../a", "a", "http://x/a"}, {"ok", "a", "../../a", "http://x/a"},
             {"ok", "a", "a", "file:///etc/passwd"}}) {
        useCatalog({QJsonObject {{"id", id}, {"format", "cifar10"},
            {"files", QJsonArray {QJsonObject {{"name", name}, {"url", url}, {"md5", "0"}}}},
            {"train", QJsonArray {train}}, {"test", QJsonArray {"t"}}}});
        QString error;
        const QList<DownloadableSet> sets = downloadableSets(&error);
        QVERIFY2(error.contains("were not used") || error.contains("was not used"), qPrintable(error));
        QVERIFY(error.contains("letters, digits"));
        QCOMPARE(sets.front().id, QString("mnist")); // the built-in list
    }
}

// Sizes that are no whole number of bytes (1e300 once overflowed a 64-bit cast), negative or in
// text, and checksums that are not hex of their length, are refused by file, and the built-in
// list is used instead.
void TestDataDownload::aCatalogsSizesAndChecksumsAreChecked()
{
    const QString md5(32, 'a');
    const std::pair<QJsonValue, QString> files[] = {{1e300, md5}, {-1, md5}, {1.5, md5}, {"12", md5}, {12, "xyz"},
        {12, QString(31, 'a')}, {12, QString(32, 'g')}};
    for (const auto &[bytes, checksum] : files) {
        useCatalog({QJsonObject {{"id", "ok"}, {"format", "cifar10"},
            {"files", QJsonArray {QJsonObject {{"name", "a.bin"}, {"url", "http://x/a"}, {"bytes", bytes}, {"md5", checksum}}}},
            {"train", QJsonArray {"a.bin"}}, {"test", QJsonArray {"a.bin"}}}});
        QString error;
        const QList<DownloadableSet> sets = downloadableSets(&error);
        QVERIFY2(error.contains("file 'a.bin'") && (error.contains("bytes") || error.contains("hexadecimal")),
            qPrintable(error));
        QCOMPARE(sets.front().id, QString("mnist"));
    }
    // Many files of the largest size: their sum is refused before it could overflow.
    QJsonArray many;
    for (int i = 0; i < 20; ++i)
        many.append(QJsonObject {{"name", QString("f%1").arg(i)}, {"url", "http://x/f"}, {"bytes", 1e15}, {"md5", md5}});
    useCatalog({QJsonObject {{"id", "big"}, {"format", "cifar10"}, {"files", many}, {"train", QJsonArray {"f0"}},
        {"test", QJsonArray {"f1"}}}});
    QString error;
    downloadableSets(&error);
    QVERIFY2(error.contains("add up"), qPrintable(error));
    // A good one is taken.
    useCatalog({QJsonObject {{"id", "ok"}, {"format", "cifar10"},
        {"files", QJsonArray {QJsonObject {{"name", "a.bin"}, {"url", "http://x/a"}, {"bytes", 12}, {"md5", md5}}}},
        {"train", QJsonArray {"a.bin"}}, {"test", QJsonArray {"a.bin"}}}});
    const QList<DownloadableSet> sets = downloadableSets(&error);
    QCOMPARE(sets.size(), qsizetype(1));
    QCOMPARE(sets.front().bytes(), qint64(12));
}

// A set downloaded under one catalog is not taken for another catalog's set of the same name
// (other files or checksums): the marker says what it was written for.
void TestDataDownload::anotherCatalogsSetIsNotThisOne()
{
    serveIdxSet(20);
    DataSetDownload download(only("tiny"));
    QVERIFY(run(download).first);
    QVERIFY(isDownloaded(only("tiny")));
    m_server->routes["/tiny/t10k-labels-idx1-ubyte.gz"].body = gzip(idxLabels(10) + "x");
    QFile f(m_home.filePath("catalog.json"));
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray text = f.readAll();
    text.replace(md5(m_files["t10k-labels-idx1-ubyte.gz"]).toLatin1(),
        md5(m_server->routes["/tiny/t10k-labels-idx1-ubyte.gz"].body).toLatin1());
    f.seek(0);
    f.resize(0);
    f.write(text);
    f.close();
    QVERIFY(!isDownloaded(only("tiny")));
}

QTEST_GUILESS_MAIN(TestDataDownload)
#include "tst_datadownload.moc"

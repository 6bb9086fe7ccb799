// The tar reader on archives GNU tar writes (gzipped, long names, folders, a link) and on hostile
// or damaged ones: a name climbing out with "..", an absolute name, a cut archive, not a tar.
#include "error.h"
#include "errorof.h"
#include "tararchive.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace ds::data;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// One ustar member written by hand, for names GNU tar would not write.
QByteArray member(const std::string &name, const QByteArray &body)
{
    QByteArray h(512, '\0');
    std::memcpy(h.data(), name.data(), std::min<std::size_t>(name.size(), 100));
    std::memcpy(h.data() + 100, "0000644", 7);
    char number[32];
    std::snprintf(number, sizeof number, "%011llo", (unsigned long long)body.size());
    std::memcpy(h.data() + 124, number, 11);
    h[156] = '0';
    std::memcpy(h.data() + 257, "ustar\0" "00", 8);
    std::memset(h.data() + 148, ' ', 8);
    long sum = 0;
    for (char c : h)
        sum += static_cast<unsigned char>(c);
    std::snprintf(number, sizeof number, "%06lo", sum);
    std::memcpy(h.data() + 148, number, 7); // six digits and a NUL, then the space already there
    QByteArray padded = body;
    padded.append(QByteArray((512 - body.size() % 512) % 512, '\0'));
    return h + padded;
}

} // namespace

class TestTarArchive : public QObject {
    Q_OBJECT

private slots:
    void unpacksWhatGnuTarWrites();
    void refusesNamesThatLeaveTheFolder();
    void saysWhenCutShortOrNotATar();
};

void TestTarArchive::unpacksWhatGnuTarWrites()
{
    QTemporaryDir dir;
    const QString src = dir.filePath("src");
    const QString longName = "batches/" + QString(120, 'x') + ".bin"; // past ustar's 100 characters
    QByteArray big(300000, '\0');
    for (int i = 0; i < big.size(); ++i)
        big[i] = char(i * 7 % 251);
    QVERIFY(writeFile(src + "/batches/data_batch_1.bin", big));
    QVERIFY(writeFile(src + "/batches/readme.txt", "hello\n"));
    QVERIFY(writeFile(src + "/" + longName, "long"));
    QVERIFY(QFile::link("readme.txt", src + "/batches/link.txt"));
    QProcess tar;
    tar.setWorkingDirectory(src);
    tar.start("tar", {"-czf", dir.filePath("a.tar.gz"), "batches"});
    QVERIFY(tar.waitForFinished(60000));
    QCOMPARE(tar.exitCode(), 0);

    std::vector<double> seen;
    const auto names = extractTar(dir.filePath("a.tar.gz").toStdString(), dir.filePath("out").toStdString(),
        [&](double f) { seen.push_back(f); return true; });
    QCOMPARE(names.size(), std::size_t(3)); // the link is skipped
    QCOMPARE(readFile(dir.filePath("out/batches/data_batch_1.bin")), big);
    QCOMPARE(readFile(dir.filePath("out/batches/readme.txt")), QByteArray("hello\n"));
    QCOMPARE(readFile(dir.filePath("out/" + longName)), QByteArray("long"));
    QVERIFY(!QFileInfo::exists(dir.filePath("out/batches/link.txt")));
    QVERIFY(!seen.empty());
    QCOMPARE(seen.back(), 1.0);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
}

void TestTarArchive::refusesNamesThatLeaveTheFolder()
{
    QTemporaryDir dir;
    for (const std::string name : {"../evil.bin", "a/../../evil.bin", "/tmp/evil.bin"}) {
        const QByteArray tarBytes = member(name, "bad") + QByteArray(1024, '\0');
        QVERIFY(writeFile(dir.filePath("evil.tar"), tarBytes));
        const QString why = errorOf([&] {
            extractTar(dir.filePath("evil.tar").toStdString(), dir.filePath("out/inner").toStdString());
        });
        QVERIFY2(why.contains("outside its folder") || why.contains("absolute"), qPrintable(why));
    }
    QVERIFY(!QFileInfo::exists(dir.filePath("out/evil.bin")));
    QVERIFY(!QFileInfo::exists(dir.filePath("evil.bin")));
}

void TestTarArchive::saysWhenCutShortOrNotATar()
{
    QTemporaryDir dir;
    const QByteArray whole = member("data.bin", QByteArray(2000, 'a')) + QByteArray(1024, '\0');
    QVERIFY(writeFile(dir.filePath("cut.tar"), whole.left(1200)));
    QString why = errorOf([&] { extractTar(dir.filePath("cut.tar").toStdString(), dir.filePath("o").toStdString()); });
    QVERIFY2(why.contains("cut short"), qPrintable(why));
    QVERIFY(writeFile(dir.filePath("nothing.tar"), QByteArray(700, 'z')));
    why = errorOf([&] { extractTar(dir.filePath("nothing.tar").toStdString(), dir.filePath("o").toStdString()); });
    QVERIFY2(why.contains("not a tar archive"), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestTarArchive)
#include "tst_tararchive.moc"

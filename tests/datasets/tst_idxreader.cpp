// IDX files (MNIST, Fashion-MNIST): round trips through files the test writes, gzipped and plain,
// and one error per kind of damage, each naming the file and what is wrong.
#include "error.h"
#include "errorof.h"
#include "images.h"

#include <QtTest>

#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

using namespace ds::data;

namespace {

std::string be32(std::uint32_t v)
{
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string idxImages(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, const std::string &pixels)
{
    return std::string("\0\0\x08\x03", 4) + be32(count) + be32(rows) + be32(cols) + pixels;
}

std::string idxLabels(std::uint32_t count, const std::string &labels)
{
    return std::string("\0\0\x08\x01", 4) + be32(count) + labels;
}

// A gzip file (header, deflate data, trailer), as gzip(1) would write it.
std::string gzipped(const std::string &data)
{
    z_stream zs {};
    deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, uLong(data.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? out : std::string();
}

bool writeFile(const QString &path, const std::string &content)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << content;
    return bool(out);
}

// Three 2x3 images: pixel p of image i is 10 * i + p (and one 255), labels 2, 0, 9.
const std::string kPixels
    = std::string("\x00\x01\x02\x03\x04\x05", 6) + "\x0a\x0b\x0c\x0d\x0e\x0f" + "\x14\x15\x16\x17\x18\xff";
const std::string kLabels = std::string("\x02\x00\x09", 3);

} // namespace

class TestIdxReader : public QObject {
    Q_OBJECT

private slots:
    void init();
    void roundTripPlainAndGzipped_data();
    void roundTripPlainAndGzipped();
    void fashionMnistNames();
    void defaultNamesCoverLargerLabels();
    void decodesFromMemory();
    void reportsProgressAndCancels();
    void truncatedImages();
    void absurdHeaders();
    void trailingBytes();
    void badMagic();
    void gzipOfSomethingElse();
    void wrongValueType();
    void swappedFiles();
    void labelCountDiffers();
    void labelOutOfRange();
    void damagedGzip();
    void emptyMissingAndFolder();
    void gzipBombStopsAtItsHeader();
    void plainFileCheckedBeforeItIsRead();

private:
    QString load(const std::string &images, const std::string &labels, std::vector<std::string> names = {});
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_images, m_labels;
};

void TestIdxReader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_images = m_dir->filePath("train-images-idx3-ubyte.gz");
    m_labels = m_dir->filePath("train-labels-idx1-ubyte.gz");
}

// Writes the two files and returns the load's error message ("" when it loads).
QString TestIdxReader::load(const std::string &images, const std::string &labels, std::vector<std::string> names)
{
    if (!writeFile(m_images, images) || !writeFile(m_labels, labels))
        return "could not write the test files";
    return errorOf([&] { loadIdx(m_images.toStdString(), m_labels.toStdString(), {}, names); });
}

void TestIdxReader::roundTripPlainAndGzipped_data()
{
    QTest::addColumn<bool>("gzipImages");
    QTest::addColumn<bool>("gzipLabels");
    QTest::newRow("plain") << false << false;
    QTest::newRow("gzip") << true << true;
    QTest::newRow("mixed") << true << false;
}

void TestIdxReader::roundTripPlainAndGzipped()
{
    QFETCH(bool, gzipImages);
    QFETCH(bool, gzipLabels);
    const std::string images = idxImages(3, 2, 3, kPixels);
    const std::string labels = idxLabels(3, kLabels);
    // The extension says nothing: the first bytes do.
    QVERIFY(writeFile(m_images, gzipImages ? gzipped(images) : images));
    QVERIFY(writeFile(m_labels, gzipLabels ? gzipped(labels) : labels));
    const ImageSet set = loadIdx(m_images.toStdString(), m_labels.toStdString());

    QCOMPARE(set.name, std::string("train-images-idx3-ubyte.gz"));
    QCOMPARE(set.count(), 3);
    QCOMPARE(set.channels, 1);
    QCOMPARE(set.height, 2);
    QCOMPARE(set.width, 3);
    QCOMPARE(set.imageSize(), std::size_t(6));
    QCOMPARE(set.pixels.size(), std::size_t(18));
    QCOMPARE(set.labels, std::vector<int>({2, 0, 9}));
    QCOMPARE(set.classNames, digitClassNames());
    for (std::size_t i = 0; i < kPixels.size(); ++i) {
        QCOMPARE(set.pixels[i], std::uint8_t(kPixels[i])); // held as stored
        QCOMPARE(set.values()[set.pixels[i]], float(std::uint8_t(kPixels[i])) / 255.0f);
    }
    QCOMPARE(set.image(2)[5], 1.0f);
    QCOMPARE(set.image(1)[0], 10.0f / 255.0f);
}

void TestIdxReader::fashionMnistNames()
{
    QVERIFY(
        load(gzipped(idxImages(3, 2, 3, kPixels)), gzipped(idxLabels(3, kLabels)), fashionMnistClassNames()).isEmpty());
    const ImageSet set = loadIdx(m_images.toStdString(), m_labels.toStdString(), {}, fashionMnistClassNames());
    QCOMPARE(set.classNames.size(), std::size_t(10));
    QCOMPARE(set.classNames[0], std::string("T-shirt/top"));
    QCOMPARE(set.classNames[9], std::string("Ankle boot"));
    QCOMPARE(set.classNames[set.labels[0]], std::string("Pullover"));
}

void TestIdxReader::defaultNamesCoverLargerLabels()
{
    // With no names given, every label gets one ("0".."25" for EMNIST letters, say).
    const std::string labels = std::string("\x01\x19\x00", 3);
    QCOMPARE(load(idxImages(3, 2, 3, kPixels), idxLabels(3, labels)), QString());
    const ImageSet set = loadIdx(m_images.toStdString(), m_labels.toStdString());
    QCOMPARE(set.classNames.size(), std::size_t(26));
    QCOMPARE(set.classNames[25], std::string("25"));
}

void TestIdxReader::decodesFromMemory()
{
    const std::string images = gzipped(idxImages(3, 2, 3, kPixels));
    const std::string labels = idxLabels(3, kLabels);
    auto bytes = [](const std::string &s) {
        return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(s.data()), s.size());
    };
    const ImageSet set = decodeIdx(bytes(images), "a.gz", bytes(labels), "b", cifar10ClassNames());
    QCOMPARE(set.count(), 3);
    QCOMPARE(set.classNames[set.labels[2]], std::string("truck"));
    const QString msg = errorOf([&] { decodeIdx(bytes(labels), "labels.idx", bytes(labels), "b"); });
    QVERIFY2(msg.startsWith("labels.idx: ") && msg.contains("labels file?"), qPrintable(msg));
}

void TestIdxReader::reportsProgressAndCancels()
{
    // Big enough for several reports.
    const int count = 2000;
    const std::string images = idxImages(count, 28, 28, std::string(std::size_t(count) * 784, '\x7f'));
    const std::string labels = idxLabels(count, std::string(count, '\x03'));
    QVERIFY(writeFile(m_images, gzipped(images)));
    QVERIFY(writeFile(m_labels, labels));

    std::vector<double> seen;
    const ImageSet set = loadIdx(m_images.toStdString(), m_labels.toStdString(), [&](double f) {
        seen.push_back(f);
        return true;
    });
    QCOMPARE(set.count(), count);
    // Reading and inflating report (the bytes are kept as they are: nothing to convert after).
    QVERIFY2(seen.size() >= 4 && seen.size() <= 400, qPrintable(QString::number(seen.size())));
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QCOMPARE(seen.front(), 0.0);
    QCOMPARE(seen.back(), 1.0);

    int calls = 0;
    const QString msg = errorOf([&] {
        loadIdx(m_images.toStdString(), m_labels.toStdString(), [&](double f) { return ++calls < 3 && f < 1.0; });
    });
    QCOMPARE(msg, QString(kCancelledMessage));
    QCOMPARE(calls, 3);
}

void TestIdxReader::truncatedImages()
{
    // The header promises 100 images of 28x28; the data holds 1234 bytes.
    const std::string images = idxImages(100, 28, 28, std::string(1234, '\0'));
    const std::string labels = idxLabels(100, std::string(100, '\0'));
    for (bool gz : {false, true}) {
        const QString msg = load(gz ? gzipped(images) : images, labels);
        QVERIFY2(msg.startsWith(m_images + ": truncated: header says 100 images of 28x28, "), qPrintable(msg));
        QVERIFY2(msg.contains("1234 of the 78400 bytes"), qPrintable(msg));
    }
    // A file cut inside its header.
    const QString msg = load(idxImages(3, 2, 3, "").substr(0, 9), idxLabels(3, kLabels));
    QVERIFY2(msg.startsWith(m_images + ": truncated: the file ends inside its IDX header"), qPrintable(msg));
    // Labels cut short.
    const QString labelsMsg = load(idxImages(3, 2, 3, kPixels), idxLabels(3, "\x01"));
    QVERIFY2(labelsMsg.startsWith(m_labels + ": truncated: header says 3 labels"), qPrintable(labelsMsg));
}

void TestIdxReader::absurdHeaders()
{
    // 2^31 and 2^32 - 1 images: an error from the length check, before any allocation.
    for (std::uint32_t count : {0x80000000u, 0xffffffffu}) {
        const QString msg = load(idxImages(count, 28, 28, kPixels), idxLabels(3, kLabels));
        QVERIFY2(msg.startsWith(m_images + ": truncated: header says " + QString::number(count) + " images of 28x28"),
            qPrintable(msg));
    }
    QString msg = load(idxImages(3, 0, 3, kPixels), idxLabels(3, kLabels));
    QVERIFY2(msg.startsWith(m_images + ": header says 3 images of 0x3; images must be 1 to 4096"), qPrintable(msg));
    msg = load(idxImages(3, 100000, 100000, kPixels), idxLabels(3, kLabels));
    QVERIFY2(msg.contains("100000x100000") && msg.contains("damaged"), qPrintable(msg));
    msg = load(idxImages(0, 2, 3, ""), idxLabels(0, ""));
    QVERIFY2(msg.startsWith(m_images + ": ") && msg.contains("no images"), qPrintable(msg));
    msg = load(idxImages(3, 2, 3, kPixels), idxLabels(0xffffffffu, kLabels));
    QVERIFY2(msg.startsWith(m_labels + ": truncated: header says 4294967295 labels"), qPrintable(msg));
}

void TestIdxReader::trailingBytes()
{
    const QString msg = load(idxImages(3, 2, 3, kPixels + "xyz"), idxLabels(3, kLabels));
    QVERIFY2(msg.startsWith(m_images + ": header says 3 images of 2x3 (18 bytes), but the file holds 3 bytes more"),
        qPrintable(msg));
}

void TestIdxReader::badMagic()
{
    const QString msg = load("PK\x03\x04 a zip file, not IDX", idxLabels(3, kLabels));
    QVERIFY2(msg.startsWith(m_images + ": neither gzip nor an IDX file (it starts with 50 4b 03 04"), qPrintable(msg));
    const QString shortMsg = load("\x01", idxLabels(3, kLabels));
    QVERIFY2(shortMsg.contains("neither gzip nor an IDX file (it starts with 01;"), qPrintable(shortMsg));
}

void TestIdxReader::gzipOfSomethingElse()
{
    const QString msg = load(gzipped("hello, world"), idxLabels(3, kLabels));
    QVERIFY2(msg.startsWith(m_images + ": inflates to something that is not an IDX file (it starts with 68 65 6c 6c"),
        qPrintable(msg));
}

void TestIdxReader::wrongValueType()
{
    std::string images = idxImages(3, 2, 3, kPixels);
    images[2] = '\x0d';
    const QString msg = load(images, idxLabels(3, kLabels));
    QVERIFY2(msg.startsWith(m_images + ": IDX values of type float (0x0d); only unsigned bytes"), qPrintable(msg));
}

void TestIdxReader::swappedFiles()
{
    const QString msg = load(idxLabels(3, kLabels), idxImages(3, 2, 3, kPixels));
    QVERIFY2(msg.startsWith(m_images + ": an IDX file with 1 dimension; an images file has 3 (is it a labels file?)"),
        qPrintable(msg));
}

void TestIdxReader::labelCountDiffers()
{
    const QString msg = load(idxImages(3, 2, 3, kPixels), idxLabels(2, "\x01\x02"));
    QVERIFY2(msg.startsWith(m_labels + ": holds 2 labels, but " + m_images + " holds 3 images"), qPrintable(msg));
}

void TestIdxReader::labelOutOfRange()
{
    const QString msg
        = load(idxImages(3, 2, 3, kPixels), idxLabels(3, std::string("\x01\x0a\x02", 3)), fashionMnistClassNames());
    QVERIFY2(msg.startsWith(m_labels + ": label 10 of image 1 is out of range: this data set has 10 classes (0..9)"),
        qPrintable(msg));
}

void TestIdxReader::damagedGzip()
{
    const std::string good = gzipped(idxImages(3, 2, 3, kPixels));
    const std::string labels = idxLabels(3, kLabels);

    QString msg = load(good.substr(0, good.size() - 12), labels);
    QVERIFY2(msg.startsWith(m_images + ": the gzip data ends early: the file is truncated"), qPrintable(msg));

    std::string corrupt = good;
    corrupt[corrupt.size() - 6] ^= 0x55; // the CRC-32 in the trailer
    msg = load(corrupt, labels);
    QVERIFY2(msg.startsWith(m_images + ": damaged gzip data (zlib: incorrect data check)"), qPrintable(msg));

    msg = load(good + "garbage", labels);
    QVERIFY2(msg.startsWith(m_images + ": 7 bytes of something else follow the gzip data"), qPrintable(msg));

    // Two members one after the other are one file (as "cat a.gz b.gz" makes).
    const std::string whole = idxImages(3, 2, 3, kPixels);
    QCOMPARE(load(gzipped(whole.substr(0, 10)) + gzipped(whole.substr(10)), labels), QString());
}

void TestIdxReader::emptyMissingAndFolder()
{
    QString msg = load("", idxLabels(3, kLabels));
    QCOMPARE(msg, m_images + ": the file is empty");
    msg = load(gzipped(""), idxLabels(3, kLabels));
    QCOMPARE(msg, m_images + ": the gzip data holds nothing");

    const QString missing = m_dir->filePath("t10k-images-idx3-ubyte");
    msg = errorOf([&] { loadIdx(missing.toStdString(), m_labels.toStdString()); });
    QVERIFY2(msg.contains(missing) && msg.contains("no such file"), qPrintable(msg));
    msg = errorOf([&] { loadIdx(m_dir->path().toStdString(), m_labels.toStdString()); });
    QVERIFY2(msg.contains(m_dir->path()) && msg.contains("folder"), qPrintable(msg));
}

// A header that states 3 images followed by 64 MB of zeros, gzipped to ~64 kB: inflating stops
// about a megabyte past what the header states (it used to inflate all of it, up to 2 GB, and
// only then compare), and the message says why.
void TestIdxReader::gzipBombStopsAtItsHeader()
{
    const std::string bomb = gzipped(idxImages(3, 2, 3, kPixels) + std::string(std::size_t(64) << 20, '\0'));
    QVERIFY(bomb.size() < 200000);
    const QString msg = load(bomb, idxLabels(3, kLabels));
    QVERIFY2(msg.startsWith(m_images + ": inflates to more than the 34 bytes its header states"), qPrintable(msg));
    // The same from memory (an archive's member).
    const std::string labels = idxLabels(3, kLabels);
    const QString fromMemory = errorOf([&] {
        decodeIdx(std::span(reinterpret_cast<const std::uint8_t *>(bomb.data()), bomb.size()), "images",
            std::span(reinterpret_cast<const std::uint8_t *>(labels.data()), labels.size()), "labels", {});
    });
    QVERIFY2(fromMemory.startsWith("images: inflates to more than the 34 bytes its header states"),
        qPrintable(fromMemory));
    // A few bytes too many still get the exact count.
    const QString few = load(gzipped(idxImages(3, 2, 3, kPixels + "xyz")), idxLabels(3, kLabels));
    QVERIFY2(few.startsWith(m_images + ": header says 3 images of 2x3 (18 bytes), but its gzip data holds 3 bytes more"),
        qPrintable(few));
}

// A plain file whose size disagrees with its header is refused before a byte of it is read: the
// load reports no progress (reading a 2.1 GB file whole took seconds and 2.1 GB of memory). The
// file is sparse: it takes no disk.
void TestIdxReader::plainFileCheckedBeforeItIsRead()
{
    QVERIFY(writeFile(m_images, idxImages(3, 2, 3, kPixels)));
    QVERIFY(writeFile(m_labels, idxLabels(3, kLabels)));
    QVERIFY(QFile::resize(m_images, qint64(64) << 20));
    int reports = 0;
    const QString msg = errorOf([&] {
        loadIdx(m_images.toStdString(), m_labels.toStdString(), [&](double) { return ++reports > 0; });
    });
    QVERIFY2(msg.startsWith(m_images + ": header says 3 images of 2x3 (18 bytes), but the file holds 67108830 bytes more"),
        qPrintable(msg));
    QCOMPARE(reports, 0);
    // Cut short: the same before reading.
    QVERIFY(QFile::resize(m_images, 20));
    const QString cut = errorOf([&] {
        loadIdx(m_images.toStdString(), m_labels.toStdString(), [&](double) { return ++reports > 0; });
    });
    QVERIFY2(cut.startsWith(m_images + ": truncated: header says 3 images of 2x3, the file holds 4 of the 18 bytes"),
        qPrintable(cut));
    QCOMPARE(reports, 0);
}

QTEST_APPLESS_MAIN(TestIdxReader)
#include "tst_idxreader.moc"

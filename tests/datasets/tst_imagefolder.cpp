// A folder of images, one sub-folder per class, written by the test as PGM, PPM and PNG files:
// class and file order, gray and RGB conversion (channel order), resizing, what is skipped, and
// the errors for empty folders and unreadable images.
#include "error.h"
#include "errorof.h"
#include "images.h"

#include <QFile>
#include <QtTest>

#include <sys/stat.h>
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <string>

using namespace ds::data;

namespace {

struct Rgb {
    std::uint8_t r, g, b;
};

bool writeFile(const QString &path, const std::string &content)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << content;
    return bool(out);
}

// Netpbm: P5 (gray) and P6 (RGB), 8 bits, written by hand.
std::string pgm(int w, int h, const std::function<std::uint8_t(int x, int y)> &gray)
{
    std::string s = "P5\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x)
            s += char(gray(x, y));
    }
    return s;
}

std::string ppm(int w, int h, Rgb c)
{
    std::string s = "P6\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
    for (int i = 0; i < w * h; ++i)
        s += {char(c.r), char(c.g), char(c.b)};
    return s;
}

std::string be32(std::uint32_t v)
{
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string pngChunk(const std::string &type, const std::string &data)
{
    const std::string body = type + data;
    const uLong crc = crc32(0, reinterpret_cast<const Bytef *>(body.data()), uInt(body.size()));
    return be32(std::uint32_t(data.size())) + body + be32(std::uint32_t(crc));
}

// A solid RGB PNG (compressed with zlib, as any PNG), so a real codec is exercised.
std::string png(int w, int h, Rgb c)
{
    std::string rows;
    for (int y = 0; y < h; ++y) {
        rows += '\0'; // filter: none
        for (int x = 0; x < w; ++x)
            rows += {char(c.r), char(c.g), char(c.b)};
    }
    std::string packed(compressBound(uLong(rows.size())), '\0');
    uLongf packedSize = uLongf(packed.size());
    compress(reinterpret_cast<Bytef *>(packed.data()), &packedSize, reinterpret_cast<const Bytef *>(rows.data()),
        uLong(rows.size()));
    packed.resize(packedSize);
    const std::string header = be32(std::uint32_t(w)) + be32(std::uint32_t(h)) + std::string("\x08\x02\0\0\0", 5);
    return std::string("\x89PNG\r\n\x1a\n") + pngChunk("IHDR", header) + pngChunk("IDAT", packed)
        + pngChunk("IEND", "");
}

// Every pixel of plane c of image i.
bool planeIs(const ImageSet &set, int i, int c, float value, float tolerance = 0.0f)
{
    const std::size_t plane = std::size_t(set.height) * set.width;
    const std::vector<float> image = set.image(i);
    const float *p = image.data() + c * plane;
    return std::all_of(p, p + plane, [&](float v) { return std::abs(v - value) <= tolerance; });
}

} // namespace

class TestImageFolder : public QObject {
    Q_OBJECT

private slots:
    void init();
    void loadsGrayResized();
    void loadsRgbInRgbOrder();
    void resizesByAreaAveraging();
    void reportsProgress();
    void namesUnreadableImage();
    void rejectsEmptyFolders();
    void rejectsBadArguments();
    void refusesTooManyImagesBeforeDecoding();
    void refusesHugePicturesFromTheirHeaders_data();
    void refusesHugePicturesFromTheirHeaders();
    void skipsWhatIsNoRegularFile();

private:
    std::string root() const { return m_dir->filePath("pets").toStdString(); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestImageFolder::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QDir dir(m_dir->path());
    QVERIFY(dir.mkpath("pets/cat") && dir.mkpath("pets/dog") && dir.mkpath("pets/.thumbnails"));
    // cat: a.pgm (left half black, right half white), b.ppm (red); dog: c.png (green), d.PNG
    // (blue, 2x2: enlarged). Skipped: notes.txt, a hidden file, a hidden folder.
    QVERIFY(writeFile(dir.filePath("pets/cat/a.pgm"), pgm(8, 8, [](int x, int) { return x < 4 ? 0 : 255; })));
    QVERIFY(writeFile(dir.filePath("pets/cat/b.ppm"), ppm(8, 6, {255, 0, 0})));
    QVERIFY(writeFile(dir.filePath("pets/cat/notes.txt"), "not an image"));
    QVERIFY(writeFile(dir.filePath("pets/cat/.hidden.png"), "not an image either"));
    QVERIFY(writeFile(dir.filePath("pets/.thumbnails/x.png"), "nor this"));
    QVERIFY(writeFile(dir.filePath("pets/dog/c.png"), png(5, 3, {0, 255, 0})));
    QVERIFY(writeFile(dir.filePath("pets/dog/d.PNG"), png(2, 2, {0, 0, 255})));
}

void TestImageFolder::loadsGrayResized()
{
    const ImageSet set = loadImageFolder(root(), 1, 4, 4);
    QCOMPARE(set.name, std::string("pets"));
    QCOMPARE(set.classNames, std::vector<std::string>({"cat", "dog"}));
    QCOMPARE(set.labels, std::vector<int>({0, 0, 1, 1}));
    QCOMPARE(set.channels, 1);
    QCOMPARE(set.height, 4);
    QCOMPARE(set.width, 4);
    QCOMPARE(set.pixels.size(), std::size_t(4 * 16));
    // Gray = 0.299 R + 0.587 G + 0.114 B, in bytes: 76 (red), 150 (green), 29 (blue).
    const float byte = 1.0f / 255.0f;
    QVERIFY(planeIs(set, 1, 0, 76 * byte, byte));
    QVERIFY(planeIs(set, 2, 0, 150 * byte, byte));
    QVERIFY(planeIs(set, 3, 0, 29 * byte, byte));
}

void TestImageFolder::loadsRgbInRgbOrder()
{
    const ImageSet set = loadImageFolder(root() + "/", 3, 4, 4);
    QCOMPARE(set.name, std::string("pets"));
    QCOMPARE(set.channels, 3);
    QCOMPARE(set.count(), 4);
    // A gray file becomes three equal planes.
    QCOMPARE(set.image(0)[0], 0.0f);
    QCOMPARE(set.image(0)[16 + 3], 1.0f);
    QCOMPARE(set.image(0)[32 + 3], 1.0f);
    // red, green, blue: the first plane is red.
    QVERIFY(planeIs(set, 1, 0, 1.0f) && planeIs(set, 1, 1, 0.0f) && planeIs(set, 1, 2, 0.0f));
    QVERIFY(planeIs(set, 2, 0, 0.0f) && planeIs(set, 2, 1, 1.0f) && planeIs(set, 2, 2, 0.0f));
    QVERIFY(planeIs(set, 3, 0, 0.0f) && planeIs(set, 3, 1, 0.0f) && planeIs(set, 3, 2, 1.0f));
}

void TestImageFolder::resizesByAreaAveraging()
{
    // The half-black, half-white 8x8 image, shrunk to 2x4: columns 0-1 black, 2-3 white; to 1x2,
    // one black and one white pixel; to 3x3, the middle column is the average, grey.
    const ImageSet small = loadImageFolder(root(), 1, 2, 4);
    QCOMPARE(small.image(0), std::vector<float>({0, 0, 1, 1, 0, 0, 1, 1}));
    const ImageSet tiny = loadImageFolder(root(), 1, 1, 2);
    QCOMPARE(tiny.image(0)[0], 0.0f);
    QCOMPARE(tiny.image(0)[1], 1.0f);
    const ImageSet three = loadImageFolder(root(), 1, 3, 3);
    QVERIFY(std::abs(three.image(0)[1] - 0.5f) < 0.01f);
}

void TestImageFolder::reportsProgress()
{
    std::vector<double> seen;
    loadImageFolder(root(), 1, 4, 4, [&](double f) {
        seen.push_back(f);
        return true;
    });
    QCOMPARE(seen, std::vector<double>({0.0, 0.25, 0.5, 0.75, 1.0}));
    QCOMPARE(
        errorOf([&] { loadImageFolder(root(), 1, 4, 4, [](double f) { return f < 0.5; }); }), QString("cancelled"));
}

void TestImageFolder::namesUnreadableImage()
{
    const QString bad = m_dir->filePath("pets/dog/e.png");
    QVERIFY(writeFile(bad, "this is not a PNG"));
    const QString msg = errorOf([&] { loadImageFolder(root(), 3, 4, 4); });
    QVERIFY2(msg.startsWith("cannot read the image '" + bad + "'"), qPrintable(msg));

    // Found by tests/fuzz/fuzz_imagefolder: these bytes named .png sent OpenCV to its DICOM
    // reader, which aborted the process. Only the formats we list reach OpenCV now.
    // The second starts "P4" but not as OpenCV's PNM reader needs (white space next), and has
    // "DICM" at byte 128: the DICOM reader claimed it and asserted.
    for (const char *name : {"data/fuzz-dicom-probe.png", "data/fuzz-dicom-probe.pbm"}) {
        QFile probe(QFINDTESTDATA(name));
        QVERIFY2(probe.open(QIODevice::ReadOnly), name);
        QVERIFY(writeFile(bad, probe.readAll().toStdString()));
        const QString fuzzed = errorOf([&] { loadImageFolder(root(), 1, 4, 4); });
        QVERIFY2(fuzzed.contains("is not a PNG, JPEG, BMP, PNM, TIFF or WebP image"), qPrintable(fuzzed));
    }
}

void TestImageFolder::rejectsEmptyFolders()
{
    QDir dir(m_dir->path());
    QVERIFY(dir.mkpath("empty") && dir.mkpath("pets/bird"));
    QString msg = errorOf([&] { loadImageFolder(m_dir->filePath("empty").toStdString(), 1, 4, 4); });
    QVERIFY2(msg.contains(m_dir->filePath("empty")) && msg.contains("no class sub-folders"), qPrintable(msg));
    // A class folder with no images (only a text file) names that folder.
    QVERIFY(writeFile(dir.filePath("pets/bird/readme.txt"), "soon"));
    msg = errorOf([&] { loadImageFolder(root(), 1, 4, 4); });
    QVERIFY2(msg.startsWith("'" + dir.filePath("pets/bird") + "' holds no images"), qPrintable(msg));
}

void TestImageFolder::rejectsBadArguments()
{
    QString msg = errorOf([&] { loadImageFolder(m_dir->filePath("nowhere").toStdString(), 1, 4, 4); });
    QVERIFY2(msg.contains(m_dir->filePath("nowhere")) && msg.contains("does not exist"), qPrintable(msg));
    msg = errorOf([&] { loadImageFolder(m_dir->filePath("pets/cat/a.pgm").toStdString(), 1, 4, 4); });
    QVERIFY2(msg.contains("a.pgm' is a file"), qPrintable(msg));
    QVERIFY(errorOf([&] { loadImageFolder(root(), 2, 4, 4); }).contains("not 2"));
    QVERIFY(errorOf([&] { loadImageFolder(root(), 1, 0, 4); }).contains("0x4"));
    QVERIFY(errorOf([&] { loadImageFolder(root(), 3, 4, 5000); }).contains("4x5000"));
}

// 90 images made 3x1024x1024 are 283 M values: refused from the file count, before any is
// decoded (these are not even images), saying how many would fit.
void TestImageFolder::refusesTooManyImagesBeforeDecoding()
{
    QDir dir(m_dir->path());
    QVERIFY(dir.mkpath("many/a") && dir.mkpath("many/b"));
    for (int i = 0; i < 90; ++i)
        QVERIFY(writeFile(dir.filePath(QString("many/%1/%2.png").arg(i % 2 ? "a" : "b").arg(i)), "x"));
    const QString msg = errorOf([&] { loadImageFolder(m_dir->filePath("many").toStdString(), 3, 1024, 1024); });
    QVERIFY2(msg.contains("90 images of 3x1024x1024") && msg.contains("at most 85 such images"), qPrintable(msg));
}

// A small file whose header claims a huge picture is refused by that header, before OpenCV
// decodes it (a 2.6 MB PNG of 30,000 x 30,000 pixels decoded to gigabytes).
void TestImageFolder::refusesHugePicturesFromTheirHeaders_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("size");
    const std::string ok = png(4, 4, {1, 2, 3});
    std::string hugePng = ok; // IHDR's width and height (the CRC no longer matches: never read)
    hugePng.replace(16, 8, be32(30000) + be32(30000));
    QTest::newRow("png") << "huge.png" << QByteArray::fromStdString(hugePng) << "30000x30000";
    // Sides whose product does not fit in 64 bits (found by fuzz_imagefolder).
    hugePng.replace(16, 8, be32(0xd8d8d8d8u) + be32(0xd8d8d8d8u));
    QTest::newRow("png, 2^32 a side") << "huger.png" << QByteArray::fromStdString(hugePng) << "3638089944x3638089944";
    QTest::newRow("ppm") << "huge.ppm" << QByteArray::fromStdString("P6\n# a comment\n20000 20000\n255\n" + std::string(30, 'x'))
                         << "20000x20000";
    // JPEG: start of image, an APP0 segment, then a baseline frame header (height, width 20000).
    std::string jpeg = "\xff\xd8\xff\xe0" + std::string("\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 16)
        + "\xff\xc0" + std::string("\x00\x11\x08\x4e\x20\x4e\x20\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 17);
    QTest::newRow("jpeg") << "huge.jpg" << QByteArray::fromStdString(jpeg) << "20000x20000";
    std::string bmp = "BM" + std::string(16, '\0');
    for (std::int32_t v : {20000, -20000}) // width, then height (negative: top-down)
        for (int b = 0; b < 4; ++b)
            bmp += char((std::uint32_t(v) >> (8 * b)) & 0xff);
    bmp += std::string(30, '\0');
    QTest::newRow("bmp") << "huge.bmp" << QByteArray::fromStdString(bmp) << "20000x20000";
}

void TestImageFolder::refusesHugePicturesFromTheirHeaders()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, size);
    QVERIFY(writeFile(m_dir->filePath("pets/dog/" + name), bytes.toStdString()));
    const QString msg = errorOf([&] { loadImageFolder(root(), 3, 4, 4); });
    QVERIFY2(msg.contains("its header says " + size + " pixels") && msg.contains("100 megapixels"), qPrintable(msg));
}

// A FIFO named like a picture would block the read for ever: only regular files are pictures.
void TestImageFolder::skipsWhatIsNoRegularFile()
{
    const QString fifo = m_dir->filePath("pets/dog/pipe.png");
    QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    const ImageSet set = loadImageFolder(root(), 3, 4, 4);
    QCOMPARE(set.count(), 4);
}

QTEST_APPLESS_MAIN(TestImageFolder)
#include "tst_imagefolder.moc"

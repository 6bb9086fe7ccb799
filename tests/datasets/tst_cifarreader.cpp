// CIFAR-10 binary batches written by the test: records, channel order, files in order, and the
// errors for damaged files and the look-alikes (CIFAR-100, the Python version).
#include "error.h"
#include "errorof.h"
#include "images.h"

#include <QtTest>

#include <cstdint>
#include <fstream>
#include <string>

using namespace ds::data;

namespace {

constexpr int kPlane = 32 * 32;

// One record: label, then red, green and blue planes. Pixel p of plane c is (base + 3 * c + p) % 256,
// so every plane and position is different.
std::string record(int label, int base)
{
    std::string r(1 + 3 * kPlane, '\0');
    r[0] = char(label);
    for (int c = 0; c < 3; ++c) {
        for (int p = 0; p < kPlane; ++p)
            r[1 + c * kPlane + p] = char((base + 3 * c + p) % 256);
    }
    return r;
}

float expected(int base, int c, int p)
{
    return float((base + 3 * c + p) % 256) / 255.0f;
}

bool writeFile(const QString &path, const std::string &content)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << content;
    return bool(out);
}

} // namespace

class TestCifarReader : public QObject {
    Q_OBJECT

private slots:
    void init();
    void loadsBatchesInOrder();
    void keepsChannelOrder();
    void reportsProgress();
    void rejectsPartialRecords();
    void namesCifar100AndPython();
    void rejectsBadLabel();
    void rejectsEmptyAndMissing();
    void refusesTooManyImagesBeforeReading();

private:
    QString path(const char *name) const { return m_dir->filePath(name); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

// A 2.1 GB batch (sparse: it takes no disk) is refused from its size alone, at once, with what it
// would need, instead of being read and loaded at 17 GB.
void TestCifarReader::refusesTooManyImagesBeforeReading()
{
    QFile big(path("huge.bin"));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(qint64(683000) * 3073));
    big.close();
    QElapsedTimer clock;
    clock.start();
    const QString msg = errorOf([&] { loadCifar10({path("huge.bin").toStdString()}); });
    QVERIFY2(msg.contains("683000 images of 3x32x32") && msg.contains("8.4 GB as numbers")
            && msg.contains("about 10 GB of memory") && msg.contains("at most 87381 such images"),
        qPrintable(msg));
    QVERIFY(clock.elapsed() < 2000); // not read
}

void TestCifarReader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCifarReader::loadsBatchesInOrder()
{
    QVERIFY(writeFile(path("data_batch_1.bin"), record(3, 0) + record(9, 10)));
    QVERIFY(writeFile(path("data_batch_2.bin"), record(0, 20)));
    const ImageSet set = loadCifar10({path("data_batch_1.bin").toStdString(), path("data_batch_2.bin").toStdString()});
    QCOMPARE(set.name, std::string("CIFAR-10"));
    QCOMPARE(set.count(), 3);
    QCOMPARE(set.channels, 3);
    QCOMPARE(set.height, 32);
    QCOMPARE(set.width, 32);
    QCOMPARE(set.labels, std::vector<int>({3, 9, 0}));
    QCOMPARE(set.classNames, cifar10ClassNames());
    QCOMPARE(set.classNames[3], std::string("cat"));
    QCOMPARE(set.classNames[9], std::string("truck"));
    QCOMPARE(set.image(2)[0], expected(20, 0, 0));
}

void TestCifarReader::keepsChannelOrder()
{
    // A red image: the first plane is red, in (C, H, W).
    std::string red(1 + 3 * kPlane, '\0');
    red[0] = 1;
    std::fill(red.begin() + 1, red.begin() + 1 + kPlane, '\xff');
    QVERIFY(writeFile(path("test_batch.bin"), red + record(2, 7)));
    const ImageSet set = loadCifar10({path("test_batch.bin").toStdString()});
    QCOMPARE(set.image(0)[0], 1.0f);
    QCOMPARE(set.image(0)[kPlane - 1], 1.0f);
    QCOMPARE(set.image(0)[kPlane], 0.0f);
    QCOMPARE(set.image(0)[2 * kPlane], 0.0f);
    // Plane c, row y, column x at c * 1024 + y * 32 + x.
    const std::vector<float> img = set.image(1);
    for (int c = 0; c < 3; ++c) {
        for (int p : {0, 1, 33, 1023})
            QCOMPARE(img[c * kPlane + p], expected(7, c, p));
    }
}

void TestCifarReader::reportsProgress()
{
    std::string batch;
    for (int i = 0; i < 200; ++i)
        batch += record(i % 10, i);
    QVERIFY(writeFile(path("a.bin"), batch));
    QVERIFY(writeFile(path("b.bin"), batch));
    std::vector<double> seen;
    const ImageSet set = loadCifar10({path("a.bin").toStdString(), path("b.bin").toStdString()}, [&](double f) {
        seen.push_back(f);
        return true;
    });
    QCOMPARE(set.count(), 400);
    QVERIFY(seen.size() > 4);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QCOMPARE(seen.back(), 1.0);
    const QString msg = errorOf([&] { loadCifar10({path("a.bin").toStdString()}, [](double) { return false; }); });
    QCOMPARE(msg, QString("cancelled"));
}

void TestCifarReader::rejectsPartialRecords()
{
    QVERIFY(writeFile(path("data_batch_1.bin"), record(1, 0) + "abc"));
    const QString msg = errorOf([&] { loadCifar10({path("data_batch_1.bin").toStdString()}); });
    QVERIFY2(msg.startsWith(path("data_batch_1.bin")
                 + ": 3076 bytes is not a whole number of CIFAR-10 records (3073 "
                   "bytes each"),
        qPrintable(msg));
}

void TestCifarReader::namesCifar100AndPython()
{
    QVERIFY(writeFile(path("train.bin"), std::string(2 * 3074, '\x01')));
    QString msg = errorOf([&] { loadCifar10({path("train.bin").toStdString()}); });
    QVERIFY2(msg.startsWith(path("train.bin") + ": ") && msg.contains("CIFAR-100"), qPrintable(msg));

    QVERIFY(writeFile(path("data_batch_1"), std::string("\x80\x02}q\x00", 5) + std::string(3068, 'x')));
    msg = errorOf([&] { loadCifar10({path("data_batch_1").toStdString()}); });
    QVERIFY2(
        msg.startsWith(path("data_batch_1") + ": a Python pickle") && msg.contains("binary version"), qPrintable(msg));
}

void TestCifarReader::rejectsBadLabel()
{
    QVERIFY(writeFile(path("data_batch_3.bin"), record(4, 0) + record(10, 0)));
    const QString msg = errorOf([&] { loadCifar10({path("data_batch_3.bin").toStdString()}); });
    QVERIFY2(msg.startsWith(path("data_batch_3.bin") + ": record 1 has label 10; CIFAR-10 labels are 0..9"),
        qPrintable(msg));
}

void TestCifarReader::rejectsEmptyAndMissing()
{
    QVERIFY(writeFile(path("empty.bin"), ""));
    QCOMPARE(
        errorOf([&] { loadCifar10({path("empty.bin").toStdString()}); }), path("empty.bin") + ": the file is empty");
    const QString msg = errorOf([&] { loadCifar10({path("missing.bin").toStdString()}); });
    QVERIFY2(msg.contains(path("missing.bin")) && msg.contains("no such file"), qPrintable(msg));
    QVERIFY(errorOf([] { loadCifar10({}); }).contains("no CIFAR-10 batch files"));
}

QTEST_APPLESS_MAIN(TestCifarReader)
#include "tst_cifarreader.moc"

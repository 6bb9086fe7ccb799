// Subsets, seeded stratified splits, per-channel normalization and the conversion to the engine's
// TrainingData, on small sets made by the test.
#include "error.h"
#include "errorof.h"
#include "images.h"
#include "random.h"
#include "trainer.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace ds::data;

namespace {

// `perClass[c]` images of class c, interleaved (0, 1, 2, 0, 1, 2, ...) while each class lasts.
// Pixels 0 and 1 of channel 0 hold the image's index (low and high byte), so a test can tell which
// image went where; the other pixels are random with a different mean and spread per channel.
ImageSet makeSet(const std::vector<int> &perClass, int channels = 1, int side = 3)
{
    ImageSet set;
    set.name = "made";
    set.channels = channels;
    set.height = side;
    set.width = side;
    for (std::size_t c = 0; c < perClass.size(); ++c)
        set.classNames.push_back("class " + std::to_string(c));
    std::vector<int> left = perClass;
    while (std::any_of(left.begin(), left.end(), [](int n) { return n > 0; })) {
        for (std::size_t c = 0; c < left.size(); ++c) {
            if (left[c]-- > 0)
                set.labels.push_back(static_cast<int>(c));
        }
    }
    ds::Rng rng(99);
    set.pixels.resize(set.labels.size() * set.imageSize());
    for (std::size_t i = 0; i < set.labels.size(); ++i) {
        std::uint8_t *img = set.pixels.data() + i * set.imageSize();
        for (std::size_t p = 0; p < set.imageSize(); ++p) {
            const int c = static_cast<int>(p / (side * side));
            img[p] = std::uint8_t(std::lround(255.0f * (0.1f + 0.3f * c + (0.05f + 0.1f * c) * rng.uniform())));
        }
        img[0] = std::uint8_t(i & 255);
        img[1] = std::uint8_t(i >> 8);
    }
    return set;
}

std::vector<int> ids(const ImageSet &set)
{
    std::vector<int> out;
    for (int i = 0; i < set.count(); ++i)
        out.push_back(int(set.bytes(i)[0]) | int(set.bytes(i)[1]) << 8);
    return out;
}

std::vector<int> classCounts(const ImageSet &set)
{
    std::vector<int> counts(set.classNames.size());
    for (int label : set.labels)
        ++counts[static_cast<std::size_t>(label)];
    return counts;
}

} // namespace

class TestImageSplit : public QObject {
    Q_OBJECT

private slots:
    void subsets();
    void splitsByCounts();
    void splitIsSeeded();
    void splitIsStratified();
    void testPartLast();
    void splitsByFraction();
    void rejectsBadSplits();
    void normalizesWithTrainingStatistics();
    void constantChannelIsOnlyShifted();
    void invertsAndKeepsTheFirst();
    void toTrainingDataIsOneHot();
    void toTrainingDataRejectsBadInput();
};

void TestImageSplit::subsets()
{
    const ImageSet set = makeSet({3, 3}, 2);
    const ImageSet mid = subset(set, 2, 3);
    QCOMPARE(ids(mid), std::vector<int>({2, 3, 4}));
    QCOMPARE(mid.labels, std::vector<int>({0, 1, 0}));
    QCOMPARE(mid.classNames, set.classNames);
    QVERIFY(std::equal(mid.pixels.begin(), mid.pixels.end(), set.bytes(2)));
    const ImageSet picked = subset(set, std::vector<int>({5, 0}));
    QCOMPARE(ids(picked), std::vector<int>({5, 0}));
    QCOMPARE(subset(set, 6, 0).count(), 0);
    QVERIFY(errorOf([&] { subset(set, 4, 3); }).contains("outside 'made', which holds 6"));
    QVERIFY(errorOf([&] { subset(set, std::vector<int>({6})); }).contains("image 6 is outside"));
}

void TestImageSplit::splitsByCounts()
{
    const ImageSet set = makeSet({25, 25, 25, 25});
    const ImageSplit split = splitImages(set, 20, 10, 1);
    QCOMPARE(split.train.count(), 70);
    QCOMPARE(split.validation.count(), 20);
    QCOMPARE(split.test.count(), 10);
    // Disjoint, together all, each in the set's order.
    std::vector<int> all = ids(split.train);
    for (const ImageSet *part : {&split.validation, &split.test}) {
        const std::vector<int> p = ids(*part);
        QVERIFY(std::is_sorted(p.begin(), p.end()));
        all.insert(all.end(), p.begin(), p.end());
    }
    QVERIFY(std::is_sorted(all.begin(), all.begin() + 70));
    std::sort(all.begin(), all.end());
    std::vector<int> expected(100);
    std::iota(expected.begin(), expected.end(), 0);
    QCOMPARE(all, expected);
    // Labels travel with their images.
    for (int i = 0; i < split.test.count(); ++i)
        QCOMPARE(split.test.labels[i], set.labels[ids(split.test)[i]]);
}

void TestImageSplit::splitIsSeeded()
{
    const ImageSet set = makeSet({25, 25, 25, 25});
    const ImageSplit a = splitImages(set, 20, 10, 5);
    const ImageSplit b = splitImages(set, 20, 10, 5);
    QCOMPARE(ids(a.train), ids(b.train));
    QCOMPARE(ids(a.validation), ids(b.validation));
    QCOMPARE(ids(a.test), ids(b.test));
    const ImageSplit c = splitImages(set, 20, 10, 6);
    QVERIFY(ids(c.test) != ids(a.test));
    QVERIFY(ids(c.validation) != ids(a.validation));
    // A draw, not the first or last images.
    QVERIFY(ids(a.test) != ids(subset(set, 90, 10)));
}

void TestImageSplit::splitIsStratified()
{
    const ImageSet set = makeSet({50, 30, 20});
    const ImageSplit split = splitImages(set, 20, 10, 3);
    QCOMPARE(classCounts(split.test), std::vector<int>({5, 3, 2}));
    QCOMPARE(classCounts(split.validation), std::vector<int>({10, 6, 4})); // 20 of 45, 27, 18
    QCOMPARE(classCounts(split.train), std::vector<int>({35, 21, 14}));
    // Tiny: 3 classes of 4, a test part of 3 takes one of each.
    const ImageSplit tiny = splitImages(makeSet({4, 4, 4}), 3, 3, 1);
    QCOMPARE(classCounts(tiny.test), std::vector<int>({1, 1, 1}));
    QCOMPARE(classCounts(tiny.validation), std::vector<int>({1, 1, 1}));
}

void TestImageSplit::testPartLast()
{
    const ImageSet set = makeSet({10, 10});
    const ImageSplit split = splitImages(set, 4, 5, 1, TestPart::Last);
    QCOMPARE(ids(split.test), std::vector<int>({15, 16, 17, 18, 19}));
    QCOMPARE(split.validation.count(), 4);
    for (int id : ids(split.validation))
        QVERIFY(id < 15);
    QCOMPARE(split.train.count(), 11);
}

void TestImageSplit::splitsByFraction()
{
    const ImageSet set = makeSet({25, 25, 25, 25});
    // test = round(0.2 * 100) = 20; validation = round(0.25 * 80) = 20: a share of what is left.
    const ImageSplit split = splitImagesByFraction(set, 0.25, 0.2, 1);
    QCOMPARE(split.test.count(), 20);
    QCOMPARE(split.validation.count(), 20);
    QCOMPARE(split.train.count(), 60);
    const ImageSplit none = splitImagesByFraction(set, 0.0, 0.0, 1);
    QCOMPARE(none.train.count(), 100);
    QCOMPARE(ids(none.train), ids(set));
}

void TestImageSplit::rejectsBadSplits()
{
    const ImageSet set = makeSet({5, 5});
    QString msg = errorOf([&] { splitImages(set, 5, 5, 1); });
    QVERIFY2(msg.contains("5 validation and 5 test images from the 10") && msg.contains("train on"), qPrintable(msg));
    QVERIFY(errorOf([&] { splitImages(set, -1, 2, 1); }).contains("negative"));
    for (double bad : {-0.1, 1.0, 2.0, std::nan("")}) {
        msg = errorOf([&] { splitImagesByFraction(set, bad, 0.1, 1); });
        QVERIFY2(msg.contains("validation share must be at least 0 and below 1"), qPrintable(msg));
        msg = errorOf([&] { splitImagesByFraction(set, 0.1, bad, 1); });
        QVERIFY2(msg.contains("test share"), qPrintable(msg));
    }
    QVERIFY(errorOf([&] { splitBundledMnist(set, 0.1, 1); }).contains("not the bundled MNIST subset"));
    ImageSet broken = set;
    broken.labels[3] = 7;
    QVERIFY(errorOf([&] { splitImages(broken, 1, 1, 1); }).contains("label 7 outside its 2 classes"));
}

void TestImageSplit::normalizesWithTrainingStatistics()
{
    ImageSplit split = splitImages(makeSet({100, 100}, 3, 4), 40, 40, 2);
    const ChannelStats stats = channelStats(split.train);
    QCOMPARE(stats.mean.size(), std::size_t(3));
    // The channels were made with means near 0.125, 0.475, 0.825.
    QVERIFY(std::abs(stats.mean[1] - 0.475f) < 0.02f && std::abs(stats.mean[2] - 0.825f) < 0.02f);

    // The training part normalized: each channel's mean 0 and deviation 1.
    const std::size_t size = split.train.imageSize(), plane = 16;
    std::vector<float> train(std::size_t(split.train.count()) * size);
    normalizeInto(split.train, stats, 0, split.train.count(), train.data());
    for (int c = 0; c < 3; ++c) {
        double sum = 0.0, squares = 0.0;
        for (int i = 0; i < split.train.count(); ++i)
            for (std::size_t k = 0; k < plane; ++k)
                sum += train[std::size_t(i) * size + std::size_t(c) * plane + k];
        const double n = double(split.train.count()) * plane, mean = sum / n;
        for (int i = 0; i < split.train.count(); ++i)
            for (std::size_t k = 0; k < plane; ++k) {
                const double d = train[std::size_t(i) * size + std::size_t(c) * plane + k] - mean;
                squares += d * d;
            }
        QVERIFY2(std::abs(mean) < 1e-5, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(std::sqrt(squares / n) - 1.0) < 1e-4, qPrintable(QString::number(std::sqrt(squares / n))));
    }
    // The test part gets the training statistics, not its own.
    std::vector<float> test(std::size_t(split.test.count()) * size);
    normalizeInto(split.test, stats, 0, split.test.count(), test.data());
    for (std::size_t p : {std::size_t(1), std::size_t(17), std::size_t(40)}) {
        const int c = static_cast<int>(p / 16);
        QCOMPARE(test[p], (split.test.values()[split.test.pixels[p]] - stats.mean[c]) / stats.stddev[c]);
    }
    const ChannelStats testStats = channelStats(split.test);
    QVERIFY(testStats.mean[2] != stats.mean[2]);
}

void TestImageSplit::constantChannelIsOnlyShifted()
{
    ImageSet set = makeSet({3, 3});
    std::fill(set.pixels.begin(), set.pixels.end(), std::uint8_t(128));
    const ChannelStats stats = channelStats(set);
    QCOMPARE(stats.mean[0], 128.0f / 255.0f);
    QCOMPARE(stats.stddev[0], 0.0f);
    std::vector<float> values(std::size_t(set.count()) * set.imageSize());
    normalizeInto(set, stats, 0, set.count(), values.data());
    QVERIFY(std::all_of(values.begin(), values.end(), [](float v) { return v == 0.0f; }));
    QVERIFY(errorOf([&] { normalizeInto(set, ChannelStats {{0, 0}, {1, 1}}, 0, 1, values.data()); })
                .contains("1 channels"));
    // One image held as values, normalized the same way.
    std::vector<float> one = set.image(2);
    normalizeValues(one, 1, stats);
    QVERIFY(std::equal(one.begin(), one.end(), values.begin() + 2 * set.imageSize()));
    QVERIFY(errorOf([] { channelStats(ImageSet()); }).contains("no images"));
}

void TestImageSplit::invertsAndKeepsTheFirst()
{
    ImageSet set = makeSet({4, 4, 4});
    const ImageSet before = set;
    invertImages(set);
    QCOMPARE(set.pixels, before.pixels); // the bytes stay: the set is read inverted
    for (int i = 0; i < set.count(); ++i) {
        const std::vector<float> was = before.image(i), now = set.image(i);
        for (std::size_t k = 0; k < was.size(); ++k)
            QCOMPARE(now[k], 1.0f - was[k]);
    }
    QCOMPARE(subset(set, 1, 2).image(0), set.image(1)); // a part of an inverted set is inverted
    invertImages(set);
    QCOMPARE(set.image(3), before.image(3)); // twice is the set again
    QCOMPARE(set.labels, before.labels);
    keepFirstImages(set, 5);
    QCOMPARE(set.count(), 5);
    QCOMPARE(set.pixels.size(), 5 * set.imageSize());
    QCOMPARE(set.labels, std::vector<int>(before.labels.begin(), before.labels.begin() + 5));
    keepFirstImages(set, 0); // all
    QCOMPARE(set.count(), 5);
    keepFirstImages(set, 50); // more than there are
    QCOMPARE(set.count(), 5);
}

void TestImageSplit::toTrainingDataIsOneHot()
{
    const ImageSet set = makeSet({3, 3, 3}, 2, 2);
    const ds::TrainingData all = toTrainingData(set);
    QCOMPARE(all.rows, 9);
    QCOMPARE(all.targetColumns, 3);
    QVERIFY(all.classification);
    QCOMPARE(all.inputs.size(), set.pixels.size());
    for (std::size_t k = 0; k < set.pixels.size(); ++k)
        QCOMPARE(all.inputs[k], float(set.pixels[k]) / 255.0f);
    const ds::TrainingData part = toTrainingData(set, 4, 3);
    QCOMPARE(part.rows, 3);
    QVERIFY(std::equal(part.inputs.begin(), part.inputs.begin() + 8, set.image(4).begin()));
    QCOMPARE(part.inputs.size(), std::size_t(3 * 8));
    // Images 4, 5, 6 have labels 1, 2, 0.
    QCOMPARE(part.targets, std::vector<float>({0, 1, 0, 0, 0, 1, 1, 0, 0}));
    QCOMPARE(toTrainingData(set, 9).rows, 0);
}

void TestImageSplit::toTrainingDataRejectsBadInput()
{
    const ImageSet set = makeSet({3, 3});
    QVERIFY(errorOf([&] { toTrainingData(set, 4, 3); }).contains("outside 'made', which holds 6"));
    QVERIFY(errorOf([&] { toTrainingData(set, 7); }).contains("outside"));
    ImageSet one = makeSet({3});
    QVERIFY(errorOf([&] { toTrainingData(one); }).contains("at least 2"));
}

QTEST_APPLESS_MAIN(TestImageSplit)
#include "tst_imagesplit.moc"

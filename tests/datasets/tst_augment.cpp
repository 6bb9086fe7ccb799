// Augmentation: exact shifts and flips, the direction of rotation, seeded reproducibility, and
// that each option draws the same random values whatever the others do.
#include "error.h"
#include "errorof.h"
#include "images.h"
#include "random.h"

#include <QtTest>

#include <cmath>
#include <set>

using namespace ds::data;

namespace {

// (C, H, W) with every value different.
std::vector<float> makeImages(int count, int channels, int height, int width, std::uint64_t seed = 4)
{
    ds::Rng rng(seed);
    std::vector<float> v(std::size_t(count) * channels * height * width);
    for (float &x : v)
        x = 0.01f + rng.uniform();
    return v;
}

float at(const std::vector<float> &img, int c, int y, int x, int h, int w)
{
    return img[(std::size_t(c) * h + y) * w + x];
}

std::vector<float> transformed(
    const std::vector<float> &src, int c, int h, int w, const ImageTransform &t, float fill = 0)
{
    std::vector<float> dst(src.size(), -1.0f);
    applyTransform(src.data(), dst.data(), c, h, w, t, fill);
    return dst;
}

} // namespace

class TestAugment : public QObject {
    Q_OBJECT

private slots:
    void shiftByOneMovesPixelsByExactlyOne();
    void flipMirrors();
    void rotatesCounterClockwise();
    void smallRotationKeepsTheCentre();
    void batchIsReproducibleForASeed();
    void batchShiftsAreExact();
    void drawsAreIndependentOfOptions();
    void rejectsPartialBatch();
};

void TestAugment::shiftByOneMovesPixelsByExactlyOne()
{
    const int C = 2, H = 4, W = 5;
    const std::vector<float> src = makeImages(1, C, H, W);
    ImageTransform right;
    right.shiftX = 1;
    const std::vector<float> r = transformed(src, C, H, W, right);
    ImageTransform up;
    up.shiftY = -1;
    const std::vector<float> u = transformed(src, C, H, W, up, 0.5f);
    for (int c = 0; c < C; ++c) {
        for (int y = 0; y < H; ++y) {
            for (int x = 0; x < W; ++x) {
                QCOMPARE(at(r, c, y, x, H, W), x == 0 ? 0.0f : at(src, c, y, x - 1, H, W));
                QCOMPARE(at(u, c, y, x, H, W), y == H - 1 ? 0.5f : at(src, c, y + 1, x, H, W));
            }
        }
    }
    ImageTransform far;
    far.shiftX = W;
    const std::vector<float> gone = transformed(src, C, H, W, far);
    QVERIFY(std::all_of(gone.begin(), gone.end(), [](float v) { return v == 0.0f; }));
}

void TestAugment::flipMirrors()
{
    const int C = 3, H = 2, W = 4;
    const std::vector<float> src = makeImages(1, C, H, W);
    ImageTransform flip;
    flip.flip = true;
    const std::vector<float> f = transformed(src, C, H, W, flip);
    // Flip first, then shift: the mirrored image moves right by one.
    flip.shiftX = 1;
    const std::vector<float> fs = transformed(src, C, H, W, flip);
    for (int c = 0; c < C; ++c) {
        for (int y = 0; y < H; ++y) {
            for (int x = 0; x < W; ++x) {
                QCOMPARE(at(f, c, y, x, H, W), at(src, c, y, W - 1 - x, H, W));
                QCOMPARE(at(fs, c, y, x, H, W), x == 0 ? 0.0f : at(src, c, y, W - x, H, W));
            }
        }
    }
}

void TestAugment::rotatesCounterClockwise()
{
    // 90 degrees counter-clockwise on screen: the right edge becomes the top edge, so the output
    // at (x, y) is the input at row x, column W-1-y.
    const int C = 2, S = 5;
    const std::vector<float> src = makeImages(1, C, S, S);
    ImageTransform t;
    t.degrees = 90.0f;
    const std::vector<float> r = transformed(src, C, S, S, t);
    for (int c = 0; c < C; ++c) {
        for (int y = 0; y < S; ++y) {
            for (int x = 0; x < S; ++x)
                QVERIFY(std::abs(at(r, c, y, x, S, S) - at(src, c, x, S - 1 - y, S, S)) < 1e-5f);
        }
    }
}

void TestAugment::smallRotationKeepsTheCentre()
{
    // A bright centre pixel on black stays the brightest pixel; the corners fill with 0.
    const int S = 9;
    std::vector<float> src(S * S, 0.0f);
    src[4 * S + 4] = 1.0f;
    ImageTransform t;
    t.degrees = 10.0f;
    const std::vector<float> r = transformed(src, 1, S, S, t);
    QCOMPARE(int(std::max_element(r.begin(), r.end()) - r.begin()), 4 * S + 4);
    QVERIFY(r[4 * S + 4] > 0.9f);
    std::vector<float> ones(S * S, 1.0f);
    const std::vector<float> o = transformed(ones, 1, S, S, t);
    QVERIFY(o[0] < 1.0f && o[4 * S + 4] == 1.0f);
}

void TestAugment::batchIsReproducibleForASeed()
{
    const int N = 16, C = 3, H = 8, W = 8;
    AugmentConfig config;
    config.maxShift = 2;
    config.horizontalFlip = true;
    config.maxRotationDegrees = 15.0f;
    const std::vector<float> original = makeImages(N, C, H, W);
    std::vector<float> a = original, b = original, c = original;
    ds::Rng ra(11), rb(11), rc(12);
    augmentBatch(a, C, H, W, config, ra);
    augmentBatch(b, C, H, W, config, rb);
    augmentBatch(c, C, H, W, config, rc);
    QVERIFY(a == b);
    QVERIFY(a != c);
    QVERIFY(a != original);
    // Nothing enabled: nothing changes.
    std::vector<float> d = original;
    ds::Rng rd(11);
    augmentBatch(d, C, H, W, AugmentConfig(), rd);
    QVERIFY(d == original);
}

void TestAugment::batchShiftsAreExact()
{
    // With shifts of at most 1 and no rotation, each image is exactly one of its 9 shifts.
    const int N = 40, C = 1, H = 6, W = 7;
    const std::vector<float> original = makeImages(N, C, H, W);
    std::vector<float> batch = original;
    AugmentConfig config;
    config.maxShift = 1;
    ds::Rng rng(3);
    augmentBatch(batch, C, H, W, config, rng);
    std::set<std::pair<int, int>> used;
    const std::size_t size = std::size_t(C) * H * W;
    for (int i = 0; i < N; ++i) {
        const std::vector<float> src(original.begin() + i * size, original.begin() + (i + 1) * size);
        const std::vector<float> got(batch.begin() + i * size, batch.begin() + (i + 1) * size);
        bool matched = false;
        for (int dy = -1; dy <= 1 && !matched; ++dy) {
            for (int dx = -1; dx <= 1 && !matched; ++dx) {
                ImageTransform t;
                t.shiftX = dx;
                t.shiftY = dy;
                if (transformed(src, C, H, W, t) == got) {
                    matched = true;
                    used.insert({dx, dy});
                }
            }
        }
        QVERIFY2(matched, qPrintable(QString("image %1").arg(i)));
    }
    QVERIFY2(used.size() >= 7, qPrintable(QString::number(used.size())));
}

void TestAugment::drawsAreIndependentOfOptions()
{
    AugmentConfig shiftOnly;
    shiftOnly.maxShift = 3;
    AugmentConfig everything = shiftOnly;
    everything.horizontalFlip = true;
    everything.maxRotationDegrees = 20.0f;
    ds::Rng r1(8), r2(8);
    std::set<int> shifts;
    int flips = 0;
    for (int i = 0; i < 400; ++i) {
        const ImageTransform a = randomTransform(shiftOnly, r1);
        const ImageTransform b = randomTransform(everything, r2);
        QCOMPARE(a.shiftX, b.shiftX);
        QCOMPARE(a.shiftY, b.shiftY);
        QVERIFY(!a.flip && a.degrees == 0.0f);
        QVERIFY(std::abs(b.degrees) <= 20.0f);
        QVERIFY(a.shiftX >= -3 && a.shiftX <= 3);
        shifts.insert(a.shiftX);
        flips += b.flip;
    }
    QCOMPARE(shifts.size(), std::size_t(7));
    QVERIFY2(flips > 150 && flips < 250, qPrintable(QString::number(flips)));
}

void TestAugment::rejectsPartialBatch()
{
    std::vector<float> batch(10);
    ds::Rng rng(1);
    const QString msg = errorOf([&] { augmentBatch(batch, 1, 3, 3, AugmentConfig(), rng); });
    QVERIFY2(msg.contains("10 values is not a whole number of 1x3x3 images"), qPrintable(msg));
}

QTEST_APPLESS_MAIN(TestAugment)
#include "tst_augment.moc"

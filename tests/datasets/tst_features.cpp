// Input features (names, values, matrix layout for a mask) and target encodings.
#include "error.h"
#include "errorof.h"
#include "points2d.h"

#include <QtTest>

#include <cmath>

using namespace ds::data;

namespace {

QList<float> toList(const std::vector<float> &v)
{
    return QList<float>(v.begin(), v.end());
}

const std::vector<Point2> kClassPoints = {{1.0f, 2.0f, 0.0f}, {3.0f, -1.0f, 1.0f}, {-0.5f, 0.25f, 1.0f}};

} // namespace

class TestFeatures : public QObject {
    Q_OBJECT

private slots:
    void names();
    void counts();
    void values();
    void notAFeatureThrows();
    void matrixLayout();
    void matrixAllFeatures();
    void matrixBadMask();
    void matrixOfGeneratedPoints();
    void targetColumnCounts();
    void binaryTargets();
    void plusMinusOneTargets();
    void oneHotTargets();
    void valueTargets();
    void targetsRejectWrongClasses();
};

void TestFeatures::names()
{
    QCOMPARE(QString::fromStdString(featureName(X1)), QString("X1"));
    QCOMPARE(QString::fromStdString(featureName(X2)), QString("X2"));
    QCOMPARE(QString::fromStdString(featureName(X1Squared)), QString::fromUtf8("X1²"));
    QCOMPARE(QString::fromStdString(featureName(X2Squared)), QString::fromUtf8("X2²"));
    QCOMPARE(QString::fromStdString(featureName(X1TimesX2)), QString::fromUtf8("X1·X2"));
    QCOMPARE(QString::fromStdString(featureName(SinX1)), QString("sin X1"));
    QCOMPARE(QString::fromStdString(featureName(SinX2)), QString("sin X2"));
}

void TestFeatures::counts()
{
    QCOMPARE(featureCount(0), 0);
    QCOMPARE(featureCount(kAllFeatures), kFeatureCount);
    QCOMPARE(featureCount(X1 | SinX2), 2);
    QCOMPARE(featureCount(X1Squared | X2Squared | X1TimesX2), 3);
    QCOMPARE(featureCount(0x80u), 0); // not a feature bit
}

void TestFeatures::values()
{
    const float x = 1.5f, y = -2.0f;
    QCOMPARE(featureValue(X1, x, y), 1.5f);
    QCOMPARE(featureValue(X2, x, y), -2.0f);
    QCOMPARE(featureValue(X1Squared, x, y), 2.25f / 36.0f); // divided by kDomain²
    QCOMPARE(featureValue(X2Squared, x, y), 4.0f / 36.0f);
    QCOMPARE(featureValue(X1TimesX2, x, y), -3.0f / 36.0f);
    QCOMPARE(featureValue(SinX1, x, y), std::sin(1.5f));
    QCOMPARE(featureValue(SinX2, x, y), std::sin(-2.0f));
}

void TestFeatures::notAFeatureThrows()
{
    const QString msg = errorOf([] { featureValue(static_cast<Feature>(X1 | X2), 1, 1); });
    QVERIFY2(msg.contains("0x3"), qPrintable(msg));
    QVERIFY(!errorOf([] { featureName(static_cast<Feature>(0)); }).isEmpty());
}

void TestFeatures::matrixLayout()
{
    // Columns come in the enum's order, whatever order the mask was written in.
    const std::vector<float> m = featureMatrix(kClassPoints, SinX1 | X1Squared | X2);
    const QList<float> expected
        = {2.0f, 1.0f / 36.0f, std::sin(1.0f), -1.0f, 9.0f / 36.0f, std::sin(3.0f), 0.25f, 0.25f / 36.0f, std::sin(-0.5f)};
    QCOMPARE(toList(m), expected);

    const std::vector<float> single = featureMatrix(kClassPoints, X1TimesX2);
    QCOMPARE(toList(single), QList<float>({2.0f / 36.0f, -3.0f / 36.0f, -0.125f / 36.0f}));

    QVERIFY(featureMatrix({}, X1).empty());
}

void TestFeatures::matrixAllFeatures()
{
    const std::vector<float> m = featureMatrix(kClassPoints, kAllFeatures);
    QCOMPARE(m.size(), kClassPoints.size() * kFeatureCount);
    const Feature order[] = {X1, X2, X1Squared, X2Squared, X1TimesX2, SinX1, SinX2};
    for (std::size_t row = 0; row < kClassPoints.size(); ++row) {
        for (int col = 0; col < kFeatureCount; ++col) {
            const Point2 &p = kClassPoints[row];
            QCOMPARE(m[row * kFeatureCount + col], featureValue(order[col], p.x, p.y));
        }
    }
}

void TestFeatures::matrixBadMask()
{
    QString msg = errorOf([] { featureMatrix(kClassPoints, 0); });
    QVERIFY2(msg.contains("no input features"), qPrintable(msg));
    msg = errorOf([] { featureMatrix(kClassPoints, X1 | 0x100u); });
    QVERIFY2(msg.contains("0x101"), qPrintable(msg));
}

void TestFeatures::matrixOfGeneratedPoints()
{
    GeneratorParams params;
    params.generator = Generator::Spiral;
    params.numPoints = 200;
    const Points2D d = generate(params);
    const std::vector<float> m = featureMatrix(d.train, X1 | X2 | X1TimesX2);
    QCOMPARE(m.size(), d.train.size() * 3);
    for (std::size_t i = 0; i < d.train.size(); ++i) {
        QCOMPARE(m[3 * i], d.train[i].x);
        QCOMPARE(m[3 * i + 1], d.train[i].y);
        QCOMPARE(m[3 * i + 2], d.train[i].x * d.train[i].y / (kDomain * kDomain));
    }
}

void TestFeatures::targetColumnCounts()
{
    QCOMPARE(targetColumns(TargetEncoding::Binary01, 2), 1);
    QCOMPARE(targetColumns(TargetEncoding::PlusMinusOne, 2), 1);
    QCOMPARE(targetColumns(TargetEncoding::OneHot, 2), 2);
    QCOMPARE(targetColumns(TargetEncoding::OneHot, 3), 3);
    QCOMPARE(targetColumns(TargetEncoding::Value, 0), 1);
}

void TestFeatures::binaryTargets()
{
    const std::vector<float> t = targetMatrix(kClassPoints, TargetEncoding::Binary01, 2);
    QCOMPARE(toList(t), QList<float>({0.0f, 1.0f, 1.0f}));
}

void TestFeatures::plusMinusOneTargets()
{
    const std::vector<float> t = targetMatrix(kClassPoints, TargetEncoding::PlusMinusOne, 2);
    QCOMPARE(toList(t), QList<float>({-1.0f, 1.0f, 1.0f}));
}

void TestFeatures::oneHotTargets()
{
    const std::vector<Point2> points = {{0, 0, 2.0f}, {0, 0, 0.0f}, {0, 0, 1.0f}, {0, 0, 2.0f}};
    const std::vector<float> t = targetMatrix(points, TargetEncoding::OneHot, 3);
    QCOMPARE(toList(t), QList<float>({0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1}));

    const std::vector<float> two = targetMatrix(kClassPoints, TargetEncoding::OneHot, 2);
    QCOMPARE(toList(two), QList<float>({1, 0, 0, 1, 0, 1}));
}

void TestFeatures::valueTargets()
{
    const std::vector<Point2> points = {{0, 0, 0.75f}, {1, 1, -1.25f}, {2, 2, 0.0f}};
    const std::vector<float> t = targetMatrix(points, TargetEncoding::Value, 0);
    QCOMPARE(toList(t), QList<float>({0.75f, -1.25f, 0.0f}));
}

void TestFeatures::targetsRejectWrongClasses()
{
    const std::vector<Point2> threeClasses = {{0, 0, 0.0f}, {0, 0, 2.0f}};
    const std::vector<Point2> fractional = {{0, 0, 0.0f}, {0, 0, 0.5f}};
    const std::vector<Point2> negative = {{0, 0, -1.0f}};

    QString msg = errorOf([&] { targetMatrix(threeClasses, TargetEncoding::Binary01, 3); });
    QVERIFY2(msg.contains("exactly 2 classes") && msg.contains("got 3"), qPrintable(msg));
    msg = errorOf([&] { targetMatrix(threeClasses, TargetEncoding::PlusMinusOne, 2); });
    QVERIFY2(msg.contains("not a class index below 2"), qPrintable(msg));
    msg = errorOf([&] { targetMatrix(threeClasses, TargetEncoding::Binary01, 2); });
    QVERIFY2(msg.contains("not a class index"), qPrintable(msg));
    msg = errorOf([&] { targetMatrix(fractional, TargetEncoding::OneHot, 2); });
    QVERIFY2(msg.contains("0.5"), qPrintable(msg));
    msg = errorOf([&] { targetMatrix(negative, TargetEncoding::OneHot, 3); });
    QVERIFY2(msg.contains("not a class index"), qPrintable(msg));
    msg = errorOf([&] { targetMatrix(kClassPoints, TargetEncoding::OneHot, 1); });
    QVERIFY2(msg.contains("at least 2 classes"), qPrintable(msg));
    // Values are not checked: regression targets are whatever the data says.
    QVERIFY(errorOf([&] { targetMatrix(fractional, TargetEncoding::Value, 0); }).isEmpty());
}

QTEST_APPLESS_MAIN(TestFeatures)
#include "tst_features.moc"

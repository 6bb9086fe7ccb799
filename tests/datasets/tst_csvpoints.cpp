// Points from CSV: what parses, what is skipped, which problem type is detected, and that every
// kind of bad row is reported with its file and line number.
#include "error.h"
#include "errorof.h"
#include "points2d.h"

#include <QtTest>

#include <algorithm>
#include <clocale>
#include <fstream>

using namespace ds::data;

namespace {

QString parseError(const std::string &text)
{
    return errorOf([&] { parseCsv(text, "points.csv"); });
}

// The points in file order is not recoverable after the shuffle, so compare sorted.
std::vector<Point2> sortedPoints(const Points2D &d)
{
    std::vector<Point2> all = d.train;
    all.insert(all.end(), d.test.begin(), d.test.end());
    std::sort(all.begin(), all.end(),
        [](const Point2 &a, const Point2 &b) { return std::tie(a.x, a.y, a.value) < std::tie(b.x, b.y, b.value); });
    return all;
}

bool samePoint(const Point2 &p, float x, float y, float value)
{
    return p.x == x && p.y == y && p.value == value;
}

bool writeFile(const QString &path, const std::string &content)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << content;
    return bool(out);
}

} // namespace

class TestCsvPoints : public QObject {
    Q_OBJECT

private slots:
    void parsesGoodFile();
    void skipsHeaderCommentsAndBlankLines();
    void acceptsSpacesSemicolonsAndLineEndings();
    void headerOnlyOnFirstDataLine();
    void detectsClassification();
    void detectsRegression();
    void reportsWrongFieldCount();
    void reportsNonNumbers();
    void rejectsNonFinite();
    void rejectsTooFewPoints();
    void splitsBySeed();
    void rejectsBadTrainPercent();
    void ignoresLocale();
    void loadsFile();
    void loadReportsPathAndLine();
    void loadMissingFile();
};

void TestCsvPoints::parsesGoodFile()
{
    const Points2D d = parseCsv("0.5,1.5,1\n-2,3e-1,0\n4,-5.25,1\n", "points.csv");
    QVERIFY(d.problem == ProblemType::Classification);
    QCOMPARE(d.numClasses, 2);
    QCOMPARE(d.train.size() + d.test.size(), std::size_t(3));
    const std::vector<Point2> p = sortedPoints(d);
    QVERIFY(samePoint(p[0], -2.0f, 0.3f, 0.0f));
    QVERIFY(samePoint(p[1], 0.5f, 1.5f, 1.0f));
    QVERIFY(samePoint(p[2], 4.0f, -5.25f, 1.0f));
}

void TestCsvPoints::skipsHeaderCommentsAndBlankLines()
{
    const std::string text = "# exported points\n"
                             "\n"
                             "x,y,label\n"
                             "  # an indented comment\n"
                             "1,2,0\n"
                             "   \n"
                             "3,4,1\n"
                             "\n";
    const std::vector<Point2> p = sortedPoints(parseCsv(text, "points.csv"));
    QCOMPARE(p.size(), std::size_t(2));
    QVERIFY(samePoint(p[0], 1, 2, 0));
    QVERIFY(samePoint(p[1], 3, 4, 1));
}

void TestCsvPoints::acceptsSpacesSemicolonsAndLineEndings()
{
    // A byte-order mark, CRLF endings, spaces around fields, ';' separators, a leading '+' and
    // no newline at the end.
    const std::string text = "\xEF\xBB\xBFx ; y ; value\r\n 1 , 2 , 0 \r\n3;\t4;1\r\n+5,-6,+1";
    const std::vector<Point2> p = sortedPoints(parseCsv(text, "points.csv"));
    QCOMPARE(p.size(), std::size_t(3));
    QVERIFY(samePoint(p[0], 1, 2, 0));
    QVERIFY(samePoint(p[1], 3, 4, 1));
    QVERIFY(samePoint(p[2], 5, -6, 1));
}

void TestCsvPoints::headerOnlyOnFirstDataLine()
{
    const QString msg = parseError("x,y,value\n1,2,0\nx,y,value\n");
    QVERIFY2(msg.contains("points.csv:3:") && msg.contains("'x' is not a number"), qPrintable(msg));
    // A first row with some numbers is data with a typo, not a header.
    const QString typo = parseError("1,2,zero\n3,4,1\n");
    QVERIFY2(typo.contains("points.csv:1:") && typo.contains("'zero'"), qPrintable(typo));
}

void TestCsvPoints::detectsClassification()
{
    Points2D d = parseCsv("0,0,0\n1,1,2\n2,2,1\n", "points.csv");
    QVERIFY(d.problem == ProblemType::Classification);
    QCOMPARE(d.numClasses, 3);

    // A single class still makes a two-class problem, which can be trained.
    d = parseCsv("0,0,0\n1,1,0\n", "points.csv");
    QVERIFY(d.problem == ProblemType::Classification);
    QCOMPARE(d.numClasses, 2);

    d = parseCsv("0,0,15\n1,1,0\n", "points.csv");
    QVERIFY(d.problem == ProblemType::Classification);
    QCOMPARE(d.numClasses, 16);
}

void TestCsvPoints::detectsRegression()
{
    const char *cases[] = {"0,0,0.5\n1,1,0\n", "0,0,-1\n1,1,1\n", "0,0,16\n1,1,0\n"};
    for (const char *text : cases) {
        const Points2D d = parseCsv(text, "points.csv");
        QVERIFY2(d.problem == ProblemType::Regression, text);
        QCOMPARE(d.numClasses, 0);
    }
    const std::vector<Point2> p = sortedPoints(parseCsv("0,0,0.5\n1,1,-0.25\n", "points.csv"));
    QCOMPARE(p[0].value, 0.5f);
    QCOMPARE(p[1].value, -0.25f);
}

void TestCsvPoints::reportsWrongFieldCount()
{
    QString msg = parseError("1,2,0\n3,4,1\n5,6\n");
    QCOMPARE(msg, QString("points.csv:3: expected 3 numbers (x, y, value), found 2"));
    msg = parseError("# c\n1,2,0,7\n3,4,1\n");
    QVERIFY2(msg.contains("points.csv:2:") && msg.contains("found 4"), qPrintable(msg));
    // Space-separated values are one field.
    msg = parseError("1,2,0\n3 4 1\n");
    QVERIFY2(msg.contains("points.csv:2:") && msg.contains("found 1"), qPrintable(msg));
}

void TestCsvPoints::reportsNonNumbers()
{
    QString msg = parseError("x,y,v\n1,2,0\n3,4,1\n5,abc,1\n");
    QCOMPARE(msg, QString("points.csv:4: 'abc' is not a number"));
    msg = parseError("1,2,0\n1.5x,2,1\n");
    QVERIFY2(msg.contains("points.csv:2:") && msg.contains("'1.5x'"), qPrintable(msg));
    msg = parseError("1,2,0\n1,,1\n");
    QVERIFY2(msg.contains("points.csv:2:") && msg.contains("field 2 is empty"), qPrintable(msg));
    msg = parseError("1,2,0\n0x10,2,1\n");
    QVERIFY2(msg.contains("points.csv:2:") && msg.contains("'0x10'"), qPrintable(msg));
    msg = parseError("1,2,0\n1,2,--1\n");
    QVERIFY2(msg.contains("points.csv:2:") && msg.contains("'--1'"), qPrintable(msg));
    // A decimal comma splits on ';' into a field that is not a number.
    msg = parseError("1;2;0\n1,5;2;1\n");
    QVERIFY2(msg.contains("points.csv:2:") && msg.contains("'1,5'"), qPrintable(msg));
}

void TestCsvPoints::rejectsNonFinite()
{
    for (const char *bad : {"inf", "-inf", "nan", "1e50", "1e400"}) {
        const QString msg = parseError(std::string("1,2,0\n3,4,1\n5,") + bad + ",0\n");
        QVERIFY2(msg.contains("points.csv:3:") && msg.contains(QString("'%1'").arg(bad)) && msg.contains("finite"),
            qPrintable(msg));
    }
    // Tiny values are fine: they are just 0 in a float.
    const std::vector<Point2> p = sortedPoints(parseCsv("1e-50,0,0\n1,1,1\n", "points.csv"));
    QCOMPARE(p[0].x, 0.0f);
}

void TestCsvPoints::rejectsTooFewPoints()
{
    for (const char *empty : {"", "\n\n", "# only a comment\n", "x,y,value\n"}) {
        const QString msg = parseError(empty);
        QVERIFY2(msg.startsWith("points.csv:") && msg.contains("no points"), qPrintable(msg));
    }
    const QString msg = parseError("x,y,value\n1,2,0\n");
    QVERIFY2(msg.contains("only 1 point"), qPrintable(msg));
    QVERIFY(parseError("1,2,0\n3,4,1\n").isEmpty());
}

void TestCsvPoints::splitsBySeed()
{
    std::string text;
    for (int i = 0; i < 20; ++i)
        text += std::to_string(i) + "," + std::to_string(-i) + "," + std::to_string(i % 2) + "\n";

    const Points2D a = parseCsv(text, "points.csv", 30, 5);
    QCOMPARE(a.train.size(), std::size_t(6));
    QCOMPARE(a.test.size(), std::size_t(14));

    auto xs = [](const std::vector<Point2> &v) {
        QList<float> out;
        for (const Point2 &p : v)
            out.append(p.x);
        return out;
    };
    const Points2D same = parseCsv(text, "points.csv", 30, 5);
    QCOMPARE(xs(same.train), xs(a.train));
    QCOMPARE(xs(same.test), xs(a.test));
    const Points2D other = parseCsv(text, "points.csv", 30, 6);
    QVERIFY(xs(other.train) != xs(a.train));
    // Shuffled: the training set is not the first six rows.
    QVERIFY(xs(a.train) != QList<float>({0, 1, 2, 3, 4, 5}));

    // Two points still give one to train on and one to test.
    const Points2D two = parseCsv("1,2,0\n3,4,1\n", "points.csv", 10, 1);
    QCOMPARE(two.train.size(), std::size_t(1));
    QCOMPARE(two.test.size(), std::size_t(1));
}

void TestCsvPoints::rejectsBadTrainPercent()
{
    for (int bad : {0, 9, 91, 100}) {
        const QString msg = errorOf([=] { parseCsv("1,2,0\n3,4,1\n", "points.csv", bad); });
        QVERIFY2(msg.contains(QString("(got %1)").arg(bad)), qPrintable(msg));
    }
}

void TestCsvPoints::ignoresLocale()
{
    // Under a decimal-comma locale, strtof would stop at the '.'; from_chars does not care.
    const char *old = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = old ? old : "C";
    bool switched = false;
    for (const char *name : {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", "fr_FR"})
        switched = switched || std::setlocale(LC_NUMERIC, name) != nullptr;
    const std::vector<Point2> p = sortedPoints(parseCsv("0.5,1.25,0\n2.5,3.75,1\n", "x.csv"));
    std::setlocale(LC_NUMERIC, saved.c_str());
    QVERIFY(samePoint(p[0], 0.5f, 1.25f, 0));
    QVERIFY(samePoint(p[1], 2.5f, 3.75f, 1));
    if (!switched)
        qInfo("no decimal-comma locale installed; parsed under the current one only");
}

void TestCsvPoints::loadsFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("points.csv");
    QVERIFY(writeFile(path, "x,y,value\n0.5,-0.5,0.25\n1,2,-0.75\n-3,4,0.5\n"));
    const Points2D d = loadCsv(path.toStdString(), 50, 3);
    QVERIFY(d.problem == ProblemType::Regression);
    QCOMPARE(d.train.size(), std::size_t(2));
    QCOMPARE(d.test.size(), std::size_t(1));
    const std::vector<Point2> p = sortedPoints(d);
    QVERIFY(samePoint(p[0], -3, 4, 0.5f));
    QVERIFY(samePoint(p[1], 0.5f, -0.5f, 0.25f));
    QVERIFY(samePoint(p[2], 1, 2, -0.75f));
}

void TestCsvPoints::loadReportsPathAndLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("bad.csv");
    QVERIFY(writeFile(path, "x,y,value\n1,2,0\n3,4\n"));
    const QString msg = errorOf([&] { loadCsv(path.toStdString()); });
    QVERIFY2(msg.startsWith(path + ":3:") && msg.contains("found 2"), qPrintable(msg));

    const QString emptyPath = dir.filePath("empty.csv");
    QVERIFY(writeFile(emptyPath, ""));
    const QString empty = errorOf([&] { loadCsv(emptyPath.toStdString()); });
    QVERIFY2(empty.contains(emptyPath) && empty.contains("no points"), qPrintable(empty));
}

void TestCsvPoints::loadMissingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath("missing.csv");
    QString msg = errorOf([&] { loadCsv(missing.toStdString()); });
    QVERIFY2(msg.contains(missing) && msg.contains("cannot open"), qPrintable(msg));
    msg = errorOf([&] { loadCsv(dir.path().toStdString()); });
    QVERIFY2(msg.contains(dir.path()) && msg.contains("folder"), qPrintable(msg));
}

QTEST_APPLESS_MAIN(TestCsvPoints)
#include "tst_csvpoints.moc"

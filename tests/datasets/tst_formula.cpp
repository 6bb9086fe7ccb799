// Formula data sets: the parser's arithmetic against C++'s own, its precedence and
// associativity, every function, comparisons, messages that say where a formula is wrong, the
// limits that keep a typed formula from being a program; the points it generates.
#include "errorof.h"
#include "formula.h"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace ds::data;

class TestFormula : public QObject {
    Q_OBJECT

private slots:
    void arithmetic_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("y");
        QTest::addColumn<double>("expected");
        QTest::newRow("number") << "2.5" << 0.0 << 0.0 << 2.5;
        QTest::newRow("exponent") << "1.5e2" << 0.0 << 0.0 << 150.0;
        QTest::newRow("variables") << "x - y" << 3.0 << 5.0 << -2.0;
        QTest::newRow("aliases") << "x1 * x2" << 3.0 << 5.0 << 15.0;
        QTest::newRow("precedence") << "1 + 2 * 3 - 4 / 2" << 0.0 << 0.0 << 5.0;
        QTest::newRow("left to right") << "8 / 4 / 2" << 0.0 << 0.0 << 1.0;
        QTest::newRow("power right to left") << "2 ^ 3 ^ 2" << 0.0 << 0.0 << 512.0;
        QTest::newRow("unary minus binds looser than ^") << "-x^2" << 3.0 << 0.0 << -9.0;
        QTest::newRow("negative exponent") << "2^-1" << 0.0 << 0.0 << 0.5;
        QTest::newRow("parentheses") << "(1 + 2) * (3 - 1)" << 0.0 << 0.0 << 6.0;
        QTest::newRow("constants") << "pi + e" << 0.0 << 0.0 << std::numbers::pi + std::numbers::e;
        QTest::newRow("functions") << "sin(x) + cos(y) + tan(1) + abs(-2) + sqrt(16) + exp(0) + log(e) + tanh(0)" << 0.5
                                   << 0.25 << std::sin(0.5) + std::cos(0.25) + std::tan(1.0) + 2 + 4 + 1 + 1 + 0;
        QTest::newRow("floor and sign") << "floor(x) * sign(y)" << 2.7 << -3.0 << -2.0;
        QTest::newRow("nested") << "sin(2*x) * (y + abs(x - 1))" << 0.3 << 1.5
                                << std::sin(0.6) * (1.5 + std::fabs(0.3 - 1));
        QTest::newRow("spaces") << "  x+y " << 1.0 << 2.0 << 3.0;
    }
    void arithmetic()
    {
        QFETCH(QString, text);
        QFETCH(double, x);
        QFETCH(double, y);
        QFETCH(double, expected);
        const Formula f = Formula::parse(text.toStdString());
        QVERIFY(!f.isComparison());
        QCOMPARE(f(x, y), expected);
    }

    void comparisons()
    {
        const Formula above = Formula::parse("y > sin(2*x)");
        QVERIFY(above.isComparison());
        QCOMPARE(above(0.0, 0.5), 1.0);
        QCOMPARE(above(0.0, -0.5), 0.0);
        QCOMPARE(Formula::parse("x^2 + y^2 < 9")(1.0, 1.0), 1.0);
        QCOMPARE(Formula::parse("x <= 1")(1.0, 0.0), 1.0);
        QCOMPARE(Formula::parse("x >= 1")(0.5, 0.0), 0.0);
        QVERIFY(std::isnan(Formula::parse("sqrt(x)")(-1.0, 0.0)));
    }

    void errorsSayWhere_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "  "
                               << "the formula is empty";
        QTest::newRow("unclosed") << "(x + 1"
                                  << "at character 7: expected ')'";
        QTest::newRow("dangling operator") << "x +"
                                           << "at character 4: the formula ends where";
        QTest::newRow("unknown name") << "x + z"
                                      << "at character 5: unknown name 'z'";
        QTest::newRow("no implicit product") << "2x"
                                             << "at character 2: unexpected 'x' (write products with *";
        QTest::newRow("function without parentheses") << "sin x"
                                                      << "at character 5: expected '(' after sin";
        QTest::newRow("two comparisons") << "x < y < 1"
                                         << "at character 7: unexpected '<'";
        QTest::newRow("stray character") << "x $ y"
                                         << "at character 3: unexpected '$'";
        QTest::newRow("too long") << QString(501, 'x') << "longer than 500 characters";
        QTest::newRow("too deep") << QString(100, '(') + "x" + QString(100, ')') << "too deeply nested";
    }
    void errorsSayWhere()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const QString error = errorOf([&] { Formula::parse(text.toStdString()); });
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    // Deep but allowed nesting evaluates within the evaluator's stack.
    void deepNestingEvaluates()
    {
        QString text = "x";
        for (int i = 0; i < 30; ++i)
            text = "1 + 2 * (" + text + " ^ 1)";
        const Formula f = Formula::parse(text.toStdString());
        QVERIFY(std::isfinite(f(0.5, 0.0)));
    }

    // A comparison labels each point by the comparison at (about) its position; a surface is
    // scaled into [-1, 1]; the seed fixes the set.
    void generatesPoints()
    {
        GeneratorParams params;
        params.numPoints = 400;
        const Points2D classes = generateFromFormula(Formula::parse("y > x"), params);
        QCOMPARE(classes.problem, ProblemType::Classification);
        QCOMPARE(classes.numClasses, 2);
        QCOMPARE(int(classes.train.size() + classes.test.size()), 400);
        for (const Point2 &p : classes.train)
            QCOMPARE(p.value, p.y > p.x ? 1.0f : 0.0f);

        const Points2D surface = generateFromFormula(Formula::parse("x * y"), params);
        QCOMPARE(surface.problem, ProblemType::Regression);
        QCOMPARE(surface.numClasses, 0);
        float largest = 0.0f;
        for (const Point2 &p : surface.train) {
            QVERIFY(std::fabs(p.value - p.x * p.y / 36.0f) < 0.05f); // x*y peaks near 36 in the corners
            largest = std::max(largest, std::fabs(p.value));
        }
        QVERIFY(largest <= 1.0f && largest > 0.8f);

        QVERIFY(generateFromFormula(Formula::parse("y > x"), params).train == classes.train);
        params.seed = 2;
        QVERIFY(generateFromFormula(Formula::parse("y > x"), params).train != classes.train);

        params.noisePercent = 30; // some points now sit on the other side of their label
        int wrong = 0;
        for (const Point2 &p : generateFromFormula(Formula::parse("y > x"), params).train)
            wrong += p.value != (p.y > p.x ? 1.0f : 0.0f);
        QVERIFY(wrong > 0);
    }

    void undefinedEverywhereIsRefused()
    {
        GeneratorParams params;
        QVERIFY(errorOf([&] {
            generateFromFormula(Formula::parse("log(0) + x"), params);
        }).contains("is not a number over most of the plane"));
        // Undefined on half the plane: drawn again where it is defined.
        const Points2D half = generateFromFormula(Formula::parse("sqrt(x)"), params);
        for (const Point2 &p : half.train)
            QVERIFY(p.x >= 0.0f);
    }
};

QTEST_MAIN(TestFormula)
#include "tst_formula.moc"

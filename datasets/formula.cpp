#include "formula.h"

#include "error.h"
#include "pointsplit.h"
#include "random.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

namespace ds::data {
namespace {

struct Function {
    const char *name;
    double (*fn)(double);
};

double sign(double v)
{
    return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;
}

const Function kFunctions[] = {{"sin", [](double v) { return std::sin(v); }},
    {"cos", [](double v) { return std::cos(v); }}, {"tan", [](double v) { return std::tan(v); }},
    {"abs", [](double v) { return std::fabs(v); }}, {"sqrt", [](double v) { return std::sqrt(v); }},
    {"exp", [](double v) { return std::exp(v); }}, {"log", [](double v) { return std::log(v); }},
    {"tanh", [](double v) { return std::tanh(v); }}, {"floor", [](double v) { return std::floor(v); }}, {"sign", sign}};

constexpr std::size_t kMaxLength = 500; // a formula, not a program
constexpr int kMaxDepth = 64; // nested parentheses and powers

// Recursive descent over the grammar
//   formula    = sum [ ("<" | ">" | "<=" | ">=") sum ]
//   sum        = product { ("+" | "-") product }
//   product    = unary { ("*" | "/") unary }
//   unary      = "-" unary | "+" unary | power
//   power      = atom [ "^" unary ]            (right-associative: 2^3^2 = 2^9)
//   atom       = number | x | y | x1 | x2 | pi | e | function "(" sum ")" | "(" sum ")"
// emitting a postfix program as it goes.
class Parser {
public:
    explicit Parser(const std::string &text) : m_text(text) { }

    std::vector<Formula::Op> parse(bool &comparison)
    {
        sum();
        skipSpace();
        comparison = false;
        Formula::Op::Kind compare;
        if (take("<=")) {
            compare = Formula::Op::LessEq;
        } else if (take(">=")) {
            compare = Formula::Op::GreaterEq;
        } else if (take("<")) {
            compare = Formula::Op::Less;
        } else if (take(">")) {
            compare = Formula::Op::Greater;
        } else {
            expectEnd();
            return m_program;
        }
        sum();
        emit(compare);
        comparison = true;
        expectEnd();
        return m_program;
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        throw Error("at character " + std::to_string(m_pos + 1) + ": " + what);
    }
    void skipSpace()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }
    bool take(const char *token)
    {
        skipSpace();
        const std::string t(token);
        if (m_text.compare(m_pos, t.size(), t) != 0)
            return false;
        m_pos += t.size();
        return true;
    }
    void expectEnd()
    {
        skipSpace();
        if (m_pos < m_text.size())
            fail(std::string("unexpected '") + m_text[m_pos] + "'"
                + (m_text[m_pos] == '(' || std::isalnum(static_cast<unsigned char>(m_text[m_pos]))
                        ? " (write products with *, as in 2*x)"
                        : ""));
    }
    void emit(Formula::Op::Kind kind, double value = 0.0, double (*fn)(double) = nullptr)
    {
        m_program.push_back({kind, value, fn});
    }
    void enter()
    {
        if (++m_depth > kMaxDepth)
            fail("too deeply nested");
    }

    void sum()
    {
        product();
        for (;;) {
            if (take("+")) {
                product();
                emit(Formula::Op::Add);
            } else if (take("-")) {
                product();
                emit(Formula::Op::Sub);
            } else {
                return;
            }
        }
    }
    void product()
    {
        unary();
        for (;;) {
            if (take("*")) {
                unary();
                emit(Formula::Op::Mul);
            } else if (take("/")) {
                unary();
                emit(Formula::Op::Div);
            } else {
                return;
            }
        }
    }
    void unary()
    {
        enter();
        if (take("-")) {
            unary();
            emit(Formula::Op::Neg);
        } else if (take("+")) {
            unary();
        } else {
            atom();
            if (take("^")) {
                unary();
                emit(Formula::Op::Pow);
            }
        }
        --m_depth;
    }
    void atom()
    {
        skipSpace();
        if (m_pos >= m_text.size())
            fail("the formula ends where a number, x, y or '(' was expected");
        const char c = m_text[m_pos];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            std::size_t used = 0;
            double v = 0.0;
            try {
                v = std::stod(m_text.substr(m_pos), &used);
            } catch (const std::exception &) {
                fail("a number was expected");
            }
            m_pos += used;
            emit(Formula::Op::Number, v);
            return;
        }
        if (take("(")) {
            sum();
            if (!take(")"))
                fail("expected ')'");
            return;
        }
        if (!std::isalpha(static_cast<unsigned char>(c)))
            fail(std::string("unexpected '") + c + "'");
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && std::isalnum(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
        const std::string name = m_text.substr(start, m_pos - start);
        if (name == "x" || name == "x1")
            return emit(Formula::Op::X);
        if (name == "y" || name == "x2")
            return emit(Formula::Op::Y);
        if (name == "pi")
            return emit(Formula::Op::Number, std::numbers::pi);
        if (name == "e")
            return emit(Formula::Op::Number, std::numbers::e);
        for (const Function &f : kFunctions)
            if (name == f.name) {
                if (!take("("))
                    fail("expected '(' after " + name);
                sum();
                if (!take(")"))
                    fail("expected ')' to close " + name + "(");
                return emit(Formula::Op::Call, 0.0, f.fn);
            }
        m_pos = start;
        fail("unknown name '" + name + "'; known: x, y (or x1, x2), pi, e and the functions " + formulaFunctions());
    }

    const std::string &m_text;
    std::size_t m_pos = 0;
    int m_depth = 0;
    std::vector<Formula::Op> m_program;
};

} // namespace

std::string formulaFunctions()
{
    std::string out;
    for (const Function &f : kFunctions)
        out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

Formula Formula::parse(const std::string &text)
{
    if (text.size() > kMaxLength)
        throw Error("the formula is longer than " + std::to_string(kMaxLength) + " characters");
    if (text.find_first_not_of(" \t") == std::string::npos)
        throw Error("the formula is empty");
    Formula f;
    f.m_text = text;
    f.m_program = Parser(text).parse(f.m_comparison);
    return f;
}

double Formula::operator()(double x, double y) const
{
    double stack[4 * kMaxDepth + 8];
    int top = 0; // at most three values wait per level of nesting, and the parser limits that
    for (const Op &op : m_program) {
        switch (op.kind) {
        case Op::Number: stack[top++] = op.value; break;
        case Op::X: stack[top++] = x; break;
        case Op::Y: stack[top++] = y; break;
        case Op::Neg: stack[top - 1] = -stack[top - 1]; break;
        case Op::Call: stack[top - 1] = op.fn(stack[top - 1]); break;
        default: {
            const double b = stack[--top], a = stack[top - 1];
            double r = 0.0;
            switch (op.kind) {
            case Op::Add: r = a + b; break;
            case Op::Sub: r = a - b; break;
            case Op::Mul: r = a * b; break;
            case Op::Div: r = a / b; break;
            case Op::Pow: r = std::pow(a, b); break;
            case Op::Less: r = a < b ? 1.0 : 0.0; break;
            case Op::Greater: r = a > b ? 1.0 : 0.0; break;
            case Op::LessEq: r = a <= b ? 1.0 : 0.0; break;
            case Op::GreaterEq: r = a >= b ? 1.0 : 0.0; break;
            default: break;
            }
            stack[top - 1] = r;
        }
        }
    }
    return stack[0];
}

Points2D generateFromFormula(const Formula &formula, const GeneratorParams &params)
{
    if (params.numPoints < 10 || params.numPoints > 100000)
        throw Error("number of points must be between 10 and 100000 (got " + std::to_string(params.numPoints) + ")");
    if (params.noisePercent < 0 || params.noisePercent > 50)
        throw Error("noise must be between 0 and 50 (got " + std::to_string(params.noisePercent) + ")");
    checkTrainPercent(params.trainPercent);
    Rng rng(params.seed);
    const double noise = params.noisePercent / 100.0;
    std::vector<Point2> all;
    all.reserve(std::size_t(params.numPoints));
    double largest = 0.0;
    // Points where the formula is undefined are drawn again, a bounded number of times.
    for (long tries = 0; int(all.size()) < params.numPoints && tries < 20L * params.numPoints; ++tries) {
        const double x = rng.uniform(-kDomain, kDomain), y = rng.uniform(-kDomain, kDomain);
        // Classes are judged at a nudged position (as the playground's noise does); a
        // regression value gets noise added after scaling, below.
        const double jx = x + rng.uniform(-kDomain, kDomain) * noise * 0.5;
        const double jy = y + rng.uniform(-kDomain, kDomain) * noise * 0.5;
        const double v = formula.isComparison() ? formula(jx, jy) : formula(x, y);
        if (!std::isfinite(v))
            continue;
        largest = std::max(largest, std::fabs(v));
        all.push_back({float(x), float(y), float(v)});
    }
    if (int(all.size()) < params.numPoints)
        throw Error(
            "the formula '" + formula.text() + "' is not a number over most of the plane (x and y from -6 to 6)");
    Points2D out;
    out.problem = formula.isComparison() ? ProblemType::Classification : ProblemType::Regression;
    out.numClasses = formula.isComparison() ? 2 : 0;
    if (!formula.isComparison())
        for (Point2 &p : all) {
            const double scaled = largest > 0 ? p.value / largest : 0.0;
            p.value = float(scaled + rng.uniform(-1.0f, 1.0f) * noise);
        }
    shuffleAndSplit(std::move(all), params.trainPercent, rng, out);
    return out;
}

} // namespace ds::data

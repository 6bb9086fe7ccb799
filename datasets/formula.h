// A data set from a formula the user types: "y > sin(2*x)" gives two classes (the points where
// the comparison holds, and the rest); "x*y / 6" gives a regression surface. The formula is
// parsed here, by a small recursive-descent parser that only knows numbers, x and y (or x1 and
// x2), pi and e, + - * / ^, parentheses, one comparison (< > <= >=) and a fixed list of
// functions: it can compute nothing else, and a bad formula gets a message that says where.
#pragma once

#include "points2d.h"

#include <string>
#include <vector>

namespace ds::data {

class Formula {
public:
    // Throws ds::Error ("at character 7: expected ')'") for a formula it cannot read.
    static Formula parse(const std::string &text);

    // The value at (x, y); a comparison gives 1 where it holds and 0 elsewhere. Not a number
    // where the formula is undefined (sqrt(-1), log(0)...).
    double operator()(double x, double y) const;
    bool isComparison() const { return m_comparison; }
    const std::string &text() const { return m_text; }

    struct Op {
        enum Kind { Number, X, Y, Add, Sub, Mul, Div, Pow, Neg, Less, Greater, LessEq, GreaterEq, Call } kind;
        double value = 0.0; // Number
        double (*fn)(double) = nullptr; // Call
    };

private:
    std::string m_text;
    std::vector<Op> m_program; // postfix
    bool m_comparison = false;
};

// The functions a formula may call, for the UI's hint.
std::string formulaFunctions();

// Points drawn uniformly over the plane with the seed, labelled by the formula: a comparison
// gives two classes (1 where it holds), anything else a regression target scaled into [-1, 1]
// by the largest value drawn. Noise moves where a point is judged (classes) or adds to its
// value (regression), as the generators' noise does. Throws ds::Error when the formula is
// undefined at every point or the parameters are out of range.
Points2D generateFromFormula(const Formula &formula, const GeneratorParams &params);

} // namespace ds::data

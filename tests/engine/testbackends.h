// Helpers shared by the engine tests: every test runs on each backend present (QFETCH over
// "backend"), and finite-difference gradients.
#pragma once

#include "backend.h"

#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace ds::test {

// Adds a "backend" column and one row per backend id (cpu always; cuda listed with the reason it
// is skipped when it is not available, so every run says what did not run).
void addBackendRows();
// The backend for the current row, or null after QSKIP-worthy text in `skipReason`.
std::unique_ptr<Backend> backendForRow(QString *skipReason);

// d f / d v[i] by central differences, restoring v. f reads v (through whatever upload it needs).
std::vector<double> numericGradient(std::vector<float> &v, const std::function<double()> &f, float eps = 1e-2f);

// What central differences of a float forward pass (step 1e-2) cannot resolve: rounding in the
// outputs, divided by the step. Measured below 1e-4 on every layer checked; 1e-3 leaves room.
constexpr double kGradientNoise = 1e-3;
// Compares element by element: |a - n| <= tol * max(|a|, |n|) + kGradientNoise. Returns "" or a
// description of the worst mismatch.
QString compareGradients(const std::vector<float> &analytic, const std::vector<double> &numeric, double tol);

std::vector<float> randomVector(std::size_t n, float lo, float hi, unsigned seed);

} // namespace ds::test

// Runs the current row's backend or skips with its reason.
#define DS_BACKEND(name)                                                                                               \
    QString dsSkipReason_;                                                                                             \
    auto name = ds::test::backendForRow(&dsSkipReason_);                                                               \
    if (!name)                                                                                                         \
    QSKIP(qPrintable(dsSkipReason_))

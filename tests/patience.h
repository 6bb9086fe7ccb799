// How long a test waits for something that takes real time (a child process, a training epoch).
// Instrumented builds (AddressSanitizer, ThreadSanitizer, libFuzzer) run several times slower, so
// every such wait is scaled by the same factor as the test's CTest limit (tests/CMakeLists.txt).
#pragma once

#ifndef DEEPSCOPE_TEST_SLOWDOWN
#define DEEPSCOPE_TEST_SLOWDOWN 1
#endif

namespace deepscope::test {

constexpr int patience(int milliseconds) { return milliseconds * DEEPSCOPE_TEST_SLOWDOWN; }

} // namespace deepscope::test

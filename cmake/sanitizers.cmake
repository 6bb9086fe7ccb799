# Sanitizer builds, each in a build folder of its own (tools/test-sanitizers):
#   DEEPSCOPE_SANITIZE=address  AddressSanitizer and UndefinedBehaviorSanitizer on every target;
#                               the whole suite runs under them
#   DEEPSCOPE_SANITIZE=thread   ThreadSanitizer; the tests labelled "threads" (the workers and the
#                               window) run under it
#   DEEPSCOPE_FUZZ=ON           with Clang: libFuzzer targets for every file reader (tests/fuzz),
#                               the libraries instrumented for them (-fsanitize=fuzzer-no-link)
# Undefined behaviour stops the test (no recovery), so a finding fails CI. The CUDA plugin is
# left out of these builds: nvcc code is not instrumented.
set(DEEPSCOPE_SANITIZE "" CACHE STRING "Sanitizers for the whole build: address (ASan + UBSan) or thread (TSan)")
set_property(CACHE DEEPSCOPE_SANITIZE PROPERTY STRINGS "" address thread)
option(DEEPSCOPE_FUZZ "Build the libFuzzer targets of tests/fuzz (needs Clang)" OFF)

set(_sanitize "")
if(DEEPSCOPE_SANITIZE STREQUAL "address")
  set(_sanitize -fsanitize=address,undefined -fno-sanitize-recover=undefined)
elseif(DEEPSCOPE_SANITIZE STREQUAL "thread")
  set(_sanitize -fsanitize=thread)
elseif(NOT DEEPSCOPE_SANITIZE STREQUAL "")
  message(FATAL_ERROR "DEEPSCOPE_SANITIZE must be address, thread or empty (got '${DEEPSCOPE_SANITIZE}')")
endif()
if(DEEPSCOPE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DEEPSCOPE_FUZZ needs Clang (CXX=clang++): libFuzzer is Clang's")
  endif()
  list(APPEND _sanitize -fsanitize=fuzzer-no-link)
endif()
if(_sanitize)
  # -O1 and line tables only: readable stacks, and a whole build in a fraction of -O2 -g's time
  # (CI builds this tree from scratch).
  add_compile_options(${_sanitize} -fno-omit-frame-pointer -O1 $<IF:$<CXX_COMPILER_ID:Clang>,-gline-tables-only,-g1>)
  add_link_options(${_sanitize})
  set(DEEPSCOPE_WITH_CUDA OFF CACHE BOOL "" FORCE)
endif()

# Which vector instructions the C++ code may use. The playground's tiny networks are bound by
# per-step work that AVX2 and FMA halve, so a build for the machine it runs on uses them when
# that machine has them; a package for other machines must say DEEPSCOPE_CPU=baseline.
# (-march=x86-64-v3 rather than native: native turns on AVX-512, where GCC 12 warns in Eigen.)
include(CheckCXXCompilerFlag)
set(_cpu_flag "")
if(DEEPSCOPE_CPU STREQUAL "native")
  set(_cpu_flag -march=native)
elseif(DEEPSCOPE_CPU STREQUAL "auto" AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64" AND EXISTS /proc/cpuinfo)
  file(READ /proc/cpuinfo _cpuinfo LIMIT 8192)
  check_cxx_compiler_flag(-march=x86-64-v3 DEEPSCOPE_HAS_X86_64_V3_FLAG)
  if(_cpuinfo MATCHES " avx2 " AND _cpuinfo MATCHES " fma " AND _cpuinfo MATCHES " bmi2 "
     AND DEEPSCOPE_HAS_X86_64_V3_FLAG)
    set(_cpu_flag -march=x86-64-v3)
  endif()
elseif(NOT DEEPSCOPE_CPU MATCHES "^(auto|baseline)$")
  message(FATAL_ERROR "DEEPSCOPE_CPU must be auto, baseline or native (got '${DEEPSCOPE_CPU}')")
endif()
if(_cpu_flag)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:${_cpu_flag}>)
  message(STATUS "CPU: ${_cpu_flag} (DEEPSCOPE_CPU=${DEEPSCOPE_CPU})")
else()
  message(STATUS "CPU: baseline x86-64 / the compiler's default (DEEPSCOPE_CPU=${DEEPSCOPE_CPU})")
endif()

# Run at build time (cmake -P): writes OUT, a header with the commit the program is built from,
# so that `deepscope --version` says where it came from. From git when the source is a clone;
# from cmake/commit.txt when it is an export (`git archive` fills that file in: .gitattributes);
# "unknown" otherwise. The header changes only when the commit does, so nothing rebuilds for nothing.
set(commit "")
find_program(GIT git)
if(GIT AND EXISTS ${SOURCE_DIR}/.git)
  execute_process(COMMAND ${GIT} -C ${SOURCE_DIR} rev-parse --short=12 HEAD
                  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(commit STREQUAL "")
  file(STRINGS ${SOURCE_DIR}/cmake/commit.txt exported LIMIT_COUNT 1)
  if(NOT exported MATCHES "Format") # still the placeholder: not an export
    set(commit "${exported}")
  endif()
endif()
if(commit STREQUAL "")
  set(commit unknown)
endif()
set(text "// Written by cmake/buildcommit.cmake at build time.\n#define DEEPSCOPE_COMMIT \"${commit}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUT} "${text}")
endif()

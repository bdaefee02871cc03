# cjson.cmake — unpacks cJSON's Debian source package (fetched by scripts/setup.sh), applies
# Debian's patches in series order, and defines the static library `hub_cjson`.

file(GLOB _cj_orig "${HUB_DEPS_DIR}/cjson/cjson_*.orig.tar.gz")
file(GLOB _cj_deb "${HUB_DEPS_DIR}/cjson/cjson_*.debian.tar.xz")
if(NOT _cj_orig OR NOT _cj_deb)
  message(FATAL_ERROR "cJSON's source package is missing from ${HUB_DEPS_DIR}/cjson: run scripts/setup.sh")
endif()

set(_cj_root "${CMAKE_BINARY_DIR}/cjson")
if(NOT EXISTS "${_cj_root}/.patched" OR "${_cj_orig}" IS_NEWER_THAN "${_cj_root}/.patched")
  file(REMOVE_RECURSE "${_cj_root}")
  file(ARCHIVE_EXTRACT INPUT "${_cj_orig}" DESTINATION "${_cj_root}")
  file(ARCHIVE_EXTRACT INPUT "${_cj_deb}" DESTINATION "${_cj_root}")
  file(GLOB _cj_src LIST_DIRECTORIES true "${_cj_root}/cJSON-*")
  file(STRINGS "${_cj_root}/debian/patches/series" _cj_series)
  foreach(_p IN LISTS _cj_series)
    if(_p MATCHES "^[ \t]*(#|$)")
      continue()
    endif()
    execute_process(COMMAND patch -p1 -s -i "${_cj_root}/debian/patches/${_p}"
                    WORKING_DIRECTORY "${_cj_src}" RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "applying Debian's cJSON patch ${_p} failed")
    endif()
  endforeach()
  file(TOUCH "${_cj_root}/.patched")
endif()
file(GLOB CJSON_DIR LIST_DIRECTORIES true "${_cj_root}/cJSON-*")

add_library(hub_cjson STATIC "${CJSON_DIR}/cJSON.c")
target_include_directories(hub_cjson SYSTEM PUBLIC "${CJSON_DIR}")
# cJSON's defaults are fine; it is third-party code, so our -Werror does not apply to it.
target_compile_options(hub_cjson PRIVATE -w)

# Third-party dependencies of flowkit, for native (g++) and Emscripten builds.
#
#   fk_imgui        static  Dear ImGui 1.86 core, from Debian's source package in ${FLOWKIT_CACHE}/src
#   fk_imgui_gl3    static  ImGui OpenGL3 backend: WebGL2/GLES3 on the web; natively GL + GLFW backend
#                           (natively only if OpenGL and glfw3 are found: test `if(TARGET fk_imgui_gl3)`)
#   fk_phonenumber  iface   libphonenumber: Debian's natively; on the web the static wasm chain built by
#                           scripts/build-wasm-deps.sh into ${FLOWKIT_CACHE}/wasm-deps-v2 (run at configure)
#   fk_json         iface   nlohmann/json (header only)
#   fk_fonts        static  font_data.h: Inter subsets as arrays (font_regular[], font_regular_len,
#                           font_regular_em_to_px, font_semibold...), regenerated when the inputs change
#   native only:    fk_httplib, fk_sqlite, fk_sodium, GTest::gtest + GTest::gtest_main
#
# Everything comes from Debian packages installed by scripts/setup.sh.
include_guard(GLOBAL)

set(_fk_root "${CMAKE_CURRENT_LIST_DIR}/..")
cmake_path(NORMAL_PATH _fk_root)
if(NOT FLOWKIT_CACHE)
  set(FLOWKIT_CACHE "$ENV{HOME}/.cache/flowkit")
endif()
set(_fk_setup_hint "run scripts/setup.sh (installs the Debian packages and unpacks the sources into ${FLOWKIT_CACHE}/src)")
# Debian's python (python3 on PATH may be another interpreter without fontTools).
set(FLOWKIT_SYSTEM_PYTHON "/usr/bin/python3" CACHE FILEPATH "Python with fontTools (Debian python3-fonttools)")

if(EMSCRIPTEN)
  # emcc 3.1.6 runs its JS optimizer (Debian's node-acorn) when it links optimized code; the
  # machine's node does not search /usr/share/nodejs. Set NODE_PATH for this configure (the wasm
  # deps script) and, through a linker launcher, for every link of targets created after this;
  # also where the closure compiler (npm, installed by scripts/setup.sh) is, for --closure 1.
  if("$ENV{NODE_PATH}" STREQUAL "")
    set(ENV{NODE_PATH} "/usr/share/nodejs")
  endif()
  foreach(_lang C CXX)
    if(NOT CMAKE_${_lang}_LINKER_LAUNCHER)
      set(CMAKE_${_lang}_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=$ENV{NODE_PATH}
          EM_CLOSURE_COMPILER=${FLOWKIT_CACHE}/npm/node_modules/.bin/google-closure-compiler)
    endif()
  endforeach()
endif()

# Third-party code is not ours to warn about.
function(_fk_quiet target)
  target_compile_options(${target} PRIVATE -w)
endfunction()

# ---------------------------------------------------------------------------------------------
# Dear ImGui 1.86
# ---------------------------------------------------------------------------------------------
set(_fk_imgui_dir "${FLOWKIT_CACHE}/src/imgui-1.86+ds")
if(NOT EXISTS "${_fk_imgui_dir}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui 1.86 sources not found in ${_fk_imgui_dir}: ${_fk_setup_hint}")
endif()

add_library(fk_imgui STATIC
  ${_fk_imgui_dir}/imgui.cpp ${_fk_imgui_dir}/imgui_draw.cpp
  ${_fk_imgui_dir}/imgui_tables.cpp ${_fk_imgui_dir}/imgui_widgets.cpp)
target_include_directories(fk_imgui SYSTEM PUBLIC ${_fk_imgui_dir} ${_fk_imgui_dir}/backends)
# Part of the ABI (they change imgui.h): PUBLIC. The 1.86 key API (io.KeysDown[], io.KeyMap[])
# is not affected by IMGUI_DISABLE_OBSOLETE_FUNCTIONS (IMGUI_DISABLE_OBSOLETE_KEYIO is 1.87+).
target_compile_definitions(fk_imgui PUBLIC IMGUI_DISABLE_FILE_FUNCTIONS IMGUI_DISABLE_OBSOLETE_FUNCTIONS
  IMGUI_DISABLE_METRICS_WINDOW)  # the widget never shows ImGui's debug windows (wasm size)
_fk_quiet(fk_imgui)

if(EMSCRIPTEN)
  add_library(fk_imgui_gl3 STATIC ${_fk_imgui_dir}/backends/imgui_impl_opengl3.cpp)
  # The header would pick GLES2 on Emscripten; WebGL2 + "#version 300 es" needs ES3.
  target_compile_definitions(fk_imgui_gl3 PUBLIC IMGUI_IMPL_OPENGL_ES3)
  target_link_options(fk_imgui_gl3 INTERFACE -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
  target_link_libraries(fk_imgui_gl3 PUBLIC fk_imgui)
  _fk_quiet(fk_imgui_gl3)
else()
  set(OpenGL_GL_PREFERENCE GLVND)
  find_package(OpenGL QUIET)
  find_package(glfw3 CONFIG QUIET)
  if(TARGET OpenGL::GL AND TARGET glfw)
    add_library(fk_imgui_gl3 STATIC
      ${_fk_imgui_dir}/backends/imgui_impl_opengl3.cpp ${_fk_imgui_dir}/backends/imgui_impl_glfw.cpp)
    # imgui's own GL loader dlopen()s libGL at run time.
    target_link_libraries(fk_imgui_gl3 PUBLIC fk_imgui OpenGL::GL glfw ${CMAKE_DL_LIBS})
    _fk_quiet(fk_imgui_gl3)
  else()
    message(STATUS "fk_imgui_gl3: OpenGL or glfw3 not found, no native desktop window (libgl-dev, libglfw3-dev)")
  endif()
endif()

# ---------------------------------------------------------------------------------------------
# libphonenumber 8.12.57
# ---------------------------------------------------------------------------------------------
add_library(fk_phonenumber INTERFACE)
if(EMSCRIPTEN)
  set(FLOWKIT_WASM_DEPS "${FLOWKIT_CACHE}/wasm-deps-v2")   # keep -vN in step with scripts/build-wasm-deps.sh
  set(FLOWKIT_PHONE_METADATA "lite" CACHE STRING
      "Web libphonenumber metadata: lite (no example numbers: GetExampleNumber* find nothing) or full")
  set_property(CACHE FLOWKIT_PHONE_METADATA PROPERTY STRINGS lite full)
  set(_fk_stamp "${FLOWKIT_WASM_DEPS}/flowkit-wasm-deps.stamp")
  if(NOT EXISTS "${_fk_stamp}")
    message(STATUS "fk_phonenumber: building the wasm libphonenumber chain into ${FLOWKIT_WASM_DEPS} "
                   "(once; about 2-3 min on 2 cores)")
    execute_process(
      COMMAND ${CMAKE_COMMAND} -E env FLOWKIT_CACHE=${FLOWKIT_CACHE}
              bash ${_fk_root}/scripts/build-wasm-deps.sh ${FLOWKIT_WASM_DEPS}
      RESULT_VARIABLE _fk_rc)
    if(NOT _fk_rc EQUAL 0 OR NOT EXISTS "${_fk_stamp}")
      message(FATAL_ERROR "scripts/build-wasm-deps.sh failed (exit ${_fk_rc}); see its output above. "
                          "If sources or tools are missing: ${_fk_setup_hint}")
    endif()
  endif()
  # Reconfigure (and so rebuild the prefix) if the prefix is rebuilt or removed.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_fk_stamp}")

  function(_fk_import name file)
    add_library(fkdeps::${name} STATIC IMPORTED GLOBAL)
    set_target_properties(fkdeps::${name} PROPERTIES IMPORTED_LOCATION "${FLOWKIT_WASM_DEPS}/lib/${file}")
    if(ARGN)
      set_property(TARGET fkdeps::${name} PROPERTY INTERFACE_LINK_LIBRARIES ${ARGN})
    endif()
  endfunction()
  # Link order: each archive before what it uses (wasm-ld does not need it, but be correct).
  file(GLOB _fk_absl_libs RELATIVE "${FLOWKIT_WASM_DEPS}/lib" "${FLOWKIT_WASM_DEPS}/lib/libabsl_*.a")
  set(_fk_absl_targets)
  foreach(_lib IN LISTS _fk_absl_libs)
    string(REGEX REPLACE "^lib(.*)\\.a$" "\\1" _name "${_lib}")
    _fk_import(${_name} ${_lib})
    list(APPEND _fk_absl_targets fkdeps::${_name})
  endforeach()
  _fk_import(icu_uchar libfk_icu_uchar.a)
  _fk_import(protobuf_lite libprotobuf-lite.a)
  _fk_import(re2 libre2.a)
  _fk_import(phonenumber_metadata libphonenumber_metadata_${FLOWKIT_PHONE_METADATA}.a)
  _fk_import(phonenumber libphonenumber.a
             fkdeps::phonenumber_metadata fkdeps::re2 fkdeps::protobuf_lite fkdeps::icu_uchar ${_fk_absl_targets})
  target_include_directories(fk_phonenumber SYSTEM INTERFACE "${FLOWKIT_WASM_DEPS}/include")
  # Same configuration the archives were built with (lock/singleton implementation is in headers).
  target_compile_definitions(fk_phonenumber INTERFACE I18N_PHONENUMBERS_USE_RE2 I18N_PHONENUMBERS_USE_STDMUTEX)
  target_link_libraries(fk_phonenumber INTERFACE fkdeps::phonenumber)
else()
  # Debian libphonenumber-dev has no pkg-config / CMake config.
  find_path(FK_PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h)
  find_library(FK_PHONENUMBER_LIBRARY phonenumber)
  find_path(FK_ABSL_INCLUDE_DIR absl/container/node_hash_set.h)   # phonenumberutil.h includes abseil
  if(NOT FK_PHONENUMBER_INCLUDE_DIR OR NOT FK_PHONENUMBER_LIBRARY OR NOT FK_ABSL_INCLUDE_DIR)
    message(FATAL_ERROR "libphonenumber not found (Debian libphonenumber-dev, libabsl-dev): ${_fk_setup_hint}")
  endif()
  find_package(Protobuf REQUIRED)   # PhoneNumber is a protobuf message (CopyFrom, Serialize... live there)
  target_include_directories(fk_phonenumber INTERFACE ${FK_PHONENUMBER_INCLUDE_DIR} ${FK_ABSL_INCLUDE_DIR})
  # The .so carries its own abseil/ICU dependencies; nothing else is needed at link time.
  target_link_libraries(fk_phonenumber INTERFACE ${FK_PHONENUMBER_LIBRARY} protobuf::libprotobuf)
endif()

# ---------------------------------------------------------------------------------------------
# nlohmann/json (header only)
# ---------------------------------------------------------------------------------------------
add_library(fk_json INTERFACE)
if(EMSCRIPTEN)
  # Never put /usr/include on an Emscripten include path (host libc headers): expose only nlohmann/.
  set(FLOWKIT_NLOHMANN_DIR "/usr/include/nlohmann" CACHE PATH "Debian nlohmann-json3-dev headers")
  if(NOT EXISTS "${FLOWKIT_NLOHMANN_DIR}/json.hpp")
    message(FATAL_ERROR "${FLOWKIT_NLOHMANN_DIR}/json.hpp not found (nlohmann-json3-dev): ${_fk_setup_hint}")
  endif()
  set(_fk_json_inc "${CMAKE_BINARY_DIR}/_deps/fk_json/include")
  file(MAKE_DIRECTORY "${_fk_json_inc}")
  file(CREATE_LINK "${FLOWKIT_NLOHMANN_DIR}" "${_fk_json_inc}/nlohmann" SYMBOLIC)
  target_include_directories(fk_json SYSTEM INTERFACE "${_fk_json_inc}")
else()
  find_package(nlohmann_json 3 CONFIG REQUIRED)
  target_link_libraries(fk_json INTERFACE nlohmann_json::nlohmann_json)
endif()

# ---------------------------------------------------------------------------------------------
# Fonts: Debian fonts-inter, subset to Latin (pyftsubset), embedded as arrays
# ---------------------------------------------------------------------------------------------
set(FLOWKIT_INTER_DIR "/usr/share/fonts/opentype/inter" CACHE PATH "Debian fonts-inter")
# NAME=FILE pairs: NAME[] / NAME_len / NAME_em_to_px in font_data.h (a plain variable, not a
# cache entry, so an existing build folder follows a change here)
set(FLOWKIT_FONTS "font_regular=Inter-Regular.otf;font_semibold=Inter-SemiBold.otf")
set(FLOWKIT_FONT_UNICODES "U+0020-007E,U+00A0-00FF,U+2013-2014,U+2018-201D,U+2022,U+2026,U+20AC" CACHE STRING
    "Code points kept in the embedded fonts")
execute_process(COMMAND ${FLOWKIT_SYSTEM_PYTHON} -c "import fontTools.subset"
                RESULT_VARIABLE _fk_rc OUTPUT_QUIET ERROR_QUIET)
if(NOT _fk_rc EQUAL 0)
  message(FATAL_ERROR "${FLOWKIT_SYSTEM_PYTHON} cannot import fontTools (python3-fonttools): ${_fk_setup_hint}")
endif()
set(_fk_font_dir "${CMAKE_BINARY_DIR}/_deps/fk_fonts")
set(_fk_font_gen "${_fk_root}/web/fonts/gen_font_header.py")
set(_fk_font_specs)
set(_fk_font_subsets)
foreach(_spec IN LISTS FLOWKIT_FONTS)
  string(REPLACE "=" ";" _pair "${_spec}")
  list(GET _pair 0 _name)
  list(GET _pair 1 _file)
  set(_src "${FLOWKIT_INTER_DIR}/${_file}")
  if(NOT EXISTS "${_src}")
    message(FATAL_ERROR "font ${_src} not found (fonts-inter): ${_fk_setup_hint}")
  endif()
  get_filename_component(_stem "${_file}" NAME_WE)
  get_filename_component(_ext "${_file}" LAST_EXT)
  set(_out "${_fk_font_dir}/${_stem}.subset${_ext}")
  add_custom_command(
    OUTPUT "${_out}"
    COMMAND ${FLOWKIT_SYSTEM_PYTHON} -m fontTools.subset "${_src}" --unicodes=${FLOWKIT_FONT_UNICODES}
            --layout-features=kern --output-file=${_out}
    DEPENDS "${_src}"
    COMMENT "pyftsubset ${_file} (Latin)"
    VERBATIM)
  list(APPEND _fk_font_subsets "${_out}")
  list(APPEND _fk_font_specs "${_name}=${_out}")
endforeach()
add_custom_command(
  OUTPUT "${_fk_font_dir}/include/font_data.h" "${_fk_font_dir}/font_data.cpp"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${_fk_font_dir}/include"
  COMMAND ${FLOWKIT_SYSTEM_PYTHON} "${_fk_font_gen}"
          "${_fk_font_dir}/include/font_data.h" "${_fk_font_dir}/font_data.cpp" ${_fk_font_specs}
  DEPENDS ${_fk_font_subsets} "${_fk_font_gen}"
  COMMENT "font_data.h: ${FLOWKIT_FONTS}"
  VERBATIM)
add_library(fk_fonts STATIC "${_fk_font_dir}/font_data.cpp" "${_fk_font_dir}/include/font_data.h")
target_include_directories(fk_fonts PUBLIC "${_fk_font_dir}/include")

# ---------------------------------------------------------------------------------------------
# Native only: HTTP, SQLite, libsodium, GoogleTest
# ---------------------------------------------------------------------------------------------
if(NOT EMSCRIPTEN)
  find_package(PkgConfig REQUIRED)
  find_package(Threads REQUIRED)

  # Debian's httplib.h is the split build: declarations only, the code is in libcpp-httplib.so,
  # built with OpenSSL, zlib and brotli. The pkg-config flags (-DCPPHTTPLIB_*_SUPPORT) must be
  # used because they change the classes' layout.
  pkg_check_modules(FK_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
  add_library(fk_httplib INTERFACE)
  target_link_libraries(fk_httplib INTERFACE PkgConfig::FK_HTTPLIB Threads::Threads)

  find_package(SQLite3 REQUIRED)
  add_library(fk_sqlite INTERFACE)
  target_link_libraries(fk_sqlite INTERFACE SQLite::SQLite3)

  pkg_check_modules(FK_SODIUM REQUIRED IMPORTED_TARGET libsodium)
  add_library(fk_sodium INTERFACE)
  target_link_libraries(fk_sodium INTERFACE PkgConfig::FK_SODIUM)

  find_package(GTest REQUIRED)   # GTest::gtest, GTest::gtest_main
endif()

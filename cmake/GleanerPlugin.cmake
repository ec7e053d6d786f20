# gleaner_add_plugin(<target> [NO_INSTALL] <sources>...) — build a Gleaner plugin as a loadable module.
# Shipped with the SDK's CMake package, so built-in and third-party plugins are built the same way:
#   find_package(Gleaner REQUIRED)
#   gleaner_add_plugin(gleaner_hello hello.cpp)
# The module is named <target>.so (no "lib" prefix) and exports only gleaner_plugin_entry.
function(gleaner_add_plugin target)
  cmake_parse_arguments(PLUGIN "NO_INSTALL" "" "" ${ARGN})
  add_library(${target} MODULE ${PLUGIN_UNPARSED_ARGUMENTS})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(${target} PRIVATE Gleaner::plugin)
  target_compile_features(${target} PRIVATE cxx_std_17)
  if(COMMAND gleaner_warnings)
    gleaner_warnings(${target})
  endif()
  # Inside Gleaner's own tree: collect plugins in build/plugins and install them with the daemon.
  if(PLUGIN_NO_INSTALL)  # test plugins: built next to their tests, never installed
    return()
  endif()
  if(DEFINED GLEANER_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${GLEANER_PLUGIN_OUTPUT_DIR})
  endif()
  if(DEFINED GLEANER_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${GLEANER_PLUGIN_INSTALL_DIR})
  endif()
endfunction()

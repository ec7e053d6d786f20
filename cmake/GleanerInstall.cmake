# What `cmake --install build [--prefix P]` lays out, all of it under the prefix (FHS places when the
# prefix is /usr, as in the .deb):
#   bin/gleaner                                   the daemon
#   lib/gleaner/plugins/gleaner_<type>.so         built-in plugins (installed by gleaner_add_plugin)
#   share/doc/gleaner/README.md, examples/        the documentation the unit's Documentation= names
#   share/man/man1/gleaner.1                      the manual page, generated from the commands' help
#   share/bash-completion/completions/gleaner     bash completion, generated the same way
#   lib/systemd/system/gleaner.service, lib/sysusers.d, lib/tmpfiles.d
#   include/gleaner/plugin.h, *.hpp               the plugin SDK (C ABI, C++ helper, settings, templates;
#                                                 component sdk: the -dev package)
#   include/gleaner/extract.h, lib/libgleaner-extract.so   the extractor's C API (Gleaner::extract)
#   share/gleaner/article.schema.json             the article JSON (extract --format json, plugins)
#   lib/cmake/Gleaner/                            find_package(Gleaner) → Gleaner::plugin, Gleaner::extract,
#                                                 gleaner_add_plugin
#   P/etc/gleaner/gleaner.yaml                    the example configuration, only when there is none
#                                                 yet (component config; /etc when the prefix is /usr;
#                                                 not in the .deb, whose operator writes their own)
include(CMakePackageConfigHelpers)

file(STRINGS ${PROJECT_SOURCE_DIR}/include/gleaner/plugin.h abi_major REGEX "#define GLEANER_ABI_MAJOR")
file(STRINGS ${PROJECT_SOURCE_DIR}/include/gleaner/plugin.h abi_minor REGEX "#define GLEANER_ABI_MINOR")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" GLEANER_ABI_MAJOR "${abi_major}")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" GLEANER_ABI_MINOR "${abi_minor}")

install(FILES include/gleaner/plugin.h include/gleaner/plugin.hpp include/gleaner/settings.hpp
              include/gleaner/template.hpp include/gleaner/extract.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/gleaner COMPONENT sdk)
set_target_properties(gleaner_plugin_sdk PROPERTIES EXPORT_NAME plugin)
install(TARGETS gleaner_plugin_sdk EXPORT GleanerTargets COMPONENT sdk)
install(TARGETS gleaner_extract_shared EXPORT GleanerTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT sdk NAMELINK_COMPONENT sdk)
install(FILES extract/article.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/gleaner COMPONENT sdk)
set(GLEANER_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Gleaner)
install(EXPORT GleanerTargets NAMESPACE Gleaner:: DESTINATION ${GLEANER_CMAKE_DIR} COMPONENT sdk)
configure_package_config_file(cmake/GleanerConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/GleanerConfig.cmake
  INSTALL_DESTINATION ${GLEANER_CMAKE_DIR}
  PATH_VARS GLEANER_PLUGIN_INSTALL_DIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/GleanerConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/GleanerConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/GleanerConfigVersion.cmake
        cmake/GleanerPlugin.cmake
        DESTINATION ${GLEANER_CMAKE_DIR} COMPONENT sdk)

# The example configuration. The destination is worked out when installing (the prefix may be given
# then): /etc for the prefix /usr, <prefix>/etc otherwise. An existing file is never overwritten.
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(config_dir \"\$ENV{DESTDIR}/etc/gleaner\")
  else()
    set(config_dir \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/etc/gleaner\")
  endif()
  if(EXISTS \"\${config_dir}/gleaner.yaml\")
    message(STATUS \"Kept: \${config_dir}/gleaner.yaml (an existing configuration is never replaced)\")
  else()
    file(INSTALL \"${PROJECT_SOURCE_DIR}/config/gleaner.example.yaml\" DESTINATION \"\${config_dir}\")
    file(RENAME \"\${config_dir}/gleaner.example.yaml\" \"\${config_dir}/gleaner.yaml\")
    message(STATUS \"Installing: \${config_dir}/gleaner.yaml\")
  endif()" COMPONENT config)

set(GLEANER_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/gleaner)
install(FILES README.md DESTINATION ${GLEANER_DOC_DIR} COMPONENT daemon)
install(FILES config/gleaner.example.yaml DESTINATION ${GLEANER_DOC_DIR}/examples RENAME gleaner.yaml
        COMPONENT daemon)
install(FILES config/cluster.example.yaml DESTINATION ${GLEANER_DOC_DIR}/examples COMPONENT daemon)
# The manual page and the completion script come from the built gleaner's own help.
add_custom_command(OUTPUT gleaner.1 gleaner.bash-completion
  COMMAND gleaner manpage > gleaner.1
  COMMAND gleaner completion bash > gleaner.bash-completion
  DEPENDS gleaner
  COMMENT "Generating the manual page and bash completion from gleaner's help")
add_custom_target(gleaner-docs ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/gleaner.1 ${CMAKE_CURRENT_BINARY_DIR}/gleaner.bash-completion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/gleaner.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT daemon)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/gleaner.bash-completion DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME gleaner COMPONENT daemon)
install(FILES systemd/gleaner.service systemd/gleaner@.service DESTINATION lib/systemd/system COMPONENT daemon)
install(FILES systemd/gleaner.sysusers DESTINATION lib/sysusers.d RENAME gleaner.conf COMPONENT daemon)
install(FILES systemd/gleaner.tmpfiles DESTINATION lib/tmpfiles.d RENAME gleaner.conf COMPONENT daemon)

# `cpack -G DEB` in the build folder: two packages. `gleaner` holds the daemon, the plugins, the unit
# and the documentation; its maintainer scripts (cmake/debian/) create the user and enable the service,
# which starts once the operator has written /etc/gleaner/gleaner.yaml (ConditionPathExists=). The
# SDK is `gleaner-dev`. The example configuration (component config) is in neither.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gleaner)
set(CPACK_PACKAGE_VENDOR "Gleaner")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "News-gathering daemon: fetches news, extracts clean articles, hands them to plugins")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL daemon sdk)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Gleaner maintainers <maintainers@gleaner.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_DAEMON_PACKAGE_NAME gleaner)
set(CPACK_DEBIAN_DAEMON_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_DAEMON_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_DAEMON_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/cmake/debian/postinst ${PROJECT_SOURCE_DIR}/cmake/debian/prerm
    ${PROJECT_SOURCE_DIR}/cmake/debian/postrm)
set(CPACK_DEBIAN_DAEMON_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_DEBIAN_SDK_PACKAGE_NAME gleaner-dev)
set(CPACK_DEBIAN_SDK_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_SDK_DESCRIPTION "Gleaner plugin SDK: the C ABI header, the C++ helper and the CMake package")
set(CPACK_COMPONENT_SDK_DESCRIPTION "Gleaner plugin SDK: the C ABI header, the C++ helper and the CMake package")
set(CPACK_COMPONENT_DAEMON_DESCRIPTION "News-gathering daemon: fetches news, extracts clean articles, hands them to plugins")
include(CPack)

# What `cmake --install` lays out (FHS places when the prefix is /usr):
#   bin/gleaner                                   the daemon
#   lib/gleaner/plugins/gleaner_<type>.so         built-in plugins (installed by gleaner_add_plugin)
#   include/gleaner/plugin.h, *.hpp               the plugin SDK (C ABI, C++ helper, settings, templates)
#   include/gleaner/extract.h, lib/libgleaner-extract.so   the extractor's C API (Gleaner::extract)
#   share/gleaner/article.schema.json             the article JSON (extract --format json, plugins)
#   lib/cmake/Gleaner/                            find_package(Gleaner) → Gleaner::plugin, Gleaner::extract,
#                                                 gleaner_add_plugin
#   /etc/gleaner/gleaner.yaml                     example configuration
#   lib/systemd/system/gleaner.service, lib/sysusers.d, lib/tmpfiles.d
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

# FULL: /etc when the prefix is /usr (the default here and the .deb's), <prefix>/etc otherwise.
install(FILES config/gleaner.example.yaml DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/gleaner RENAME gleaner.yaml
        COMPONENT daemon)
install(FILES config/cluster.example.yaml DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/gleaner COMPONENT daemon)
install(FILES systemd/gleaner.service systemd/gleaner@.service DESTINATION lib/systemd/system COMPONENT daemon)
install(FILES systemd/gleaner.sysusers DESTINATION lib/sysusers.d RENAME gleaner.conf COMPONENT daemon)
install(FILES systemd/gleaner.tmpfiles DESTINATION lib/tmpfiles.d RENAME gleaner.conf COMPONENT daemon)

# `cpack -G DEB` in the build folder: a .deb with the daemon, the plugins, the SDK, the unit, and
# maintainer scripts that create the user, enable and start the service (cmake/debian/).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gleaner)
set(CPACK_PACKAGE_VENDOR "Gleaner")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "News-gathering daemon: fetches news, extracts clean articles, hands them to plugins")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Gleaner maintainers <maintainers@gleaner.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/cmake/debian/postinst ${PROJECT_SOURCE_DIR}/cmake/debian/prerm
    ${PROJECT_SOURCE_DIR}/cmake/debian/postrm ${PROJECT_SOURCE_DIR}/cmake/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)

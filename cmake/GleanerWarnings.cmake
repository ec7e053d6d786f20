# Strict warnings on Gleaner's own targets only (third-party headers come in as SYSTEM includes).
# -Wrestrict is off: GCC 12 reports false positives inside libstdc++'s std::string operator+ at -O2
# and above (GCC bug 105329, fixed in GCC 13), which -Werror would turn into build failures.
function(gleaner_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
endfunction()

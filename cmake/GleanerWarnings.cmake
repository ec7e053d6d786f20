# Strict warnings on Gleaner's own targets only (third-party headers come in as SYSTEM includes).
# Two GCC 12 false positives are not turned into errors:
# - -Wrestrict inside libstdc++'s std::string operator+ at -O2 and above (GCC bug 105329, fixed in 13);
# - -Wmaybe-uninitialized on std::variant/std::optional when the sanitizers instrument the code
#   (their extra branches defeat GCC's flow analysis); the plain build keeps it as an error.
# And under ThreadSanitizer, GCC's -Wtsan notes that TSan does not model std::atomic_thread_fence, which
# Boost.Asio's headers use: nothing to fix in our code (a race it hides would still be one TSan reports
# elsewhere), so it is turned off.
function(gleaner_warnings target)
  set(gcc12 $<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror
    $<${gcc12}:-Wno-restrict>
    $<$<AND:$<OR:$<BOOL:${GLEANER_SANITIZE}>,$<BOOL:${GLEANER_TSAN}>>,$<CXX_COMPILER_ID:GNU>>:-Wno-error=maybe-uninitialized>
    $<$<AND:$<BOOL:${GLEANER_TSAN}>,$<CXX_COMPILER_ID:GNU>>:-Wno-tsan>)
endfunction()

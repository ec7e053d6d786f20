# Strict warnings on Gleaner's own targets only (third-party headers come in as SYSTEM includes).
function(gleaner_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()

// `gleaner extract --warc FILE`: every HTML response of a WARC archive through the extractor, in one
// streaming pass (extract_warc.cpp). Kept apart from extract_command.cpp, which only wires the option.
#pragma once

#include <cstddef>
#include <string>

namespace gleaner::cli {

struct WarcExtractArgs {
    std::string file;
    std::string format = "text";
    std::string output_dir;  // "": stdout
    std::size_t max_input_bytes = 0;
};

// Returns the exit status: 0, or 1 if the file could not be read or a record was damaged.
int run_extract_warc(const WarcExtractArgs& args);

}  // namespace gleaner::cli

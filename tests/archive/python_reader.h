// Runs the independent WARC reader (warc_read.py, Python's standard library) over files and returns
// its records as JSON, so tests can check our WARC output against a reader that shares no code with it.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace gleaner::archive::testing {

struct PythonReading {
    std::vector<nlohmann::json> records;  // every record of every file, in file order
    std::vector<std::string> problems;    // what the reader found wrong, across the files
};

PythonReading read_with_python(const std::vector<std::filesystem::path>& files);

// The WARC files (`*.warc.gz`, `.open` ones too) in `dir`, sorted by name.
std::vector<std::filesystem::path> warc_files(const std::filesystem::path& dir);

}  // namespace gleaner::archive::testing

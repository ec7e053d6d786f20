// See python_reader.h.
#include "python_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

namespace gleaner::archive::testing {

PythonReading read_with_python(const std::vector<std::filesystem::path>& files) {
    std::string command = std::string("python3 ") + WARC_READ_PY;
    for (const auto& file : files) command += " '" + file.string() + "'";
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[65536];
        std::size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
        EXPECT_EQ(pclose(pipe), 0) << command;
    }
    PythonReading reading;
    const auto parsed = nlohmann::json::parse(output, nullptr, false);
    EXPECT_TRUE(parsed.is_array()) << "warc_read.py printed: " << output.substr(0, 2000);
    if (!parsed.is_array()) return reading;
    for (const auto& record : parsed) {
        if (record["type"] == "(file)") {
            for (const auto& problem : record["problems"]) reading.problems.push_back(problem.get<std::string>());
        } else {
            reading.records.push_back(record);
        }
    }
    return reading;
}

std::vector<std::filesystem::path> warc_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        if (name.find(".warc.gz") != std::string::npos) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace gleaner::archive::testing

// Helpers shared by the content, format and CLI tests: fixture paths, file reading, and the
// benchmark's shingle overlap to compare an extracted text with a ground truth.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extractor.h"

namespace gleaner::extract::testing {

inline std::filesystem::path fixture(const std::string& relative) {
    return std::filesystem::path(GLEANER_EXTRACT_FIXTURES) / relative;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot read " << path;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline Article extract_file(const std::filesystem::path& path, const std::string& url = "") {
    ExtractOptions options;
    options.url = url;
    return extract(read_file(path), options);
}

// Word tokens as the benchmark counts them: runs of letters and digits (any non-ASCII byte counts as
// a letter, which is right for the scripts in the fixtures).
inline std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '_' || u >= 0x80) {
            current.push_back(c);
        } else if (!current.empty()) {
            out.push_back(current);
            current.clear();
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

struct Overlap {
    double precision = 0, recall = 0;
    double f1() const { return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0; }
};

// Precision and recall of the 4-word shingles of `extracted` against those of `truth`.
inline Overlap shingle_overlap(std::string_view truth, std::string_view extracted) {
    const auto bag = [](std::string_view text) {
        const std::vector<std::string> w = words(text);
        std::map<std::vector<std::string>, int> shingles;
        if (w.size() < 4) {
            if (!w.empty()) ++shingles[w];
            return shingles;
        }
        for (std::size_t i = 0; i + 4 <= w.size(); ++i) ++shingles[{w.begin() + i, w.begin() + i + 4}];
        return shingles;
    };
    const auto t = bag(truth), p = bag(extracted);
    int shared = 0, truth_count = 0, predicted_count = 0;
    for (const auto& [shingle, count] : t) {
        truth_count += count;
        const auto found = p.find(shingle);
        if (found != p.end()) shared += std::min(count, found->second);
    }
    for (const auto& [shingle, count] : p) predicted_count += count;
    Overlap overlap;
    overlap.precision = predicted_count ? static_cast<double>(shared) / predicted_count : 0;
    overlap.recall = truth_count ? static_cast<double>(shared) / truth_count : 0;
    return overlap;
}

}  // namespace gleaner::extract::testing

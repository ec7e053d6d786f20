// Checks the URLs written in the configuration with libcurl's URL parser, and turns
// `file:relative/path` into an absolute file:// URL. Internal to gleaner_config.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner::config {

struct CheckedUrl {
    std::string url;    // as written, or the absolute file:// URL for `file:relative/path`
    std::string error;  // empty when the URL is usable
};

// Accepts http, https and file URLs; `file:` followed by a relative path resolves against base_dir.
CheckedUrl check_source_url(std::string_view text, const std::filesystem::path& base_dir);

// Any URL libcurl parses whose scheme is one of `schemes` (any scheme when empty); returns an error
// message, empty when fine.
std::string check_url(std::string_view text, const std::vector<std::string>& schemes);

}  // namespace gleaner::config

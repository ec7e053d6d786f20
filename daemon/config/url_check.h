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

<<<<<<< HEAD
// Any URL libcurl parses whose scheme is one of `schemes` (any scheme when empty); returns an error
// message, empty when fine.
std::string check_url(std::string_view text, const std::vector<std::string>& schemes);

// "host:port" with a numeric port; returns an error message, empty when fine.
std::string check_listen_address(std::string_view text);

=======
>>>>>>> 116bd63 (config: a file is refused before it is walked when larger than 16 MiB or when its aliases expand past a million values or 64 MiB of text (alias bomb, issue 12 #10), with file:line:column; admin.listen is read by one function for check-config and the endpoint (IP or localhost), an address others can reach needs admin.allow_remote, admin.token for a bearer token; a plugin type is a plain name, so it cannot lead out of the plugin folders (issue 12 #11))
}  // namespace gleaner::config

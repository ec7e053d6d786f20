// The warc kind: which files a source's `paths` name. Globs are expanded with glob(3); a pattern
// that matches nothing names no file (a folder waiting for its first archive is not an error), and
// files still being written by our own archiver (`.open`) are left for a later pass.
#include <glob.h>

#include <algorithm>
#include <system_error>

#include "log/log.h"
#include "pipeline/kinds/kinds.h"

namespace gleaner::pipeline {
namespace {

bool being_written(const std::filesystem::path& file) { return file.extension() == ".open"; }

}  // namespace

std::vector<std::filesystem::path> WarcKind::archive_files(const config::SourceConfig& source) const {
    std::vector<std::filesystem::path> files;
    for (const auto& pattern : source.paths) {
        glob_t found{};
        const int status = ::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &found);
        if (status == 0) {
            for (std::size_t i = 0; i < found.gl_pathc; ++i) files.emplace_back(found.gl_pathv[i]);
        } else if (status != GLOB_NOMATCH) {
            log::warn("cannot list the WARC files of a pattern", {{"SOURCE", source.name}, {"PATTERN", pattern}});
        }
        ::globfree(&found);
    }
    std::erase_if(files, [](const std::filesystem::path& file) {
        std::error_code ec;
        return being_written(file) || !std::filesystem::is_regular_file(file, ec);
    });
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

}  // namespace gleaner::pipeline

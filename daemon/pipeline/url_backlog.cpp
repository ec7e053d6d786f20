#include "pipeline/url_backlog.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace gleaner::pipeline {

BacklogFile write_backlog(const std::filesystem::path& dir, const std::string& name, std::span<const ListedUrl> urls) {
    BacklogFile file{dir / name, 0, urls.size()};
    std::ofstream out(file.path, std::ios::binary | std::ios::trunc);
    for (const auto& u : urls) {
        if (!out) break;
        // Invalid UTF-8 cannot come from the parsers (libxml2, the decoded page); replace rather than throw.
        out << nlohmann::json::array({u.url, u.hints.title, u.hints.author, u.hints.published_iso})
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << '\n';
    }
    out.flush();
    if (!out) {
        remove_backlog(file);
        throw std::runtime_error("cannot write URL backlog " + file.path.string());
    }
    return file;
}

std::vector<ListedUrl> read_backlog(BacklogFile& file, std::size_t limit) {
    std::ifstream in(file.path, std::ios::binary);
    if (!in || !in.seekg(static_cast<std::streamoff>(file.offset)))
        throw std::runtime_error("cannot read URL backlog " + file.path.string());
    std::vector<ListedUrl> urls;
    std::string line;
    while (urls.size() < limit && file.remaining > 0 && std::getline(in, line)) {
        const auto entry = nlohmann::json::parse(line, nullptr, false);
        if (!entry.is_array() || entry.size() != 4 || !std::all_of(entry.begin(), entry.end(), [](const auto& v) {
                return v.is_string();
            }))
            throw std::runtime_error("malformed entry in URL backlog " + file.path.string() + " at byte " +
                                     std::to_string(file.offset));
        urls.push_back({entry[0].get<std::string>(),
                        {entry[1].get<std::string>(), entry[2].get<std::string>(), entry[3].get<std::string>()}});
        file.offset += line.size() + 1;
        --file.remaining;
    }
    if (file.remaining > 0 && urls.size() < limit)
        throw std::runtime_error("URL backlog " + file.path.string() + " ends early: " +
                                 std::to_string(file.remaining) + " entries missing");
    if (file.remaining == 0) remove_backlog(file);
    return urls;
}

void remove_backlog(const BacklogFile& file) noexcept {
    std::error_code ignored;
    std::filesystem::remove(file.path, ignored);
}

void clear_backlog_dir(const std::filesystem::path& dir) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
}

}  // namespace gleaner::pipeline

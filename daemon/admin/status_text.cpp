// Text rendering of the /status document (see status_text.h).
#include "admin/status_text.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace gleaner::admin {
namespace {

using json = nlohmann::ordered_json;

std::uint64_t count(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<std::uint64_t>() : 0;
}

std::string text(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "3 http_4xx, 1 timeout" from {"http_4xx": 3, "timeout": 1}; `none` when all are zero.
std::string breakdown(const json& counts, const char* none) {
    std::string out;
    if (counts.is_object())
        for (const auto& [name, value] : counts.items())
            if (value.is_number() && value.get<std::uint64_t>() > 0)
                out += (out.empty() ? "" : ", ") + std::to_string(value.get<std::uint64_t>()) + " " + name;
    return out.empty() ? none : out;
}

// "4 new, 1 unchanged; skipped: 2 already_listed" from the per-outcome article counts.
std::string articles_line(const json& outcomes) {
    std::uint64_t fresh = 0, unchanged = 0;
    json skipped = json::object();
    if (outcomes.is_object()) {
        for (const auto& [name, value] : outcomes.items()) {
            if (!value.is_number()) continue;
            if (name == "new") fresh = value.get<std::uint64_t>();
            else if (name == "unchanged") unchanged = value.get<std::uint64_t>();
            else skipped[name] = value;
        }
    }
    std::string line = std::to_string(fresh) + " new, " + std::to_string(unchanged) + " unchanged";
    const std::string skips = breakdown(skipped, "");
    if (!skips.empty()) line += "; skipped: " + skips;
    return line;
}

}  // namespace

std::string status_text(const std::string& status_json, StatusTextOptions options) {
    const json s = json::parse(status_json);
    std::ostringstream out;
    out << "gleaner " << text(s, "version") << ", up " << static_cast<std::int64_t>(s.value("uptime_seconds", 0.0))
        << " s\n\nSources\n";
    for (const auto& src : s.value("sources", json::array())) {
        const json pass = src.value("last_pass", json::object());
        const json totals = src.value("totals", json::object());
        out << "  " << text(src, "name") << " (" << text(src, "type") << "): ";
        if (src.value("running", false)) out << "pass running";
        else if (text(pass, "finished").empty()) out << "no pass yet";
        else out << "last pass " << text(pass, "finished") << " " << text(pass, "outcome") << ", " << count(pass, "new_articles")
                 << " new";
        if (!text(src, "next_pass").empty()) out << "; next " << text(src, "next_pass");
        out << "\n";
        if (!text(pass, "error").empty()) out << "    error: " << text(pass, "error") << "\n";
        out << "    documents: " << count(totals, "documents") << "; articles: "
            << articles_line(totals.value("articles", json::object())) << "\n"
            << "    failures: " << breakdown(totals.value("failures", json::object()), "none")
            << "; stored since the state began: " << count(totals, "stored") << "\n";
    }
    out << "\nPlugins\n";
    for (const auto& p : s.value("plugins", json::array())) {
        out << "  " << text(p, "name") << " (" << text(p, "type") << "): delivered " << count(p, "delivered")
            << ", retried " << count(p, "retried") << ", dead-lettered " << count(p, "dead_lettered") << ", queue "
            << count(p, "queue_depth") << "\n";
        if (!text(p, "last_error").empty()) out << "    last error: " << text(p, "last_error") << "\n";
    }
    if (options.newest_articles) {
        out << "\nNewest articles\n";
        const json articles = s.value("articles", json::array());
        if (articles.empty()) out << "  none since the daemon started\n";
        for (const auto& a : articles)
            out << "  " << text(a, "at") << "  " << text(a, "title") << " (" << text(a, "source") << ")\n    "
                << text(a, "url") << "\n";
        std::uint64_t day = 0;
        for (const auto& n : s.value("articles_per_hour", json::array())) day += n.is_number() ? n.get<std::uint64_t>() : 0;
        out << "  " << day << " in the last 24 hours\n";
    }
    return out.str();
}

std::vector<std::string> once_problems(const std::string& status_json, const std::string& dead_letter_file) {
    const json s = json::parse(status_json);
    std::vector<std::string> problems;
    for (const auto& src : s.value("sources", json::array())) {
        const json pass = src.value("last_pass", json::object());
        const json failures = src.value("totals", json::object()).value("failures", json::object());
        if (text(pass, "outcome") == "failed")
            problems.push_back("source " + text(src, "name") + " failed: " + text(pass, "error"));
        else if (breakdown(failures, "").size() > 0)  // its articles' fetches (the frontier retries them)
            problems.push_back("source " + text(src, "name") + " failed: article fetches failed (" +
                               breakdown(failures, "") + "); last: " + text(src, "last_error"));
    }
    for (const auto& p : s.value("plugins", json::array())) {
        if (const auto dead = count(p, "dead_lettered"))
            problems.push_back("plugin " + text(p, "name") + " dead-lettered " + std::to_string(dead) +
                               " article(s) (see " + dead_letter_file +
                               "; `gleaner dead-letters replay` queues them again once the plugin works)");
        if (const auto waiting = count(p, "queue_depth"))
            problems.push_back("plugin " + text(p, "name") + " has " + std::to_string(waiting) +
                               " article(s) waiting for a retry (kept in the outbox for the next run)");
    }
    return problems;
}

std::vector<std::string> once_notes(const std::string& status_json) {
    const json s = json::parse(status_json);
    std::vector<std::string> notes;
    for (const auto& src : s.value("sources", json::array())) {
        const json articles = src.value("totals", json::object()).value("articles", json::object());
        const auto known = count(articles, "already_listed") + count(articles, "unchanged");
        if (count(articles, "new") == 0 && known > 0)
            notes.push_back("source " + text(src, "name") + " stored nothing new: the " + std::to_string(known) +
                            " article(s) it listed were ingested before (`gleaner state forget --source " +
                            text(src, "name") + "` makes the next run ingest them again)");
    }
    return notes;
}

std::string once_summary_json(const std::string& status_json, const std::vector<std::string>& problems) {
    json line = {{"summary", json::parse(status_json)}, {"problems", problems}};
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace gleaner::admin

// Rendering of the admin snapshot: Prometheus metrics and the /status JSON, both from the metric
// table (metric_table.h), and the systemd STATUS= line.
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

#include "admin/metric_table.h"
#include "admin/snapshot.h"

namespace gleaner::admin {
namespace {

// Label values escape backslash, double quote and newline (exposition format).
std::string label(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

const char* kind_name(MetricKind kind) {
    switch (kind) {
        case MetricKind::counter: return "counter";
        case MetricKind::gauge: return "gauge";
        case MetricKind::histogram: return "histogram";
    }
    return "untyped";
}

std::string iso_ms(std::int64_t ms) {
    if (ms <= 0) return {};
    const std::time_t seconds = ms / 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

nlohmann::json number(double value) {
    const auto whole = static_cast<std::int64_t>(value);
    return static_cast<double>(whole) == value ? nlohmann::json(whole) : nlohmann::json(value);
}

// Puts the table's rows with a status key into the per-source, per-plugin and overall objects.
void fill_from_table(const Snapshot& s, std::map<std::string, nlohmann::ordered_json>& sources,
                     std::map<std::string, nlohmann::ordered_json>& plugins, nlohmann::ordered_json& totals) {
    for (const MetricSpec& spec : metric_table()) {
        if (spec.status_key.empty()) continue;
        const std::string key(spec.status_key);
        for (const Sample& sample : samples(spec, s)) {
            if (spec.labels.empty()) {
                totals[key] = number(sample.value);
                continue;
            }
            auto& owner = spec.labels.front() == "source" ? sources[sample.labels[0]]["totals"]
                                                           : plugins[sample.labels[0]];
            if (sample.labels.size() == 1) owner[key] = number(sample.value);
            else if (sample.value != 0) owner[key][sample.labels[1]] = number(sample.value);
            else if (!owner.contains(key)) owner[key] = nlohmann::ordered_json::object();
        }
    }
}

}  // namespace

std::string render_metrics(const Snapshot& s) {
    std::ostringstream out;
    for (const MetricSpec& spec : metric_table()) {
        const std::vector<Sample> found = samples(spec, s);
        if (found.empty()) continue;  // e.g. the WARC counters without fetch.warc
        out << "# HELP " << spec.name << ' ' << spec.help << "\n# TYPE " << spec.name << ' ' << kind_name(spec.kind)
            << '\n';
        for (const Sample& sample : found) {
            out << spec.name << sample.series;
            if (!sample.labels.empty()) {
                out << '{';
                for (std::size_t i = 0; i < sample.labels.size(); ++i)
                    out << (i ? "," : "") << spec.labels[i] << "=\"" << label(sample.labels[i]) << '"';
                out << '}';
            }
            out << ' ' << sample.value << '\n';
        }
    }
    return out.str();
}

std::string render_status(const Snapshot& s) {
    std::map<std::string, nlohmann::ordered_json> source_figures, plugin_figures;
    nlohmann::ordered_json totals = nlohmann::ordered_json::object();
    fill_from_table(s, source_figures, plugin_figures, totals);

    nlohmann::ordered_json j;
    j["version"] = s.version;
    j["uptime_seconds"] = s.uptime_seconds;
    j["now"] = iso_ms(s.now_ms);
    j["sources"] = nlohmann::ordered_json::array();
    for (const auto& src : s.sources) {
        nlohmann::ordered_json entry = {
            {"name", src.name},
            {"type", src.type},
            {"running", src.running},
            {"last_pass",
             {{"finished", iso_ms(src.last_run_ms)},
              {"outcome", src.last_run_ms == 0 ? "" : src.last_pass_error.empty() ? "ok" : "failed"},
              {"new_articles", src.last_pass_new},
              {"error", src.last_pass_error}}},
            {"next_pass", iso_ms(src.next_due_ms)},
            {"last_error", src.last_error},
            {"last_error_at", iso_ms(src.last_error_ms)},
        };
        entry["totals"] = source_figures[src.name]["totals"];
        j["sources"].push_back(std::move(entry));
    }
    j["plugins"] = nlohmann::ordered_json::array();
    for (const auto& p : s.plugins) {
        nlohmann::ordered_json entry = {{"name", p.name}, {"type", p.type}};
        entry.update(plugin_figures[p.name]);
        entry["last_error"] = p.last_error;
        j["plugins"].push_back(std::move(entry));
    }
    j["totals"] = totals;
    nlohmann::ordered_json outbox = nlohmann::ordered_json::object();
    for (const auto& [plugin, depth] : s.store.outbox_by_plugin) outbox[plugin] = depth;
    j["node"] = {{"name", s.node}, {"backend", s.backend}, {"nodes_alive", s.store.nodes_alive},
                 {"leases_held", s.store.leases_held}};
    j["frontier"] = {{"queued", s.store.frontier_queued},   {"waiting", s.store.frontier_waiting},
                     {"claimed", s.store.frontier_claimed}, {"expired", s.store.frontier_expired},
                     {"done", s.store.frontier_done},       {"failed", s.store.frontier_failed}};
    j["outbox"] = outbox;
    j["articles"] = nlohmann::ordered_json::array();
    for (const auto& a : s.recent.newest)
        j["articles"].push_back({{"title", a.title}, {"url", a.url}, {"source", a.source}, {"at", iso_ms(a.at_ms)}});
    j["articles_per_hour"] = s.recent.per_hour;
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_status_line(const Snapshot& s) {
    std::ostringstream line;
    line << s.pipeline.articles_spooled << " new articles, " << s.fetch.in_flight << " fetching, "
         << s.pipeline.sources_due << "/" << s.sources_configured << " sources running, " << s.spool.deliveries
         << " deliveries pending";
    return line.str();
}

}  // namespace gleaner::admin

// Every metric the daemon exports, declared once as data: name, kind, help, labels, the key it goes
// under in /status, and how its samples are read from a Snapshot. /metrics renders the whole table;
// /status (and so the dashboard), `gleaner status` and the `run --once` summary read the same rows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "admin/snapshot.h"

namespace gleaner::admin {

enum class MetricKind { counter, gauge, histogram };

struct Sample {
    Sample(std::vector<std::string> l, double v, std::string_view s = {}) : labels(std::move(l)), value(v), series(s) {}
    std::vector<std::string> labels;  // values, in the order of MetricSpec::labels
    double value = 0;
    std::string_view series;          // histograms: "_bucket" (labels end with `le`), "_sum", "_count"
};

struct MetricSpec {
    std::string_view name;
    MetricKind kind;
    std::string_view help;
    std::vector<std::string_view> labels;
    // Where /status puts it: "" for /metrics only; with a `source` or `plugin` first label, the key in
    // that source's `totals` / that plugin's object (a second label makes it an object by that label).
    std::string_view status_key;
    void (*collect)(const Snapshot& snapshot, std::vector<Sample>& out);
};

const std::vector<MetricSpec>& metric_table();
// The row named `name`; throws std::out_of_range for a name not in the table.
const MetricSpec& metric(std::string_view name);
std::vector<Sample> samples(const MetricSpec& spec, const Snapshot& snapshot);

}  // namespace gleaner::admin

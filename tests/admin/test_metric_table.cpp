// The metric table is the one declaration of every metric: /metrics renders each row once (HELP and
// TYPE from the row, labels in the row's order), /status puts every row with a status key under that
// key for each source and plugin, and the text summary shows the same figures.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "admin/metric_table.h"
#include "admin/snapshot.h"
#include "admin/status_text.h"

namespace gleaner::admin {
namespace {

Snapshot sample_snapshot() {
    Snapshot s;
    s.version = "9.9.9";
    s.node = "host:1";
    s.backend = "sqlite";
    s.sources_configured = 1;
    pipeline::SourceStatus src;
    src.name = "world";
    src.type = "feed";
    src.articles = 12;
    src.documents = 2;
    src.last_run_ms = 1'700'000'000'000;
    src.count(pipeline::ArticleFate::added);
    src.count(pipeline::ArticleFate::already_listed);
    src.count(pipeline::ArticleFate::already_listed);
    src.failures_by_kind[static_cast<std::size_t>(fetch::FailureKind::timeout)] = 1;
    s.sources.push_back(src);
    plugins::PluginStats plugin;
    plugin.name = "archive";
    plugin.type = "sqlite";
    plugin.delivered = 5;
    plugin.failed = 1;
    plugin.pending = 2;
    s.plugins.push_back(plugin);
    s.store.outbox_by_plugin = {{"archive", 2}};
    return s;
}

TEST(MetricTable, NamesAreUniqueAndEveryRowSaysWhatItMeasures) {
    std::set<std::string_view> names;
    for (const auto& spec : metric_table()) {
        EXPECT_TRUE(names.insert(spec.name).second) << spec.name << " declared twice";
        EXPECT_EQ(spec.name.rfind("gleaner_", 0), 0u) << spec.name;
        EXPECT_FALSE(spec.help.empty()) << spec.name;
        if (spec.kind == MetricKind::counter) {
            EXPECT_EQ(spec.name.substr(spec.name.size() - 6), "_total") << spec.name;
        }
    }
}

TEST(MetricTable, MetricsRenderEveryRowOnceWithItsHelpTypeAndLabels) {
    const auto s = sample_snapshot();
    const std::string text = render_metrics(s);
    for (const auto& spec : metric_table()) {
        const auto found = samples(spec, s);
        const std::string help = "# HELP " + std::string(spec.name) + " " + std::string(spec.help) + "\n";
        if (found.empty()) {
            EXPECT_EQ(text.find(help), std::string::npos) << spec.name << " has no samples here";
            continue;
        }
        const auto at = text.find(help);
        ASSERT_NE(at, std::string::npos) << spec.name;
        EXPECT_EQ(text.find(help, at + 1), std::string::npos) << spec.name << " rendered twice";
        for (const auto& sample : found) {
            if (sample.series == "_sum" || sample.series == "_count") continue;  // a histogram's unlabelled totals
            EXPECT_EQ(sample.labels.size(), spec.labels.size()) << spec.name;
        }
    }
    // Every family in the output is a row of the table.
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("# TYPE ", 0) == 0) {
            EXPECT_NO_THROW(metric(line.substr(7, line.find(' ', 7) - 7))) << line;
        }
    EXPECT_NE(text.find("gleaner_source_articles_total{source=\"world\",outcome=\"already_listed\"} 2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("gleaner_plugin_dead_lettered_total{plugin=\"archive\"} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("gleaner_source_failures_total{source=\"world\",kind=\"timeout\"} 1\n"), std::string::npos);
}

TEST(MetricTable, StatusCarriesEveryRowWithAStatusKeyAndTheTextShowsTheSameFigures) {
    const auto s = sample_snapshot();
    const auto status = nlohmann::json::parse(render_status(s));
    for (const auto& spec : metric_table()) {
        if (spec.status_key.empty() || samples(spec, s).empty()) continue;
        const std::string key(spec.status_key);
        if (spec.labels.empty()) EXPECT_TRUE(status["totals"].contains(key)) << key;
        else if (spec.labels.front() == "source") EXPECT_TRUE(status["sources"][0]["totals"].contains(key)) << key;
        else EXPECT_TRUE(status["plugins"][0].contains(key)) << key;
    }
    EXPECT_EQ(status["sources"][0]["totals"]["stored"], 12);
    EXPECT_EQ(status["sources"][0]["totals"]["articles"]["already_listed"], 2);
    EXPECT_EQ(status["plugins"][0]["dead_lettered"], 1);

    const auto text = status_text(render_status(s));
    EXPECT_NE(text.find("documents: 2; articles: 1 new, 0 unchanged; skipped: 2 already_listed"), std::string::npos)
        << text;
    EXPECT_NE(text.find("failures: 1 timeout; stored since the state began: 12"), std::string::npos) << text;
    EXPECT_NE(text.find("archive (sqlite): delivered 5, retried 0, dead-lettered 1, queue 2"), std::string::npos)
        << text;
}

}  // namespace
}  // namespace gleaner::admin

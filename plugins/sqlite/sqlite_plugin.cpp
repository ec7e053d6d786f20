// sqlite — Gleaner's embedded default store. Each batch of articles is one transaction, committed in
// flush(), so only committed articles are acknowledged to the daemon.
#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>

#include "sqlite_store.h"

namespace {

class SqlitePlugin : public gleaner::Plugin {
public:
    explicit SqlitePlugin(gleaner::Host& host) : store_(open(host)) {}

    gleaner::Status consume(const gleaner::Article& article) override {
        store_.upsert(article);
        return gleaner::Status::ok;
    }

    gleaner::Status flush() override {
        store_.commit();
        return gleaner::Status::ok;
    }

private:
    static gleaner_sqlite::Store open(gleaner::Host& host) {
        const auto config = nlohmann::json::parse(host.config_json());
        return gleaner_sqlite::Store(config.at("path").get<std::string>(),
                                     std::chrono::milliseconds(config.value("busy_timeout", 5000)),
                                     config.value("store_html", true));
    }

    gleaner_sqlite::Store store_;
};

const gleaner_config_key kSqliteKeys[] = {
    {"path", GLEANER_CONFIG_PATH, nullptr, 1, "SQLite database file (created with its schema on first use)"},
    {"busy_timeout", GLEANER_CONFIG_DURATION, "5s", 0, "How long to wait for a lock held by another process"},
    {"store_html", GLEANER_CONFIG_BOOL, "true", 0, "Also store the clean HTML of each article"},
};

}  // namespace

GLEANER_PLUGIN(SqlitePlugin, "sqlite", "1.0.0",
               "Stores articles in an SQLite database, one row per canonical URL, with an FTS5 index",
               kSqliteKeys)

// sqlite — Gleaner's embedded default store. Each batch of articles is one transaction, committed in
// flush(), so only committed articles are acknowledged to the daemon.
#include <gleaner/plugin.hpp>

#include "sqlite_store.h"

namespace {

struct SqliteSettings {
    std::string path;
    std::chrono::milliseconds busy_timeout;
    bool store_html;
};

const gleaner::Settings<SqliteSettings> kSqliteSettings{
    gleaner::key("path", &SqliteSettings::path, "SQLite database file (created with its schema on first use)")
        .path(gleaner::PathCheck::parent_must_exist)
        .required(),
    gleaner::key("busy_timeout", &SqliteSettings::busy_timeout, "How long to wait for a lock held by another process")
        .default_value("5s"),
    gleaner::key("store_html", &SqliteSettings::store_html, "Also store the clean HTML of each article")
        .default_value("true"),
};

class SqlitePlugin : public gleaner::Plugin {
public:
    SqlitePlugin(gleaner::Host&, const SqliteSettings& s) : store_(s.path, s.busy_timeout, s.store_html) {}

    gleaner::Status consume(const gleaner::Article& article) override {
        store_.upsert(article);
        return gleaner::Status::ok;
    }

    gleaner::Status flush() override {
        store_.commit();
        return gleaner::Status::ok;
    }

private:
    gleaner_sqlite::Store store_;
};

}  // namespace

GLEANER_PLUGIN(SqlitePlugin, "sqlite", "1.1.0",
               "Stores articles in an SQLite database, one row per canonical URL, with an FTS5 index",
               kSqliteSettings)

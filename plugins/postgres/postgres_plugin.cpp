// postgres — stores articles in a PostgreSQL table, one row per canonical URL (upserted, so a
// redelivered article updates its row), with a GIN full-text index over title and text. Each batch is
// one transaction committed in flush(), so only committed articles are acknowledged to the daemon.
#include <gleaner/plugin.hpp>

#include "pg_store.h"

namespace {

using gleaner_postgres::Settings;

const gleaner::Settings<Settings> kPostgresSettings{
    gleaner::key("conninfo", &Settings::conninfo,
                 "libpq connection string or URI, e.g. \"host=db dbname=news user=gleaner\" (password: use "
                 "PGPASSFILE or ${ENV})")
        .required(),
    gleaner::key("table", &Settings::table, "Table name, or schema.table; created with its index on first use")
        .default_value("articles"),
    gleaner::key("connect_timeout", &Settings::connect_timeout, "Longest a connection attempt may take (whole seconds)")
        .default_value("10s")
        .at_least(1000),
    gleaner::key("store_html", &Settings::store_html, "Also store the clean HTML of each article").default_value("true"),
};

class PostgresPlugin : public gleaner::Plugin {
public:
    PostgresPlugin(gleaner::Host& host, const Settings& settings) : store_(settings, host) {}
    static void check(const Settings& settings, const gleaner::Problems& problems) {
        for (const auto& [key, message] : gleaner_postgres::settings_problems(settings)) problems.add(key, message);
    }

    gleaner::Status consume(const gleaner::Article& article) override {
        store_.upsert(article);
        return gleaner::Status::ok;
    }

    gleaner::Status flush() override {
        store_.commit();
        return gleaner::Status::ok;
    }

private:
    gleaner_postgres::Store store_;
};

}  // namespace

GLEANER_PLUGIN(PostgresPlugin, "postgres", "1.1.0",
               "Stores articles in a PostgreSQL table, one row per canonical URL, with a full-text index",
               kPostgresSettings)

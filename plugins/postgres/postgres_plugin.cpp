// postgres — stores articles in a PostgreSQL table, one row per canonical URL (upserted, so a
// redelivered article updates its row), with a GIN full-text index over title and text. Each batch is
// one transaction committed in flush(), so only committed articles are acknowledged to the daemon.
#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>

#include "pg_store.h"

namespace {

class PostgresPlugin : public gleaner::Plugin {
public:
    explicit PostgresPlugin(gleaner::Host& host) : store_(settings(host), host) {}

    gleaner::Status consume(const gleaner::Article& article) override {
        store_.upsert(article);
        return gleaner::Status::ok;
    }

    gleaner::Status flush() override {
        store_.commit();
        return gleaner::Status::ok;
    }

private:
    static gleaner_postgres::Settings settings(const gleaner::Host& host) {
        const auto config = nlohmann::json::parse(host.config_json());
        gleaner_postgres::Settings s;
        s.conninfo = config.at("conninfo").get<std::string>();
        s.table = config.value("table", s.table);
        s.connect_timeout = std::chrono::milliseconds(config.value("connect_timeout", 10000));
        s.store_html = config.value("store_html", true);
        return s;
    }

    gleaner_postgres::Store store_;
};

const gleaner_config_key kPostgresKeys[] = {
    {"conninfo", GLEANER_CONFIG_STRING, nullptr, 1,
     "libpq connection string or URI, e.g. \"host=db dbname=news user=gleaner\" (password: use PGPASSFILE or ${ENV})"},
    {"table", GLEANER_CONFIG_STRING, "articles", 0, "Table name, or schema.table; created with its index on first use"},
    {"connect_timeout", GLEANER_CONFIG_DURATION, "10s", 0, "Longest a connection attempt may take (whole seconds)"},
    {"store_html", GLEANER_CONFIG_BOOL, "true", 0, "Also store the clean HTML of each article"},
};

}  // namespace

GLEANER_PLUGIN(PostgresPlugin, "postgres", "1.0.0",
               "Stores articles in a PostgreSQL table, one row per canonical URL, with a full-text index",
               kPostgresKeys)

// open_store (crawl_store.h): the configured crawl-state backend, opened and migrated.
#include <memory>

#include "state/crawl_store.h"
#include "state/pg_store.h"
#include "state/sqlite_store.h"

namespace gleaner::state {

std::unique_ptr<CrawlStore> open_store(const StoreSettings& settings) {
    if (settings.backend == "postgres") {
        if (settings.conninfo.empty()) throw StoreError("state.conninfo is empty: the postgres backend needs one");
        return std::make_unique<PgStore>(settings.conninfo, settings.state_dir / "quarantine");
    }
    if (settings.backend == "sqlite") return std::make_unique<SqliteStore>(settings.state_dir);
    throw StoreError("unknown state backend \"" + settings.backend + "\" (sqlite or postgres)");
}

}  // namespace gleaner::state

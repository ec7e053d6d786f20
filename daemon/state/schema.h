// The daemon's database layout (state_dir/gleaner.db): crawl state and the delivery spool live in one
// SQLite file so that "article spooled" and "URL delivered" commit in one transaction.
#pragma once

namespace gleaner::state {

class Database;

// Creates or upgrades the tables (tracked with PRAGMA user_version).
void apply_schema(Database& db);

}  // namespace gleaner::state

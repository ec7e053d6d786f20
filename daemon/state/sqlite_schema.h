// The SQLite backend's layout (state_dir/gleaner.db): the whole crawl state, outbox included, lives in
// one file so that "article in the outbox" and "URL delivered" commit in one transaction.
#pragma once

namespace gleaner::state {

class Database;

// Creates or upgrades the tables (tracked with PRAGMA user_version), in one transaction; refuses a
// file written by a newer Gleaner.
void apply_schema(Database& db);

}  // namespace gleaner::state

// The PostgreSQL crawl store's tables, indexes and function (all in one schema, `gleaner` unless
// told otherwise) and their migrations.
#pragma once

namespace gleaner::state::pg {

class Connection;

// The newest schema version this build knows.
int schema_version();

// Creates or migrates the store in the connection's schema to schema_version(), under a session
// advisory lock so that nodes starting together migrate once; each step is one transaction. Throws StoreError naming
// the database when the schema is newer than this build knows.
void migrate_schema(Connection& conn);

}  // namespace gleaner::state::pg

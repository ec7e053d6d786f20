// check_state_database — see state_check.h. PRAGMA quick_check verifies page structure, record
// formats and NOT NULL constraints in one pass over the file (unlike integrity_check it does not
// cross-check every index entry against its table, which would be slower than a start-up should be).
#include "service/state_check.h"

#include <sqlite3.h>

namespace gleaner::service {

std::vector<std::string> check_state_database(const std::filesystem::path& database, int max_problems) {
    std::error_code ec;
    if (!std::filesystem::exists(database, ec)) return {};
    sqlite3* db = nullptr;
    std::vector<std::string> problems;
    // Read-write, as the daemon will open it: a read-only connection could not replay a WAL left by a crash.
    if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        problems.push_back(db != nullptr ? sqlite3_errmsg(db) : "cannot open the file");
        sqlite3_close(db);
        return problems;
    }
    const std::string sql = "PRAGMA quick_check(" + std::to_string(max_problems) + ")";
    sqlite3_stmt* statement = nullptr;
    int code = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
    while (code == SQLITE_OK && (code = sqlite3_step(statement)) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        const std::string line = text != nullptr ? text : "";
        if (line != "ok") problems.push_back(line);
        code = SQLITE_OK;
    }
    if (code != SQLITE_DONE && code != SQLITE_OK) problems.push_back(sqlite3_errmsg(db));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return problems;
}

}  // namespace gleaner::service

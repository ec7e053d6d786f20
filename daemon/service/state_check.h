// A quick look at the state database before the daemon trusts it. A damaged page outside the spool
// (seen URLs, schedules, an index) otherwise goes unnoticed until a query happens to read it, and then
// fails in the middle of a pass; SQLite's quick_check reads every page once and names what is wrong.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gleaner::service {

// SQLite's own words for each problem found in `database` (at most `max_problems`); empty when the
// file is sound or does not exist yet. A file that is no database at all is one problem.
std::vector<std::string> check_state_database(const std::filesystem::path& database, int max_problems = 10);

}  // namespace gleaner::service

// One statement against a test PostgreSQL server, for end-to-end tests that check what plugins or
// daemons wrote there.
#pragma once

#include <string>

namespace gleaner::testing {

// Runs one statement on its own connection; returns the first column of the first row ("" on errors
// or no rows).
std::string pg_scalar(const std::string& conninfo, const std::string& sql);

}  // namespace gleaner::testing

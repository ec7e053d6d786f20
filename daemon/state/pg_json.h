// Lists passed to the PostgreSQL crawl store's statements as one JSON parameter each (read with
// json_array_elements_text / json_to_recordset), so a batch of any size is one statement.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gleaner::state::pg {

std::string json_strings(const std::vector<std::string>& items);
std::string json_int64s(const std::vector<std::int64_t>& items);

}  // namespace gleaner::state::pg

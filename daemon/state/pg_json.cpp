// JSON list parameters of the PostgreSQL crawl store (see pg_json.h).
#include "state/pg_json.h"

#include <nlohmann/json.hpp>

namespace gleaner::state::pg {

std::string json_strings(const std::vector<std::string>& items) {
    // Invalid UTF-8 cannot reach the server as JSON text: such bytes become U+FFFD.
    return nlohmann::json(items).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_int64s(const std::vector<std::int64_t>& items) { return nlohmann::json(items).dump(); }

}  // namespace gleaner::state::pg

// Stores a Value into a Config field of the matching C++ type (used by the schema's field<...> setters).
// The schema guarantees each key's type produces the alternative its field takes.
#include "config/schema.h"

namespace gleaner::config::schema {

void store(std::string& field, Value&& value) { field = std::get<std::string>(std::move(value)); }

void store(std::filesystem::path& field, Value&& value) { field = std::get<std::string>(std::move(value)); }

void store(int& field, Value&& value) { field = static_cast<int>(std::get<std::int64_t>(value)); }

void store(std::int64_t& field, Value&& value) { field = std::get<std::int64_t>(value); }

void store(double& field, Value&& value) { field = std::get<double>(value); }

void store(bool& field, Value&& value) { field = std::get<bool>(value); }

void store(Duration& field, Value&& value) { field = std::get<Duration>(value); }

void store(std::optional<Duration>& field, Value&& value) { field = std::get<Duration>(value); }

void store(SourceType& field, Value&& value) {
    const auto& name = std::get<std::string>(value);
    for (auto type : {SourceType::page, SourceType::feed, SourceType::sitemap, SourceType::section, SourceType::warc})
        if (to_string(type) == name) field = type;
}

void store(std::vector<std::string>& field, Value&& value) {
    field = std::get<std::vector<std::string>>(std::move(value));
}

void store(std::map<std::string, std::string>& field, Value&& value) {
    field = std::get<std::map<std::string, std::string>>(std::move(value));
}

}  // namespace gleaner::config::schema

namespace gleaner::config {

std::string_view to_string(SourceType type) {
    switch (type) {
    case SourceType::page: return "page";
    case SourceType::feed: return "feed";
    case SourceType::sitemap: return "sitemap";
    case SourceType::section: return "section";
    case SourceType::warc: return "warc";
    }
    return "page";
}

}  // namespace gleaner::config

// Builds spooled-article payloads (the JSON the pipeline writes) for plugin host tests.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace gleaner::testing {

inline std::string article_payload(const std::string& title, const std::string& url = "https://news.example/a",
                                   const std::string& text = "Body text of the story.") {
    nlohmann::json j = {
        {"id", "abc"},
        {"source", "demo"},
        {"url", url},
        {"canonical_url", url},
        {"title", title},
        {"authors", {"Ada Lovelace", "Charles Babbage"}},
        {"published", "2024-05-01T10:00:00+02:00"},
        {"modified", ""},
        {"published_at_ms", 1714550400000},
        {"language", "en"},
        {"site_name", "Example News"},
        {"description", "A story"},
        {"image", "https://news.example/a.jpg"},
        {"section", "World"},
        {"tags", {"flood", "weather"}},
        {"text", text},
        {"html", "<p>" + text + "</p>"},
        {"word_count", 5},
        {"partial", false},
        {"provenance",
         {{"requested_url", url}, {"final_url", url}, {"http_status", 200}, {"fingerprint", "f00d"},
          {"fetched_at_ms", 1714550500000}}},
    };
    return j.dump();
}

}  // namespace gleaner::testing

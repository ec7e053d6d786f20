// Articles as the pipeline spools them (the JSON plugins receive), for plugin and plugin-host tests.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace gleaner::testing {

inline nlohmann::json article_json(const std::string& title, const std::string& url = "https://news.example/a",
                                   const std::string& text = "Body text of the story.") {
    return {
        {"id", "id-" + url},
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
}

inline std::string article_payload(const std::string& title, const std::string& url = "https://news.example/a",
                                   const std::string& text = "Body text of the story.") {
    return article_json(title, url, text).dump();
}

}  // namespace gleaner::testing

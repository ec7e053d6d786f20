// libFuzzer target for feeds: arbitrary bytes through parse_feed (RSS, RDF, Atom, JSON Feed). Any
// crash, sanitizer report or exception, or an entry whose URL is not absolute http(s), is a finding.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sources/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view document(reinterpret_cast<const char*>(data), size);
    const auto result = gleaner::sources::parse_feed(document, "https://news.example.com/feeds/world.xml");
    for (const auto& entry : result.entries)
        if (!entry.url.starts_with("http://") && !entry.url.starts_with("https://")) std::abort();
    return 0;
}

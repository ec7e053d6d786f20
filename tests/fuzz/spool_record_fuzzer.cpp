// libFuzzer target for the spool record decoder: a stored payload (JSON) turned into the article
// view plugins receive. The decoder must refuse what is not an article with an exception, and every
// view it hands out must lie inside the record it keeps. Any crash, sanitizer report, another
// exception type, or a view pointing elsewhere is a finding.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "plugins/spooled_article.h"

namespace {

void require_inside(const gleaner_str& view) {
    if (view.len > 0 && view.data == nullptr) std::abort();
    volatile char sink = 0;
    for (std::size_t i = 0; i < view.len; ++i) sink = static_cast<char>(sink ^ view.data[i]);  // ASan checks reads
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string payload(reinterpret_cast<const char*>(data), size);
    try {
        const auto article = gleaner::plugins::SpooledArticle::parse(42, std::move(payload));
        const gleaner_article& view = article->view();
        require_inside(view.canonical_url);
        require_inside(view.title);
        require_inside(view.text);
        require_inside(view.html);
        require_inside(view.json);
        for (std::size_t i = 0; i < view.author_count; ++i) require_inside(view.authors[i]);
        for (std::size_t i = 0; i < view.tag_count; ++i) require_inside(view.tags[i]);
        if (view.provenance != nullptr) {
            require_inside(view.provenance->final_url);
            require_inside(view.provenance->fingerprint);
        }
    } catch (const std::runtime_error&) {
        // Not an article: refused with a message, as the spool expects.
    }
    return 0;
}

// Page type: whether a page is an article (one story), a listing (section fronts, tag, author and
// archive pages, grids of items), a forum (threads, Q&A, comment pages) or other (empty, not HTML).
// Decided from what the page says it is (JSON-LD @type, og:type), the shape of its URL and the shape
// of its DOM (how much of its prose the story container holds, how many linked headlines and
// repeated items it shows), all measured on the facts the content stages computed already, so the
// decision costs one pass over the flat DOM.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/content/content_classify.h"
#include "extract/content/dom.h"
#include "extract/page_type/page_type_verdict.h"

namespace gleaner::extract {

// What the page says about itself, from its metadata.
struct PageDeclarations {
    const std::vector<std::string>* json_ld_types = nullptr;  // every JSON-LD node's @type
    std::string_view og_type;                                 // lower case
    std::string_view url;                                     // the page's URL ("" when unknown)
};

// `story_words`: words of the extracted text; `container`: the story's container (kNoNode if none).
PageTypeVerdict classify_page_type(const Dom& dom, const PageFacts& facts, std::uint32_t container,
                                   const PageDeclarations& declared, std::size_t story_words);

}  // namespace gleaner::extract

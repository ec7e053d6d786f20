// Stage 3 of main-content extraction: the story container's subtree, minus removed and link-heavy
// parts, rebuilt as a clean tree of structural elements. Layout containers (div, section, span...)
// disappear; loose text in them becomes paragraphs; links and image sources become absolute.
#pragma once

#include <cstdint>

#include "extract/content/clean_tree.h"
#include "extract/content/content_classify.h"
#include "extract/content/dom.h"
#include "extract/url_resolve.h"

namespace gleaner::extract {

CleanTree assemble_story(const Dom& dom, const PageFacts& facts, std::uint32_t container, const UrlResolver& urls);

}  // namespace gleaner::extract

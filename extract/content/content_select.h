// Stage 2 of main-content extraction: which element holds the story. Every element is scored by the
// prose it holds against the other text it would drag in; the best-scoring one is the story's
// container. A story split over sibling blocks (between ads, pull quotes or figures) is held by their
// common parent, which wins as soon as the prose it adds outweighs what lies between.
#pragma once

#include <cstdint>

#include "extract/content/content_classify.h"
#include "extract/content/dom.h"

namespace gleaner::extract {

// The index of the story's container in `dom`, or kNoNode when the page holds no text at all.
std::uint32_t select_container(const Dom& dom, const PageFacts& facts);

}  // namespace gleaner::extract

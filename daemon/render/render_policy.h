// When `render: auto` renders a page: when plain extraction found too little of a story — no text,
// or fewer words than a short news item has, as an app shell that writes the story with a script
// gives. Pure; the pipeline asks it after extracting the page as fetched.
#pragma once

#include <cstddef>

#include "extract/extractor.h"

namespace gleaner::render {

inline constexpr std::size_t kMinStoryWords = 80;

inline bool needs_rendering(const extract::Article& plain) { return plain.word_count < kMinStoryWords; }

}  // namespace gleaner::render

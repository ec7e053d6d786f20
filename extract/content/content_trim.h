// Stage 4 of main-content extraction: line-level clean-up of the assembled story. Drops blocks that
// are boilerplate by their text ("Advertisement", "Leave a Comment"), cuts the story at a heading that
// starts what follows it ("Related Articles"), and drops the headline, bylines and datelines that
// precede the first paragraph (the story text excludes them; the metadata carries them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/content/clean_tree.h"

namespace gleaner::extract {

struct StoryHints {
    std::string_view title;
    const std::vector<std::string>* authors = nullptr;
};

struct TrimResult {
    bool subscription_prompt = false;  // a "subscribe to continue reading" line was in the story
};

TrimResult trim_story(CleanTree& tree, const StoryHints& hints);

// Lowercase letters and digits of `text` only (non-ASCII bytes kept), for comparing short lines.
std::string comparable_text(std::string_view text);

}  // namespace gleaner::extract

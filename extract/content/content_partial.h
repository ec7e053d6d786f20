// Whether the page shows only part of its story: a subscription prompt where the story goes on, a
// short text on a page marked paywalled (structured data or paywall markup), or a short body that
// stops with an ellipsis. The story text is kept either way; the Article says it is partial, and why.
#pragma once

#include <string>
#include <string_view>

namespace gleaner::extract {

struct PartialSignals {
    bool metadata_paywalled = false;     // JSON-LD isAccessibleForFree false, or paywall markup seen
    std::string_view metadata_reason;
    bool subscription_prompt = false;    // "subscribe to continue reading" in the story
    bool paywall_markup = false;         // an element named paywall/regwall/... on the page
    std::string_view text;               // the extracted story text
};

struct PartialVerdict {
    bool partial = false;
    std::string reason;
};

PartialVerdict judge_partial(const PartialSignals& signals);

}  // namespace gleaner::extract

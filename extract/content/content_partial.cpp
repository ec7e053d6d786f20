// Partial-story verdict from the signals the extraction stages collected.
#include "extract/content/content_partial.h"

namespace gleaner::extract {
namespace {

// A text shorter than this next to paywall signals is the teaser, not the story. Longer texts on
// pages marked paywalled are whole stories: metered sites and subscriber-only structured data still
// send the full text, and a hard wall that shows several paragraphs ends them with a subscription
// prompt, which is caught on its own.
constexpr std::size_t kTeaserChars = 2000;

bool ends_truncated(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
    for (std::string_view ellipsis : {"...", "\xE2\x80\xA6", "[\xE2\x80\xA6]", "(...)"})
        if (text.size() >= ellipsis.size() && text.substr(text.size() - ellipsis.size()) == ellipsis) return true;
    return false;
}

}  // namespace

PartialVerdict judge_partial(const PartialSignals& signals) {
    const bool teaser = !signals.text.empty() && signals.text.size() < kTeaserChars;
    if (signals.metadata_paywalled && (teaser || signals.subscription_prompt)) {
        std::string reason = "paywall";
        if (!signals.metadata_reason.empty()) reason += ": " + std::string(signals.metadata_reason);
        return {true, reason + (signals.subscription_prompt ? " (subscription prompt)" : " (teaser)")};
    }
    if (signals.subscription_prompt) return {true, "subscription prompt in place of the rest of the story"};
    if (!teaser) return {};
    if (signals.paywall_markup) return {true, "paywall markup around a short text (teaser)"};
    if (ends_truncated(signals.text))
        return {true, "text ends in an ellipsis (truncated teaser)"};
    return {};
}

}  // namespace gleaner::extract

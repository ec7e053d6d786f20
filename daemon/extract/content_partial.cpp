// Partial-story verdict from the signals the extraction stages collected.
#include "extract/content_partial.h"

namespace gleaner::extract {
namespace {

// A text shorter than this next to paywall markup is the teaser, not the story.
constexpr std::size_t kTeaserChars = 1500;

bool ends_truncated(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
    for (std::string_view ellipsis : {"...", "\xE2\x80\xA6", "[\xE2\x80\xA6]", "(...)"})
        if (text.size() >= ellipsis.size() && text.substr(text.size() - ellipsis.size()) == ellipsis) return true;
    return false;
}

}  // namespace

PartialVerdict judge_partial(const PartialSignals& signals) {
    if (signals.metadata_paywalled) {
        std::string reason = "paywall";
        if (!signals.metadata_reason.empty()) reason += ": " + std::string(signals.metadata_reason);
        return {true, reason};
    }
    if (signals.subscription_prompt) return {true, "subscription prompt in place of the rest of the story"};
    if (signals.text.empty()) return {};
    if (signals.paywall_markup && signals.text.size() < kTeaserChars)
        return {true, "short text inside paywall markup (teaser)"};
    if (ends_truncated(signals.text) && signals.text.size() < kTeaserChars)
        return {true, "text ends in an ellipsis (truncated teaser)"};
    return {};
}

}  // namespace gleaner::extract

// "Did you mean ...?" for misspelt keys and values: the candidate closest to a word by edit distance,
// when it is close enough to be a plausible typo. Internal to gleaner_config.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner::config {

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

// " (did you mean `interval`?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace gleaner::config

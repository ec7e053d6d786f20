// A plugin's checked settings (the JSON config_json holds) as the plain-C gleaner_value tree of ABI
// 1.2, built once and kept alive as long as the owner: what the host API's settings() returns to an
// instance and what a plugin's check callback reads.
#pragma once

#include <gleaner/plugin.h>

#include <deque>
#include <string>
#include <vector>

namespace gleaner::plugins {

class SettingsTree {
public:
    // `json` must be a JSON document (the loader's config_json); throws std::invalid_argument if not.
    explicit SettingsTree(const std::string& json);
    SettingsTree(const SettingsTree&) = delete;  // the tree points into itself
    SettingsTree& operator=(const SettingsTree&) = delete;

    const gleaner_value* root() const { return &values_.front(); }

private:
    // Stable addresses: values, strings and the arrays of pointers/names never move once made.
    std::deque<gleaner_value> values_;
    std::deque<std::string> strings_;
    std::deque<std::vector<const gleaner_value*>> item_lists_;
    std::deque<std::vector<gleaner_str>> name_lists_;

    friend struct Builder;
};

}  // namespace gleaner::plugins

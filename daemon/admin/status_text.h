// The /status document as text for a terminal: `gleaner status` prints it, and `run --once` ends with
// it (without the newest articles) followed by its verdict. Both read the JSON render_status() writes,
// so the text, the dashboard and /status show the same figures from the same metric table.
#pragma once

#include <string>
#include <vector>

namespace gleaner::admin {

struct StatusTextOptions {
    bool newest_articles = true;  // the "Newest articles" section
};

std::string status_text(const std::string& status_json, StatusTextOptions options = {});

// What `run --once` must not let pass silently: sources whose pass failed or whose article fetches
// failed, plugins that dead-lettered articles or still hold some for a retry. Empty when everything
// went through.
std::vector<std::string> once_problems(const std::string& status_json, const std::string& dead_letter_file);

// Hints for an operator puzzled by a quiet run: sources that stored nothing new because what they
// listed was ingested before (and how to ingest it again).
std::vector<std::string> once_notes(const std::string& status_json);

// The summary for JSON-lines logs: {"summary": <the /status document>, "problems": [...]} on one line.
std::string once_summary_json(const std::string& status_json, const std::vector<std::string>& problems);

}  // namespace gleaner::admin

// Renders the schema tables as the Markdown reference pasted into README.md: one table per section
// (top-level keys, each nested mapping of the daemon keys, source entries, plugin entries).
#include "config/config_reference.h"

#include <algorithm>
#include <sstream>

#include "config/schema.h"
#include "config/value_syntax.h"

namespace gleaner::config {
namespace {

using schema::Fallback;
using schema::KeySpec;
using schema::Table;

// `|` would end a Markdown table cell.
std::string cell(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        escaped += (c == '|') ? std::string("\\|") : std::string(1, c);
    }
    return escaped;
}

// Written straight to the stream: GCC 12 gives a false -Wrestrict on `"`" + std::string(...)`.
void write_default(std::ostringstream& out, const KeySpec& key) {
    switch (key.fallback.kind) {
        case Fallback::Kind::kRequired: out << "**required**"; return;
        case Fallback::Kind::kValue: out << '`' << cell(key.fallback.yaml) << '`'; return;
        case Fallback::Kind::kNone: return;
    }
}

// The part of a daemon key's path that names its section: "fetch" for "fetch.retry.max_attempts".
std::string_view section_of(const KeySpec& key) {
    std::size_t dot = key.path.find('.');
    return dot == std::string_view::npos ? std::string_view() : key.path.substr(0, dot);
}

void write_rows(std::ostringstream& out, const std::vector<const KeySpec*>& keys) {
    out << "| Key | Type | Default | Description |\n|---|---|---|---|\n";
    for (const KeySpec* key : keys) {
        out << "| `" << key->path << "` | " << cell(schema::type_name(key->type)) << " | ";
        write_default(out, *key);
        out << " | " << cell(key->description) << " |\n";
    }
}

// The daemon table, split by top-level section in the order sections first appear.
void write_sectioned(std::ostringstream& out, const Table& table) {
    std::vector<std::string_view> sections;
    for (const KeySpec& key : table.keys) {
        if (std::find(sections.begin(), sections.end(), section_of(key)) == sections.end()) {
            sections.push_back(section_of(key));
        }
    }
    out << "### " << table.title << "\n\n" << table.intro << "\n\n"
        << "Durations: " << schema::duration_hint() << ". Sizes: " << schema::size_hint() << ".\n";
    for (std::string_view section : sections) {
        std::vector<const KeySpec*> keys;
        for (const KeySpec& key : table.keys) {
            if (section_of(key) == section) {
                keys.push_back(&key);
            }
        }
        out << "\n#### ";
        if (section.empty()) {
            out << "Top level\n\n";
        } else {
            out << '`' << section << "`\n\n";
        }
        write_rows(out, keys);
    }
}

void write_entries(std::ostringstream& out, const Table& table) {
    std::vector<const KeySpec*> keys;
    for (const KeySpec& key : table.keys) {
        keys.push_back(&key);
    }
    out << "\n### `" << table.title << "`\n\n" << table.intro << "\n\n";
    write_rows(out, keys);
}

}  // namespace

std::string config_reference_markdown() {
    std::ostringstream out;
    const Table& root = schema::config_table();
    write_sectioned(out, root);
    for (const KeySpec& key : root.keys) {
        if (key.entries != nullptr) {
            write_entries(out, key.entries());
        }
    }
    return out.str();
}

}  // namespace gleaner::config

// The configuration reference generated from the schema: it covers every key, and README.md carries
// exactly the generated text between its config-reference markers.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "config/config_reference.h"
#include "config/schema.h"

namespace gleaner::config {
namespace {

constexpr std::string_view kBegin = "<!-- config-reference:begin -->";
constexpr std::string_view kEnd = "<!-- config-reference:end -->";

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \n\r\t");
    if (first == std::string_view::npos) {
        return "";
    }
    return std::string(text.substr(first, text.find_last_not_of(" \n\r\t") - first + 1));
}

TEST(ConfigReference, ListsEveryKeyOfEveryTableWithItsDefault) {
    const std::string reference = config_reference_markdown();
    const schema::Table& root = schema::config_table();
    std::vector<const schema::Table*> tables{&root};
    for (const schema::KeySpec& key : root.keys) {
        if (key.entries != nullptr) {
            tables.push_back(&key.entries());
        }
    }
    ASSERT_EQ(tables.size(), 3u);  // daemon, sources[], plugins[]
    for (const schema::Table* table : tables) {
        for (const schema::KeySpec& key : table->keys) {
            // Built with append: GCC 12 warns falsely (-Wrestrict) on `"literal" + std::string(...)`.
            const std::string row_start = std::string("| `").append(key.path).append("` |");
            EXPECT_NE(reference.find(row_start), std::string::npos) << key.path;
            if (key.fallback.kind == schema::Fallback::Kind::kValue) {
                std::string row = reference.substr(reference.find(row_start));
                row = row.substr(0, row.find('\n'));
                const std::string default_cell = std::string("`").append(key.fallback.yaml).append("`");
                EXPECT_NE(row.find(default_cell), std::string::npos) << row;
            }
        }
    }
}

TEST(ConfigReference, ReadmeCarriesTheGeneratedReference) {
    const std::filesystem::path readme = std::filesystem::path(GLEANER_SOURCE_DIR) / "README.md";
    std::ifstream in(readme);
    if (!in) {
        GTEST_SKIP() << readme << " does not exist yet; it needs a section between " << kBegin << " and " << kEnd;
    }
    std::stringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    const auto begin = content.find(kBegin);
    const auto end = content.find(kEnd);
    if (begin == std::string::npos || end == std::string::npos || end < begin) {
        GTEST_SKIP() << readme << " lacks the markers " << kBegin << " and " << kEnd;
    }
    const std::string in_readme = trimmed(std::string_view(content).substr(begin + kBegin.size(), end - begin - kBegin.size()));

    EXPECT_EQ(in_readme, trimmed(config_reference_markdown()))
        << "README.md's configuration reference is out of date: replace the text between the markers with the "
           "output of build/gleaner_config_reference";
}

}  // namespace
}  // namespace gleaner::config

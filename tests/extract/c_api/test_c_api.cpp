// The C API of include/gleaner/extract.h, through the shared library exactly as a C program links it:
// the article as JSON, options read within the caller's struct_size, errors as strings, no exception.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <string>

#include "gleaner/extract.h"

namespace {

const std::string kPage =
    "<html lang=\"en\"><head><title>Harbour reopens | Coastal Times</title>"
    "<meta name=\"author\" content=\"Mara Lind\"></head><body><article><h1>Harbour reopens</h1>"
    "<p>The harbour reopened on Monday after three weeks of repairs to the sea wall, the port authority said "
    "in a statement on its <a href=\"/notices\">notices page</a>.</p>"
    "<p>Ferries will run on the summer timetable from Friday, and the fish market returns to the quay next "
    "week, traders said.</p></article></body></html>";

struct Result {
    gleaner_extract_result* r;
    ~Result() { gleaner_extract_free(r); }
};

nlohmann::json json_of(const gleaner_extract_result* r) {
    const char* json = gleaner_extract_json(r);
    EXPECT_NE(json, nullptr) << gleaner_extract_error(r);
    return json == nullptr ? nlohmann::json() : nlohmann::json::parse(json);
}

TEST(ExtractCApi, ReturnsTheArticleAsJson) {
    gleaner_extract_options opts = GLEANER_EXTRACT_OPTIONS_INIT;
    opts.url = "https://coastal.example/news/harbour";
    const Result result{gleaner_extract(kPage.data(), kPage.size(), &opts)};
    ASSERT_NE(result.r, nullptr);
    EXPECT_EQ(gleaner_extract_error(result.r), nullptr);
    const nlohmann::json article = json_of(result.r);
    EXPECT_EQ(article.at("title"), "Harbour reopens");
    EXPECT_EQ(article.at("authors"), nlohmann::json::array({"Mara Lind"}));
    EXPECT_EQ(article.at("page_type"), "article");
    EXPECT_EQ(article.at("schema_version"), 1);
    EXPECT_NE(article.at("text").get<std::string>().find("fish market"), std::string::npos);
    EXPECT_NE(article.at("html").get<std::string>().find("href=\"https://coastal.example/notices\""), std::string::npos);
    EXPECT_EQ(article.at("provenance").at("extractor_version"), gleaner_extract_version());
}

TEST(ExtractCApi, NullOptionsMeanDefaults) {
    const Result result{gleaner_extract(kPage.data(), kPage.size(), nullptr)};
    EXPECT_EQ(json_of(result.r).at("title"), "Harbour reopens");
}

TEST(ExtractCApi, DeclaredCharsetDecodesLegacyBytes) {
    // "Café" in ISO-8859-1: é is one byte 0xE9.
    const std::string page = "<html><body><article><p>Caf\xE9 owners on the quay welcomed the reopening of the harbour "
                             "after weeks of repairs to the old sea wall.</p></article></body></html>";
    gleaner_extract_options opts = GLEANER_EXTRACT_OPTIONS_INIT;
    opts.charset = "iso-8859-1";
    const Result result{gleaner_extract(page.data(), page.size(), &opts)};
    const nlohmann::json article = json_of(result.r);
    EXPECT_NE(article.at("text").get<std::string>().find("Caf\xC3\xA9"), std::string::npos) << article.at("text");
    EXPECT_EQ(article.at("provenance").at("charset_source"), "http");
}

TEST(ExtractCApi, FormatsLeaveTheOthersEmpty) {
    gleaner_extract_options opts = GLEANER_EXTRACT_OPTIONS_INIT;
    opts.formats = GLEANER_EXTRACT_MARKDOWN;
    const Result result{gleaner_extract(kPage.data(), kPage.size(), &opts)};
    const nlohmann::json article = json_of(result.r);
    EXPECT_EQ(article.at("text"), "");
    EXPECT_EQ(article.at("html"), "");
    EXPECT_EQ(article.at("markdown").get<std::string>().rfind("# Harbour reopens", 0), 0u) << article.at("markdown");
    EXPECT_GT(article.at("word_count").get<int>(), 20) << "word_count measures the story whatever is rendered";
}

TEST(ExtractCApi, AnOlderCallersShorterOptionsAreReadOnlyAsFarAsTheyGo) {
    // A caller built against a header whose options ended after `url`: later fields are not read,
    // whatever lies in memory beyond them.
    gleaner_extract_options opts;
    std::memset(&opts, 0xff, sizeof opts);
    opts.struct_size = offsetof(gleaner_extract_options, url) + sizeof opts.url;
    opts.url = "https://coastal.example/news/harbour";
    const Result result{gleaner_extract(kPage.data(), kPage.size(), &opts)};
    const nlohmann::json article = json_of(result.r);
    EXPECT_EQ(article.at("url"), "https://coastal.example/news/harbour");
    EXPECT_NE(article.at("html"), "");
}

TEST(ExtractCApi, ErrorsAreStringsNotCrashes) {
    gleaner_extract_options opts = GLEANER_EXTRACT_OPTIONS_INIT;
    opts.max_input_bytes = 100;
    const Result too_big{gleaner_extract(kPage.data(), kPage.size(), &opts)};
    EXPECT_EQ(gleaner_extract_json(too_big.r), nullptr);
    EXPECT_NE(std::string(gleaner_extract_error(too_big.r)).find("over the limit of 100"), std::string::npos);

    const Result null_html{gleaner_extract(nullptr, 10, nullptr)};
    EXPECT_NE(std::string(gleaner_extract_error(null_html.r)).find("html is NULL"), std::string::npos);

    gleaner_extract_options unsized = GLEANER_EXTRACT_OPTIONS_INIT;
    unsized.struct_size = 0;
    const Result bad_size{gleaner_extract(kPage.data(), kPage.size(), &unsized)};
    EXPECT_NE(std::string(gleaner_extract_error(bad_size.r)).find("struct_size"), std::string::npos);

    gleaner_extract_options bad_formats = GLEANER_EXTRACT_OPTIONS_INIT;
    bad_formats.formats = 64;
    const Result unknown{gleaner_extract(kPage.data(), kPage.size(), &bad_formats)};
    EXPECT_NE(std::string(gleaner_extract_error(unknown.r)).find("unknown bits"), std::string::npos);
    gleaner_extract_free(nullptr);
}

TEST(ExtractCApi, EmptyInputIsAPageOfTypeOther) {
    const Result result{gleaner_extract(nullptr, 0, nullptr)};
    const nlohmann::json article = json_of(result.r);
    EXPECT_EQ(article.at("page_type"), "other");
    EXPECT_EQ(article.at("text"), "");
}

}  // namespace

// Absolute URLs for the story's links and images: references resolved against the page URL or its
// <base href> with libcurl's URL API; script and data URLs dropped.
#include <gtest/gtest.h>

#include "extract/url_resolve.h"

namespace gleaner::extract {
namespace {

TEST(UrlResolver, ResolvesRelativeReferencesAgainstTheBase) {
    const UrlResolver urls("https://news.example/city/2024/story.html?x=1");
    EXPECT_EQ(urls.resolve("photo.jpg"), "https://news.example/city/2024/photo.jpg");
    EXPECT_EQ(urls.resolve("../maps/"), "https://news.example/city/maps/");
    EXPECT_EQ(urls.resolve("/about"), "https://news.example/about");
    EXPECT_EQ(urls.resolve("//cdn.example/a.png"), "https://cdn.example/a.png");
    EXPECT_EQ(urls.resolve("?page=2"), "https://news.example/city/2024/story.html?page=2");
    EXPECT_EQ(urls.resolve("  https://other.example/x  "), "https://other.example/x");
}

TEST(UrlResolver, DropsScriptAndDataUrls) {
    const UrlResolver urls("https://news.example/");
    EXPECT_EQ(urls.resolve("javascript:void(0)"), "");
    EXPECT_EQ(urls.resolve("JavaScript:alert(1)"), "");
    EXPECT_EQ(urls.resolve("data:image/gif;base64,R0lGOD"), "");
    EXPECT_EQ(urls.resolve(""), "");
}

TEST(UrlResolver, KeepsMailtoLinks) {
    EXPECT_EQ(UrlResolver("https://news.example/").resolve("mailto:desk@news.example"), "mailto:desk@news.example");
}

// Found by the fuzzer: curl percent-decodes host names, so "t:/%81" came back as "t://\x81/".
TEST(UrlResolver, HostThatDecodesToBytesThatAreNotUtf8ComesBackPercentEncoded) {
    EXPECT_EQ(UrlResolver("").resolve("t:/%81"), "t://%81/");
    EXPECT_EQ(UrlResolver("https://news.example/a/").resolve("t:/%81"), "t://%81/");
    EXPECT_EQ(UrlResolver("https://news.example/a/").resolve("http://a%81b/x%82"), "http://a%81b/x%82");
}

TEST(UrlResolver, InternationalHostStaysAsWritten) {
    EXPECT_EQ(UrlResolver("https://news.example/").resolve("http://b%C3%BCcher.example/x"), "http://bücher.example/x");
    EXPECT_EQ(UrlResolver("https://news.example/").resolve("http://bücher.example/x"), "http://bücher.example/x");
}

TEST(UrlResolver, WithoutBaseKeepsRelativeReferencesAsWritten) {
    const UrlResolver urls("");
    EXPECT_FALSE(urls.has_base());
    EXPECT_EQ(urls.resolve("photo.jpg"), "photo.jpg");
    EXPECT_EQ(urls.resolve("https://news.example/a"), "https://news.example/a");
}

TEST(DocumentBaseUrl, BaseHrefResolvedAgainstThePageWins) {
    EXPECT_EQ(document_base_url("https://news.example/a/b.html", "/static/"), "https://news.example/static/");
    EXPECT_EQ(document_base_url("https://news.example/a/b.html", ""), "https://news.example/a/b.html");
    EXPECT_EQ(document_base_url("", "https://cdn.example/base/"), "https://cdn.example/base/");
    EXPECT_EQ(document_base_url("", ""), "");
}

}  // namespace
}  // namespace gleaner::extract

// test_resolve.cpp — resolve_url against RFC 3986's own examples and the hrefs found in real pages;
// absolute_http_url, without_fragment, url_host and same_site.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

#include "sources/url.h"

namespace gleaner::sources {
namespace {

struct Case {
  const char* base;
  const char* reference;
  const char* expected;  // nullptr: cannot be resolved
};

// Shown by GoogleTest in test names of failures instead of the bytes of the struct.
void PrintTo(const Case& c, std::ostream* os) { *os << c.base << " + " << c.reference; }

class ResolveUrl : public ::testing::TestWithParam<Case> {};

TEST_P(ResolveUrl, GivesTheExpectedUrl) {
  const Case& c = GetParam();
  const std::optional<std::string> resolved = resolve_url(c.base, c.reference);
  if (c.expected == nullptr) {
    EXPECT_FALSE(resolved.has_value()) << c.reference << " -> " << resolved.value_or("");
  } else {
    ASSERT_TRUE(resolved.has_value()) << c.base << " + " << c.reference;
    EXPECT_EQ(*resolved, c.expected) << c.base << " + " << c.reference;
  }
}

// RFC 3986 section 5.4.1, "Normal Examples" (base http://a/b/c/d;p?q); "g:h" is left out because
// libcurl knows no scheme "g".
constexpr const char* kRfcBase = "http://a/b/c/d;p?q";
INSTANTIATE_TEST_SUITE_P(
    Rfc3986NormalExamples, ResolveUrl,
    ::testing::Values(
        Case{kRfcBase, "g", "http://a/b/c/g"}, Case{kRfcBase, "./g", "http://a/b/c/g"},
        Case{kRfcBase, "g/", "http://a/b/c/g/"}, Case{kRfcBase, "/g", "http://a/g"},
        Case{kRfcBase, "//g", "http://g/"}, Case{kRfcBase, "?y", "http://a/b/c/d;p?y"},
        Case{kRfcBase, "g?y", "http://a/b/c/g?y"}, Case{kRfcBase, "#s", "http://a/b/c/d;p?q#s"},
        Case{kRfcBase, "g#s", "http://a/b/c/g#s"}, Case{kRfcBase, "g?y#s", "http://a/b/c/g?y#s"},
        Case{kRfcBase, ";x", "http://a/b/c/;x"}, Case{kRfcBase, "g;x", "http://a/b/c/g;x"},
        Case{kRfcBase, "g;x?y#s", "http://a/b/c/g;x?y#s"}, Case{kRfcBase, "", "http://a/b/c/d;p?q"},
        Case{kRfcBase, ".", "http://a/b/c/"}, Case{kRfcBase, "./", "http://a/b/c/"},
        Case{kRfcBase, "..", "http://a/b/"}, Case{kRfcBase, "../", "http://a/b/"},
        Case{kRfcBase, "../g", "http://a/b/g"}, Case{kRfcBase, "../..", "http://a/"},
        Case{kRfcBase, "../../", "http://a/"}, Case{kRfcBase, "../../g", "http://a/g"}));

// RFC 3986 section 5.4.2, "Abnormal Examples" that libcurl handles.
INSTANTIATE_TEST_SUITE_P(Rfc3986AbnormalExamples, ResolveUrl,
                         ::testing::Values(Case{kRfcBase, "../../../g", "http://a/g"},
                                           Case{kRfcBase, "../../../../g", "http://a/g"},
                                           Case{kRfcBase, "/./g", "http://a/g"},
                                           Case{kRfcBase, "/../g", "http://a/g"},
                                           Case{kRfcBase, "g.", "http://a/b/c/g."},
                                           Case{kRfcBase, "..g", "http://a/b/c/..g"},
                                           Case{kRfcBase, "./../g", "http://a/b/g"},
                                           Case{kRfcBase, "g/./h", "http://a/b/c/g/h"},
                                           Case{kRfcBase, "g/../h", "http://a/b/c/h"}));

constexpr const char* kPage = "https://news.example.com/world/europe/story.html?page=2#top";
INSTANTIATE_TEST_SUITE_P(
    HrefsFoundInPages, ResolveUrl,
    ::testing::Values(
        Case{kPage, "other.html", "https://news.example.com/world/europe/other.html"},
        Case{kPage, "#comments",
             "https://news.example.com/world/europe/story.html?page=2#comments"},
        Case{kPage, "#a%20b", "https://news.example.com/world/europe/story.html?page=2#a%20b"},
        Case{kPage, "?page=3", "https://news.example.com/world/europe/story.html?page=3"},
        Case{kPage, "//cdn.example.net/x.js", "https://cdn.example.net/x.js"},
        Case{kPage, "http://other.example.org/a", "http://other.example.org/a"},
        Case{kPage, "  /padded/  ", "https://news.example.com/padded/"},
        Case{kPage, "/wrapped\n/over/lines", "https://news.example.com/wrapped/over/lines"},
        Case{kPage, "/with space", "https://news.example.com/with%20space"},
        Case{kPage, "/caf\xC3\xA9", "https://news.example.com/caf%c3%a9"},
        Case{kPage, "mailto:desk@example.com", nullptr}, Case{kPage, "javascript:void(0)", nullptr},
        Case{kPage, "http://[::1", nullptr}, Case{"not a base", "/relative", nullptr},
        Case{"not a base", "https://absolute.example.com/x", "https://absolute.example.com/x"},
        Case{"", "https://absolute.example.com/x", "https://absolute.example.com/x"}));

TEST(AbsoluteHttpUrl, AcceptsOnlyAbsoluteHttpAndHttps) {
  EXPECT_EQ(absolute_http_url("https://example.com/a"), "https://example.com/a");
  EXPECT_EQ(absolute_http_url("http://example.com"), "http://example.com/");
  EXPECT_FALSE(absolute_http_url("/a/b").has_value());
  EXPECT_FALSE(absolute_http_url("12345@example.com").has_value());
  EXPECT_FALSE(absolute_http_url("tag:example.com,2024:1").has_value());
  EXPECT_FALSE(absolute_http_url("file:///etc/passwd").has_value());
  EXPECT_FALSE(absolute_http_url("ftp://example.com/").has_value());
}

TEST(WithoutFragment, DropsOnlyTheFragment) {
  EXPECT_EQ(without_fragment("https://example.com/a?b=1#c"), "https://example.com/a?b=1");
  EXPECT_EQ(without_fragment("https://example.com/a"), "https://example.com/a");
  EXPECT_FALSE(without_fragment("relative#frag").has_value());
}

TEST(UrlHost, IsLowerCased) {
  EXPECT_EQ(url_host("https://News.Example.COM:8080/x"), "news.example.com");
  EXPECT_FALSE(url_host("/relative").has_value());
}

TEST(SameSite, FollowsTheRegistrableDomain) {
  EXPECT_TRUE(same_site("https://www.example.com/a", "https://www.example.com/b"));
  EXPECT_TRUE(same_site("https://edition.example.com/a", "https://money.example.com/b"));
  EXPECT_TRUE(same_site("https://example.com/a", "https://www.example.com/b"));
  EXPECT_TRUE(same_site("http://www.example.com/a", "https://www.example.com/b"));
  EXPECT_TRUE(
      same_site("https://www.tribune-example.co.uk/", "https://live.tribune-example.co.uk/x"));
  EXPECT_FALSE(
      same_site("https://www.tribune-example.co.uk/", "https://www.herald-example.co.uk/"));
  EXPECT_FALSE(same_site("https://www.example.com/", "https://www.example.org/"));
}

TEST(SameSite, TreatsPublicSuffixesWithPrivateSubdomainsAsSeparateSites) {
  // github.io is on the public suffix list: each user's pages are their own site.
  EXPECT_FALSE(same_site("https://alice.github.io/", "https://bob.github.io/"));
  EXPECT_TRUE(same_site("https://alice.github.io/a", "https://alice.github.io/b"));
}

TEST(SameSite, ComparesAddressesAndUnlistedHostsWhole) {
  EXPECT_TRUE(same_site("http://127.0.0.1:8080/a", "http://127.0.0.1:9090/b"));
  EXPECT_FALSE(same_site("http://127.0.0.1/a", "http://127.0.0.2/b"));
  EXPECT_TRUE(same_site("http://localhost/a", "http://localhost/b"));
  EXPECT_FALSE(same_site("http://[::1]/a", "http://[::2]/b"));
  EXPECT_FALSE(same_site("/relative", "/relative"));
}

}  // namespace
}  // namespace gleaner::sources

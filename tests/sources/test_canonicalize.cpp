// test_canonicalize.cpp — canonicalize_url, the dedup key: one story reached by two URLs is one
// key.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sources/url.h"

namespace gleaner::sources {
namespace {

struct Case {
  const char* input;
  const char* expected;  // nullptr: no key
};

// Shown by GoogleTest in test names of failures instead of the bytes of the struct.
void PrintTo(const Case& c, std::ostream* os) { *os << (c.input ? c.input : ""); }

class CanonicalizeUrl : public ::testing::TestWithParam<Case> {};

TEST_P(CanonicalizeUrl, GivesTheExpectedKey) {
  const Case& c = GetParam();
  const std::optional<std::string> key = canonicalize_url(c.input);
  if (c.expected == nullptr) {
    EXPECT_FALSE(key.has_value()) << c.input << " -> " << key.value_or("");
  } else {
    ASSERT_TRUE(key.has_value()) << c.input;
    EXPECT_EQ(*key, c.expected) << c.input;
  }
}

INSTANTIATE_TEST_SUITE_P(
    CaseAndPorts, CanonicalizeUrl,
    ::testing::Values(Case{"HTTPS://News.Example.COM/World/Story",
                           "https://news.example.com/World/Story"},
                      Case{"http://example.com:80/a", "http://example.com/a"},
                      Case{"https://example.com:443/a", "https://example.com/a"},
                      Case{"http://example.com:0080/a", "http://example.com/a"},
                      Case{"https://example.com:8443/a", "https://example.com:8443/a"},
                      Case{"http://example.com:443/a", "http://example.com:443/a"},
                      Case{"https://example.com", "https://example.com/"}));

INSTANTIATE_TEST_SUITE_P(
    FragmentsAndTrackingParameters, CanonicalizeUrl,
    ::testing::Values(
        Case{"https://example.com/a#comments", "https://example.com/a"},
        Case{"https://example.com/a?id=5#x", "https://example.com/a?id=5"},
        Case{"https://example.com/a?utm_source=tw&utm_medium=social&id=5&fbclid=IwAR0",
             "https://example.com/a?id=5"},
        Case{"https://example.com/a?utm_source=newsletter", "https://example.com/a"},
        Case{"https://example.com/a?gclid=1&dclid=2&msclkid=3&mc_cid=4&mc_eid=5&igshid=6&_ga=7"
             "&yclid=8&ref_src=9&UTM_Campaign=10",
             "https://example.com/a"},
        Case{"https://example.com/a?", "https://example.com/a"},
        Case{"https://example.com/a?x=1&&y=2&", "https://example.com/a?x=1&y=2"},
        Case{"https://example.com/a?utm=keep&utmost=keep",
             "https://example.com/a?utm=keep&utmost=keep"}));

INSTANTIATE_TEST_SUITE_P(QueryOrder, CanonicalizeUrl,
                         ::testing::Values(Case{"https://example.com/a?b=2&a=1",
                                                "https://example.com/a?a=1&b=2"},
                                           Case{"https://example.com/a?b=2&a=1&b=1",
                                                "https://example.com/a?a=1&b=2&b=1"},
                                           Case{"https://example.com/a?page=2&flag&id=9",
                                                "https://example.com/a?flag&id=9&page=2"}));

INSTANTIATE_TEST_SUITE_P(
    PathNormalisation, CanonicalizeUrl,
    ::testing::Values(
        Case{"https://example.com/a/", "https://example.com/a/"},
        Case{"https://example.com/a", "https://example.com/a"},
        Case{"https://example.com/a/./b/../c", "https://example.com/a/c"},
        Case{"https://example.com/a/%2E%2E/b", "https://example.com/b"},
        Case{"https://example.com/%7euser/caf%c3%a9", "https://example.com/~user/caf%C3%A9"},
        Case{"https://example.com/search?q=a%2fb", "https://example.com/search?q=a%2Fb"},
        Case{"https://example.com/a b", "https://example.com/a%20b"},
        Case{"https://example.com/caf\xC3\xA9", "https://example.com/caf%C3%A9"},
        Case{"  https://example.com/padded\n", "https://example.com/padded"},
        Case{"file:///srv/news/../pages/a.html", "file:///srv/pages/a.html"}));

INSTANTIATE_TEST_SUITE_P(Refused, CanonicalizeUrl,
                         ::testing::Values(Case{"ftp://example.com/x", nullptr},
                                           Case{"mailto:desk@example.com", nullptr},
                                           Case{"javascript:alert(1)", nullptr},
                                           Case{"not a url", nullptr}, Case{"", nullptr},
                                           Case{"/relative/path", nullptr},
                                           Case{"http://[::1", nullptr},
                                           Case{"https://example.com:99999/", nullptr}));

TEST(CanonicalizeUrlKey, VariantsOfOneStoryShareOneKey) {
  const std::vector<std::string> variants = {
      "https://www.example.com/world/story?id=42&page=1",
      "HTTPS://WWW.EXAMPLE.COM:443/world/story?page=1&id=42",
      "https://www.example.com/world/./story?id=42&utm_source=rss&page=1#top",
      "https://www.example.com/world/x/../story?fbclid=abc&id=42&page=1",
      "https://www.example.com/%77orld/story?id=42&page=1",
  };
  const auto expected = canonicalize_url(variants.front());
  ASSERT_TRUE(expected.has_value());
  for (const std::string& variant : variants)
    EXPECT_EQ(canonicalize_url(variant), expected) << variant;
}

TEST(CanonicalizeUrlKey, DifferentStoriesKeepDifferentKeys) {
  const std::vector<std::string> stories = {
      "https://example.com/story?id=1", "https://example.com/story?id=2",
      "https://example.com/story/",     "https://example.com/story",
      "http://example.com/story",       "https://example.com/Story",
  };
  for (std::size_t i = 0; i < stories.size(); ++i) {
    for (std::size_t j = i + 1; j < stories.size(); ++j) {
      EXPECT_NE(canonicalize_url(stories[i]), canonicalize_url(stories[j]))
          << stories[i] << " vs " << stories[j];
    }
  }
}

TEST(CanonicalizeUrlKey, IsStableUnderRepetition) {
  const std::vector<std::string> urls = {
      "HTTP://Example.com:80/a/../b?z=1&utm_id=2&a=%7e#f",
      "https://example.com/caf\xC3\xA9?q=a b",
  };
  for (const std::string& url : urls) {
    const auto once = canonicalize_url(url);
    ASSERT_TRUE(once.has_value()) << url;
    EXPECT_EQ(canonicalize_url(*once), once) << url;
  }
}

}  // namespace
}  // namespace gleaner::sources

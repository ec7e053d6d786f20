// Stories, not pages: three local sites — an original, a wire site running edited copies of its
// stories under its own boilerplate (a few words changed, a credit line added, the last paragraph
// cut), and a site with stories of its own — crawled by the real daemon. Copies share the original's
// cluster_id and name it in duplicate_of, no two distinct stories share a cluster, a plugin with
// `filter: { duplicates: drop }` receives only the originals, and the counters say so.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using gleaner::test::TestHttpServer;

namespace {

struct Story {
    std::string title;
    std::vector<std::string> paragraphs;
};

std::vector<Story> fixture_stories() {
    std::ifstream in(std::string(E2E_FIXTURES) + "/wire_stories.json");
    const auto json = nlohmann::json::parse(in);
    std::vector<Story> out;
    for (const auto& s : json.at("stories")) out.push_back({s.at("title"), s.at("paragraphs")});
    return out;
}

std::string page(const std::string& site, const std::string& title, const std::vector<std::string>& paragraphs) {
    std::string body;
    for (const auto& p : paragraphs) body += "<p>" + p + "</p>\n";
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + " | " + site +
           "</title></head><body><header><nav><a href=\"/\">" + site + "</a> <a href=\"/world\">World</a> "
           "<a href=\"/business\">Business</a></nav></header><main><article><h1>" + title + "</h1>\n" + body +
           "</article></main><aside><h2>Most read on " + site + "</h2><ul><li><a href=\"/a\">Markets close "
           "higher</a></li><li><a href=\"/b\">Weather warning for the weekend</a></li></ul></aside><footer><p>"
           "Copyright " + site + ". All rights reserved.</p></footer></body></html>";
}

// A wire copy: every 30th word changed (about 3 %), a credit line first, the last paragraph cut.
std::vector<std::string> wire_copy(const std::vector<std::string>& paragraphs) {
    std::vector<std::string> out{"WASHINGTON (Wire Service) - Reporting by Dana Reyes; editing by Sam Okafor."};
    int word = 0;
    for (std::size_t i = 0; i + 1 < paragraphs.size(); ++i) {
        std::istringstream words(paragraphs[i]);
        std::string edited;
        for (std::string w; words >> w;) edited += (edited.empty() ? "" : " ") + (++word % 30 == 0 ? "reportedly" : w);
        out.push_back(edited);
    }
    return out;
}

class StoriesTest : public CrawlTest {
protected:
    void SetUp() override {
        CrawlTest::SetUp();
        wire_ = std::make_unique<TestHttpServer>();
        own_ = std::make_unique<TestHttpServer>();
    }

    std::string config(const std::string& sources) const {
        return "state_dir: state\n"
               "log: { level: debug }\n"
               "admin: { listen: \"127.0.0.1:0\" }\n"
               "fetch: { user_agent: \"GleanerStoriesTest/1.0\", allow_private_networks: true, timeout: 10s }\n"
               "sources:\n" + sources +
               "plugins:\n"
               "  - name: stream\n"
               "    type: jsonl\n"
               "    config: { path: articles.jsonl }\n"
               "  - name: originals\n"
               "    type: jsonl\n"
               "    config: { path: originals.jsonl }\n"
               "    filter: { duplicates: drop }\n";
    }

    std::unique_ptr<TestHttpServer> wire_, own_;
};

TEST_F(StoriesTest, WireCopiesJoinTheOriginalsClusterAndADropPluginGetsOnlyOriginals) {
    const auto stories = fixture_stories();
    ASSERT_EQ(stories.size(), 7u);
    // The original site: stories 0-3. The wire site: copies of 0-2. The third site: stories 4-6.
    std::vector<std::string> original_urls, wire_urls, own_urls;
    for (int i = 0; i < 4; ++i) {
        const std::string path = "/news/" + std::to_string(i) + ".html";
        server_->serve(path, page("The Daily Original", stories[i].title, stories[i].paragraphs));
        original_urls.push_back(server_->url(path));
    }
    for (int i = 0; i < 3; ++i) {
        const std::string path = "/wire/story-" + std::to_string(i);
        wire_->serve(path, page("Wire Roundup", stories[i].title, wire_copy(stories[i].paragraphs)));
        wire_urls.push_back(wire_->url(path));
    }
    for (int i = 4; i < 7; ++i) {
        const std::string path = "/articles/" + std::to_string(i);
        own_->serve(path, page("Local Ledger", stories[i].title, stories[i].paragraphs));
        own_urls.push_back(own_->url(path));
    }

    // The originals are stored first, then the other two sites are crawled.
    const auto [status, log] = run_once(write_config(config(source("original", "page", original_urls))));
    ASSERT_EQ(status, 0) << log;
    ASSERT_EQ(stored().size(), 4u) << log;
    std::map<std::string, nlohmann::json> by_url;
    for (const auto& a : stored()) by_url[a["url"]] = a;
    for (const auto& url : original_urls) {
        const auto& a = by_url[url];
        EXPECT_EQ(a["duplicate_of"], "") << url;
        EXPECT_EQ(a["cluster_id"], a["id"]) << "an original names its own cluster: " << url;
    }

    const auto pass = run_one_pass(
        write_config(config(source("wire", "page", wire_urls) + source("own", "page", own_urls))), 2);
    ASSERT_EQ(pass.exit_status, 0) << pass.log;
    ASSERT_EQ(stored().size(), 10u) << pass.log;
    for (const auto& a : stored()) by_url[a["url"]] = a;

    for (int i = 0; i < 3; ++i) {
        const auto& original = by_url[original_urls[i]];
        const auto& copy = by_url[wire_urls[i]];
        ASSERT_FALSE(copy.is_null()) << wire_urls[i] << pass.log;
        EXPECT_EQ(copy["cluster_id"], original["cluster_id"]) << wire_urls[i];
        EXPECT_EQ(copy["duplicate_of"], original["canonical_url"]) << wire_urls[i];
    }
    std::set<std::string> clusters;
    for (const auto& url : original_urls) clusters.insert(by_url[url]["cluster_id"].get<std::string>());
    for (const auto& url : own_urls) {
        const auto& a = by_url[url];
        ASSERT_FALSE(a.is_null()) << url << pass.log;
        EXPECT_EQ(a["duplicate_of"], "") << url;
        clusters.insert(a["cluster_id"].get<std::string>());
    }
    EXPECT_EQ(clusters.size(), 7u) << "seven distinct stories, seven clusters";

    std::set<std::string> originals;
    for (const auto& a : jsonl_articles("originals.jsonl")) originals.insert(a["url"].get<std::string>());
    std::set<std::string> expected(original_urls.begin(), original_urls.end());
    expected.insert(own_urls.begin(), own_urls.end());
    EXPECT_EQ(originals, expected) << "the drop plugin gets every original and no wire copy";

    EXPECT_EQ(pass.metric("gleaner_story_copies_total"), 3);
    EXPECT_EQ(pass.metric("gleaner_story_clusters_total"), 3);
    EXPECT_EQ(log_lines_with(pass.log, {"duplicate_of=" + original_urls[0]}).size(), 1u) << pass.log;
}

}  // namespace

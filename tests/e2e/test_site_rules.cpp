// Site rules in the daemon (extract.site_rules): a multi-page article on a site with a rule is fetched
// page after page through the fetcher, with the rule's http_header, and stored as one story in order
// with the rule's strips applied; the rules are read again on SIGHUP.
#include <signal.h>

#include <fstream>

#include "service_helpers.h"
#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using namespace std::chrono_literals;

namespace {

std::string paragraphs(const std::string& part) {
    std::string out;
    for (int p = 1; p <= 4; ++p)
        out += "<p>" + part + ", paragraph " + std::to_string(p) + ": the harbour authority said the new quay "
               "would open to ferries in spring, after divers finished surveying the old piles and the "
               "engineers signed off the last of the concrete pours along the eastern breakwater.</p>\n";
    return out;
}

// A page of the ledger site: the story in div.story-body, an editor's note inside it that only the
// rule strips, and a link to the next page when `next` is given.
std::string ledger_page(const std::string& title, const std::string& part, const std::string& next = "") {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
           " | Harbour Ledger</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/port\">Port</a></nav>"
           "<article><h1>" + title + "</h1><div class=\"story-body\">" + paragraphs(part) +
           "<p class=\"editor-note\">Editor's note: " + part + " was updated after publication to correct the "
           "name of the harbour master and the date on which the quay opens to ferries.</p></div>" +
           (next.empty() ? "" : "<p class=\"pager\"><a rel=\"next\" href=\"" + next + "\">Next page</a></p>") +
           "</article><footer><p>Copyright Harbour Ledger.</p></footer></body></html>";
}

constexpr char kRule[] =
    "# The ledger's stories: one div, notes stripped, pages linked with rel=next.\n"
    "body: //div[@class='story-body']\n"
    "strip_id_or_class: editor-note\n"
    "next_page_link: //a[@rel='next']\n"
    "http_header(X-Ledger-Reader): gleaner-rules\n";

class SiteRulesTest : public CrawlTest {
protected:
    std::string config(const std::string& sources) const {
        return "state_dir: state\n"
               "log: { level: debug }\n"
               "fetch: { user_agent: \"GleanerRulesTest/1.0\", allow_private_networks: true, timeout: 10s }\n"
               "extract: { site_rules: rules }\n"
               "sources:\n" + sources +
               "plugins:\n"
               "  - name: stream\n"
               "    type: jsonl\n"
               "    config: { path: articles.jsonl }\n";
    }
    void write_rule(const std::string& text) {
        std::filesystem::create_directories(dir_ / "rules");
        std::ofstream(dir_ / "rules" / "127.0.0.1.txt") << text;
    }
};

TEST_F(SiteRulesTest, AMultiPageArticleIsFetchedPageByPageWithTheRulesHeaderAndStoredInOrder) {
    write_rule(kRule);
    server_->serve("/story/1.html", ledger_page("New quay opens", "Part one", "/story/2.html"));
    server_->serve("/story/2.html", ledger_page("New quay opens (page 2)", "Part two", "3.html"));
    // The last page links back to the first: a loop the daemon does not follow.
    server_->serve("/story/3.html", ledger_page("New quay opens (page 3)", "Part three", "/story/1.html"));

    const auto [status, log] = run_once(write_config(config(source("ledger", "page", {server_->url("/story/1.html")}))));
    ASSERT_EQ(status, 0) << log;
    const auto articles = stored();
    ASSERT_EQ(articles.size(), 1u) << log;
    const std::string text = articles[0]["text"];
    const auto one = text.find("Part one, paragraph 1");
    const auto two = text.find("Part two, paragraph 1");
    const auto three = text.find("Part three, paragraph 4");
    ASSERT_NE(one, std::string::npos) << text;
    ASSERT_NE(two, std::string::npos) << text;
    ASSERT_NE(three, std::string::npos) << text;
    EXPECT_LT(one, two);
    EXPECT_LT(two, three);
    EXPECT_EQ(text.find("Editor's note"), std::string::npos) << "stripped by the rule: " << text;
    EXPECT_EQ(text.find("Next page"), std::string::npos) << text;
    EXPECT_EQ(articles[0]["url"], server_->url("/story/1.html"));

    for (const char* path : {"/story/1.html", "/story/2.html", "/story/3.html"}) {
        const auto requests = server_->requests_for(path);
        ASSERT_EQ(requests.size(), 1u) << path << " fetched once";
        EXPECT_EQ(requests[0].header("X-Ledger-Reader"), "gleaner-rules") << path;
    }
}

TEST_F(SiteRulesTest, RulesAreReadAgainOnSighup) {
    std::filesystem::create_directories(dir_ / "rules");  // no rule for the site yet
    server_->serve("/plain/1.html", ledger_page("Ferry timetable changes", "First story"));
    server_->serve("/plain/2.html", ledger_page("Harbour master retires", "Second story"));
    const auto first = source("first", "page", {server_->url("/plain/1.html")}, {"interval: 1h"});
    const auto file = write_config(config(first));
    DaemonProcess daemon({"run", "--config", file.string()}, dir_ / "daemon.log");
    ASSERT_TRUE(eventually([&] { return stored().size() == 1u; })) << daemon.log();

    write_rule(kRule);
    write_config(config(first + source("second", "page", {server_->url("/plain/2.html")}, {"interval: 1h"})));
    daemon.signal(SIGHUP);
    ASSERT_TRUE(eventually([&] { return stored().size() == 2u; })) << daemon.log();
    daemon.signal(SIGTERM);
    ASSERT_EQ(daemon.wait(), 0) << daemon.log();

    const auto before = stored_titled("Ferry timetable");
    const auto after = stored_titled("Harbour master");
    ASSERT_FALSE(before.is_null() || after.is_null()) << daemon.log();
    EXPECT_NE(before["text"].get<std::string>().find("Editor's note"), std::string::npos)
        << "no rule yet: the note is part of the story";
    EXPECT_EQ(after["text"].get<std::string>().find("Editor's note"), std::string::npos)
        << "the rule read on SIGHUP strips it";
    EXPECT_FALSE(log_lines_with(daemon.log(), {"site rules loaded", "rules=1"}).empty()) << daemon.log();
}

}  // namespace

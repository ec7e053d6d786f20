// The daemon against content that lies or breaks: a Content-Type charset that is not the page's,
// validators answered with 304 on the next pass, feeds whose XML is broken. Each test shows what was
// stored (or not parsed at all), what the log and the counters say, and that the daemon carried on.
#include <iconv.h>

#include <stdexcept>

#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using gleaner::test::http_date;
using namespace std::chrono_literals;

namespace {

// A page full of accented Latin letters, in UTF-8, without a <meta charset> (only HTTP speaks).
std::string european_article(int variant) {
    std::string paragraphs;
    for (int p = variant; p < variant + 6; ++p)
        paragraphs += "<p>Im Café am Zürichsee erzählten die Gäste, daß die Brücke über die Limmat schon "
                      "früh geöffnet würde; à Genève, les élèves du lycée ont préféré déjeuner près du "
                      "théâtre, où l'on a célébré la fête de l'été avec des crêpes flambées et du "
                      "Glühwein für " + std::to_string(p + 12) + " Franken.</p>\n";
    const std::string title = "Sommerfest in Zürich, Teil " + std::to_string(variant);
    return "<!DOCTYPE html><html lang=\"de\"><head><title>" + title + "</title></head><body>"
           "<nav><a href=\"/\">Start</a></nav><main><article><h1>" + title + "</h1>" + paragraphs + "</article></main><footer><p>Impressum</p></footer></body></html>";
}

std::string to_windows_1252(const std::string& utf8) {
    iconv_t cd = iconv_open("WINDOWS-1252", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open failed");
    std::string in = utf8, out(utf8.size(), '\0');
    char* src = in.data();
    char* dst = out.data();
    std::size_t src_left = in.size(), dst_left = out.size();
    const std::size_t result = iconv(cd, &src, &src_left, &dst, &dst_left);
    iconv_close(cd);
    if (result == static_cast<std::size_t>(-1)) throw std::runtime_error("not representable in windows-1252");
    out.resize(out.size() - dst_left);
    return out;
}

std::string rss(const std::string& items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Test</title>\n" + items +
           "</channel></rss>\n";
}

std::string rss_item(const std::string& title, const std::string& link) {
    return "<item><title>" + title + "</title><link>" + link + "</link></item>\n";
}

}  // namespace

TEST_F(CrawlTest, ALyingContentTypeCharsetIsOverriddenAndTheStoredTextHasNoMojibake) {
    ASSERT_NE(european_article(1).find("Zürich"), std::string::npos);
    server_->serve_lying_charset("/utf8-called-latin1.html", european_article(1), "iso-8859-1");
    server_->serve_lying_charset("/cp1252-called-utf8.html", to_windows_1252(european_article(2)), "utf-8");
    const auto config = write_config(crawl_config(source(
        "pages", "page", {server_->url("/utf8-called-latin1.html"), server_->url("/cp1252-called-utf8.html")})));
    const auto [status, log] = run_once(config);
    ASSERT_EQ(status, 0) << log;

    ASSERT_EQ(stored().size(), 2u) << log;
    for (const auto& [variant, path] : {std::pair{1, "/utf8-called-latin1.html"}, std::pair{2, "/cp1252-called-utf8.html"}}) {
        const auto article = stored_titled("Teil " + std::to_string(variant));
        ASSERT_FALSE(article.is_null()) << path << log;
        EXPECT_EQ(article["title"], "Sommerfest in Zürich, Teil " + std::to_string(variant));
        EXPECT_EQ(article["provenance"]["requested_url"], server_->url(path));
        const std::string text = article["text"];
        EXPECT_NE(text.find("Im Café am Zürichsee erzählten die Gäste, daß"), std::string::npos) << text;
        EXPECT_NE(text.find("les élèves du lycée ont préféré"), std::string::npos) << text;
        EXPECT_EQ(text.find("\xC3\x83"), std::string::npos) << "UTF-8 read as Latin-1 (Ã): " << text;
        EXPECT_EQ(text.find("\xEF\xBF\xBD"), std::string::npos) << "replacement characters: " << text;
        EXPECT_EQ(article["provenance"]["charset_source"], "detected") << "the HTTP label was overruled";
    }
    EXPECT_EQ(stored_titled("Teil 1")["provenance"]["content_type"], "text/html; charset=iso-8859-1");
    EXPECT_EQ(stored_titled("Teil 1")["provenance"]["charset"], "UTF-8");
    EXPECT_EQ(stored_titled("Teil 2")["provenance"]["content_type"], "text/html; charset=utf-8");
    EXPECT_EQ(stored_titled("Teil 2")["provenance"]["charset"], "windows-1252");
}

TEST_F(CrawlTest, ValidatorsAnsweredWith304MeanNoParseAndNothingReEmittedOnTheNextPass) {
    const std::string last_modified = http_date(std::chrono::system_clock::now() - 1h);
    server_->serve_conditional("/pinned.html", generated_article(0), "\"page-v1\"", last_modified);
    server_->serve_conditional("/feed.xml",
                               rss(rss_item("One", server_->url("/gen/1.html")) + rss_item("Two", server_->url("/gen/2.html"))),
                               "\"feed-v1\"", last_modified, "application/rss+xml");
    serve_article("/gen/1.html", 1);
    serve_article("/gen/2.html", 2);
    const auto config = write_config(crawl_config(source("pinned", "page", {server_->url("/pinned.html")}) +
                                                  source("feed", "feed", {server_->url("/feed.xml")})));
    const auto [first_status, first_log] = run_once(config);
    ASSERT_EQ(first_status, 0) << first_log;
    ASSERT_EQ(stored().size(), 3u) << first_log;
    EXPECT_EQ(stored_titled(title_of(0))["provenance"]["etag"], "\"page-v1\"");
    EXPECT_EQ(stored_titled(title_of(0))["provenance"]["last_modified"], last_modified);

    const auto pass = run_one_pass(config, 2);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;
    const auto page_requests = server_->requests_for("/pinned.html");
    ASSERT_EQ(page_requests.size(), 2u);
    EXPECT_EQ(page_requests[1].header("If-None-Match"), "\"page-v1\"");
    EXPECT_EQ(page_requests[1].header("If-Modified-Since"), last_modified);
    const auto feed_requests = server_->requests_for("/feed.xml");
    ASSERT_EQ(feed_requests.size(), 2u);
    EXPECT_EQ(feed_requests[1].header("If-None-Match"), "\"feed-v1\"");

    EXPECT_EQ(pass.metric("gleaner_not_modified_total"), 2) << "page and feed answered 304";
    EXPECT_EQ(pass.metric("gleaner_articles_extracted_total"), 0) << "nothing parsed";
    EXPECT_EQ(pass.metric("gleaner_documents_fetched_total"), 0);
    EXPECT_EQ(pass.metric("gleaner_articles_spooled_total"), 0);
    EXPECT_EQ(server_->request_count("/gen/1.html"), 1u);
    EXPECT_EQ(stored().size(), 3u) << "nothing re-emitted";
    EXPECT_EQ(sqlite_column("SELECT COUNT(*) FROM articles"), std::vector<std::string>{"3"});
    EXPECT_EQ(log_lines_with(pass.log, {"pass finished", "source=feed", "documents=0", "not_modified=1"}).size(), 1u)
        << pass.log;
}

TEST_F(CrawlTest, ABrokenFeedKeepsTheEntriesBeforeTheBreakAndTheDaemonCarriesOn) {
    for (int i = 0; i < 4; ++i) serve_article("/gen/" + std::to_string(i) + ".html", i);
    // Cut in the middle of the third item's title: the first two items are whole.
    server_->serve("/truncated.xml",
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Cut</title>\n" +
                       rss_item("Zero", server_->url("/gen/0.html")) + rss_item("One", server_->url("/gen/1.html")) +
                       "<item><title>Two is cut sh",
                   "application/rss+xml");
    server_->serve_broken_feed("/not-a-feed.xml", gleaner::test::BrokenFeed::not_xml);
    server_->serve("/ampersand.xml",
                   rss("<item><title>Fish & chips</title><link>" + server_->url("/gen/2.html") + "</link></item>\n"),
                   "application/rss+xml");
    const auto config = write_config(crawl_config(
        source("cut", "feed", {server_->url("/truncated.xml")}) + source("html", "feed", {server_->url("/not-a-feed.xml")}) +
        source("sloppy", "feed", {server_->url("/ampersand.xml")}) +
        source("pinned", "page", {server_->url("/gen/3.html")})));
    const auto pass = run_one_pass(config, 4);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1), title_of(2), title_of(3)})) << pass.log;
    EXPECT_EQ(log_lines_with(pass.log, {"feed is broken", "/truncated.xml"}).size(), 1u) << pass.log;
    EXPECT_EQ(log_lines_with(pass.log, {"feed is broken", "/not-a-feed.xml"}).size(), 1u) << pass.log;
    EXPECT_NE(pass.source("cut")["last_error"].get<std::string>().find("/truncated.xml"), std::string::npos)
        << pass.status.dump(2);
    EXPECT_NE(pass.source("html")["last_error"].get<std::string>().find("not a feed"), std::string::npos)
        << pass.status.dump(2);
    EXPECT_EQ(pass.source("pinned")["last_error"], "");
    EXPECT_EQ(pass.metric("gleaner_documents_fetched_total"), 3);
}

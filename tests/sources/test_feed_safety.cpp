// test_feed_safety.cpp — hostile and broken documents: recovery from broken XML with the error
// kept (and not printed), entity bombs not expanded, external entities and DTDs neither read from
// disk nor fetched from the network.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "fixtures.h"
#include "sources/feed.h"
#include "sources/sitemap.h"

namespace gleaner::sources {
namespace {

using testing::read_fixture;

std::size_t total_text(const FeedResult& feed) {
  std::size_t size = feed.title.size() + feed.error.size();
  for (const Entry& entry : feed.entries) {
    size += entry.url.size() + entry.title.size() + entry.author.size() + entry.content_html.size();
  }
  return size;
}

TEST(FeedBroken, KeepsEntriesBeforeTheBreakAndReportsTheError) {
  ::testing::internal::CaptureStderr();
  const FeedResult feed = parse_feed(read_fixture("broken.xml"), "https://broken.example.com/feed");
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(feed.title, "Half a Feed");
  ASSERT_EQ(feed.entries.size(), 2u);
  EXPECT_EQ(feed.entries[0].url, "https://broken.example.com/first");
  EXPECT_EQ(feed.entries[1].url, "https://broken.example.com/second");
  EXPECT_NE(feed.error.find("line "), std::string::npos) << feed.error;
  EXPECT_EQ(printed, "") << "libxml2 errors must be returned, not printed";
}

TEST(FeedBroken, ReportsDocumentsThatAreNoFeed) {
  const FeedResult html =
      parse_feed("<html><body><p>Not a feed</p></body></html>", "https://x.example/");
  EXPECT_TRUE(html.entries.empty());
  EXPECT_NE(html.error.find("not a feed: root element <html>"), std::string::npos) << html.error;

  const FeedResult empty = parse_feed("", "https://x.example/");
  EXPECT_TRUE(empty.entries.empty());
  EXPECT_NE(empty.error, "");

  const FeedResult binary =
      parse_feed(std::string("\x89PNG\r\n\x1a\n\0\0\0", 11), "https://x.example/");
  EXPECT_TRUE(binary.entries.empty());
  EXPECT_NE(binary.error, "");
}

TEST(FeedEntityBomb, IsNotExpandedAndIsReported) {
  const FeedResult feed =
      parse_feed(read_fixture("entity_bomb.xml"), "https://bomb.example.com/feed");
  EXPECT_NE(feed.error, "");
  // Fully expanded, lol9 is 3 * 10^9 bytes; nothing of it may reach the results.
  EXPECT_LT(total_text(feed), 10'000u);
  EXPECT_EQ(feed.title.find("lollol"), std::string::npos) << feed.title;
  for (const Entry& entry : feed.entries) {
    EXPECT_EQ(entry.title.find("lollol"), std::string::npos) << entry.title;
  }
}

// A TCP listener on 127.0.0.1 that tells whether anybody connected to it.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        listen(fd_, 8) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    }
    port_ = ntohs(address.sin_port);
  }
  ~Listener() {
    if (fd_ >= 0) close(fd_);
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  int port() const { return port_; }
  // Connections complete in the kernel's backlog, so a parser that connected has left one there.
  bool was_contacted() const {
    pollfd watch{fd_, POLLIN, 0};
    return poll(&watch, 1, 0) > 0;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

class ExternalEntities : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/gleaner-sources-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    directory_ = pattern;
    secret_path_ = directory_ / "secret.txt";
    std::ofstream(secret_path_) << kSecret;
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  static constexpr const char* kSecret = "GLEANER-SECRET-7f3a";
  std::filesystem::path directory_;
  std::filesystem::path secret_path_;
};

TEST_F(ExternalEntities, AreNeitherReadNorFetched) {
  Listener listener;
  const std::string server = "http://127.0.0.1:" + std::to_string(listener.port());
  const std::string document = R"(<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM ")" + server +
                               R"(/rss.dtd" [
  <!ENTITY secret SYSTEM "file://)" +
                               secret_path_.string() + R"(">
  <!ENTITY remote SYSTEM ")" + server +
                               R"(/entity.xml">
  <!ENTITY % schema SYSTEM ")" +
                               server + R"(/evil.dtd">
  %schema;
]>
<rss version="2.0"><channel><title>Leak &secret; &remote;</title>
  <item><title>&secret;</title><link>https://xxe.example.com/a</link><author>&remote;</author></item>
</channel></rss>)";
  const FeedResult feed = parse_feed(document, "https://xxe.example.com/feed");
  EXPECT_FALSE(listener.was_contacted()) << "the parser fetched an external entity or DTD";
  EXPECT_EQ(feed.title.find(kSecret), std::string::npos) << feed.title;
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].url, "https://xxe.example.com/a");
  EXPECT_EQ(feed.entries[0].title.find(kSecret), std::string::npos) << feed.entries[0].title;
}

TEST_F(ExternalEntities, AreNeitherReadNorFetchedFromStreamedSitemaps) {
  Listener listener;
  const std::string server = "http://127.0.0.1:" + std::to_string(listener.port());
  const std::string document = R"(<?xml version="1.0"?>
<!DOCTYPE urlset SYSTEM ")" + server +
                               R"(/sitemap.dtd" [
  <!ENTITY secret SYSTEM "file://)" +
                               secret_path_.string() + R"(">
  <!ENTITY remote SYSTEM ")" + server +
                               R"(/entity.xml">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://xxe.example.com/&secret;&remote;</loc></url>
</urlset>)";
  const SitemapResult sitemap = parse_sitemap(document, "https://xxe.example.com/sitemap.xml");
  EXPECT_FALSE(listener.was_contacted()) << "the reader fetched an external entity or DTD";
  for (const Entry& entry : sitemap.urls) {
    EXPECT_EQ(entry.url.find(kSecret), std::string::npos) << entry.url;
  }
}

}  // namespace
}  // namespace gleaner::sources

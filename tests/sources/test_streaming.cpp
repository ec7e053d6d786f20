// test_streaming.cpp — stream_sitemap and stream_feed on listings far longer than any page: a
// 1,000,000-URL sitemap sent gzip-compressed (2.6 MB on the wire) and a 1,000,000-item RSS feed. Every
// entry arrives, in order, while the memory in use stays near one entry's size: the document is
// neither inflated whole nor built into a tree, and no list of entries grows.
#include <gtest/gtest.h>
#include <malloc.h>
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <string>

#include "sources/feed.h"
#include "sources/sitemap.h"

namespace gleaner::sources {
namespace {

constexpr std::size_t kListingLength = 1'000'000;

// Bytes malloc has handed out and not had back (heap and mmapped blocks).
std::size_t bytes_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

bool measurable() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return false;  // the sanitizers' allocators do not report through mallinfo2
#else
  return true;
#endif
}

// Tracks the highest use above the level when it was made, sampled as entries arrive.
class PeakMemory {
public:
  PeakMemory() : base_(bytes_in_use()) {}
  void sample() { peak_ = std::max(peak_, bytes_in_use() > base_ ? bytes_in_use() - base_ : 0); }
  std::size_t peak_mib() const { return peak_ >> 20; }

private:
  std::size_t base_;
  std::size_t peak_ = 0;
};

std::string url_of(std::size_t i) { return "https://news.example.com/a/" + std::to_string(i); }

// A urlset of `count` URLs, compressed as it is written (the whole XML never exists here either).
std::string gzipped_sitemap(std::size_t count) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out;
  char buffer[1 << 16];
  const auto feed = [&](const std::string& piece, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
    z.avail_in = static_cast<uInt>(piece.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0);
  };
  feed("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
       Z_NO_FLUSH);
  std::string piece;
  for (std::size_t i = 0; i < count; ++i) {
    piece += "<url><loc>" + url_of(i) + "</loc></url>\n";  // ~55 MB in all, under the protocol's cap
    if (piece.size() > 60000) {
      feed(piece, Z_NO_FLUSH);
      piece.clear();
    }
  }
  feed(piece + "</urlset>\n", Z_FINISH);
  deflateEnd(&z);
  return out;
}

TEST(Streaming, AMillionUrlGzipSitemapIsReadInBoundedMemory) {
  const std::string document = gzipped_sitemap(kListingLength);
  ASSERT_LT(document.size(), 4u << 20) << "a few MB on the wire, as the issue measured";
  std::size_t count = 0;
  bool in_order = true;
  PeakMemory memory;
  const SitemapResult result = stream_sitemap(
      document, "https://news.example.com/sitemap.xml.gz",
      [&](Entry&& entry) {
        in_order = in_order && entry.url == url_of(count);
        if (++count % 10'000 == 0) memory.sample();
      },
      [](std::string&&) {});
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(count, kListingLength);
  EXPECT_TRUE(in_order);
  if (measurable()) {
    EXPECT_LE(memory.peak_mib(), 8u) << "MiB above the compressed document while reading";
  }
}

TEST(Streaming, AMillionItemFeedIsReadInBoundedMemory) {
  std::string document = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\n";
  for (std::size_t i = 0; i < kListingLength; ++i)
    document += "<item><title>Story " + std::to_string(i) + "</title><link>" + url_of(i) +
                "</link><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>\n";
  document += "</channel></rss>\n";
  std::size_t count = 0;
  bool in_order = true;
  PeakMemory memory;
  const FeedResult result = stream_feed(document, "https://news.example.com/feed.xml", [&](Entry&& entry) {
    in_order = in_order && entry.url == url_of(count) && entry.title == "Story " + std::to_string(count);
    if (++count % 10'000 == 0) memory.sample();
  });
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.title, "Wire");
  EXPECT_EQ(count, kListingLength);
  EXPECT_TRUE(in_order);
  if (measurable()) {
    EXPECT_LE(memory.peak_mib(), 8u) << "MiB above the document while reading";
  }
}

TEST(Streaming, AJsonFeedIsReadItemByItemEvenWhenItsVersionComesLast) {
  std::string document = "{\"title\":\"Wire\",\"items\":[";
  for (int i = 0; i < 3; ++i) document += (i ? "," : "") + std::string("{\"url\":\"") + url_of(i) + "\"}";
  document += "],\"version\":\"https://jsonfeed.org/version/1.1\"}";
  std::vector<std::string> urls;
  const FeedResult result =
      stream_feed(document, "https://news.example.com/feed.json", [&](Entry&& entry) { urls.push_back(entry.url); });
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(urls, (std::vector<std::string>{url_of(0), url_of(1), url_of(2)}));
}

TEST(Streaming, AGzipFailureMidwayIsReportedAfterTheEntriesBeforeIt) {
  const std::string whole = gzipped_sitemap(50'000);
  const std::string truncated = whole.substr(0, whole.size() / 2);
  std::size_t count = 0;
  const SitemapResult streamed =
      stream_sitemap(truncated, "https://news.example.com/s.xml.gz", [&](Entry&&) { ++count; }, [](std::string&&) {});
  EXPECT_EQ(streamed.error, "gzip: truncated data");
  EXPECT_GT(count, 0u);
  EXPECT_LT(count, 50'000u);
  // parse_sitemap refuses such a document whole, as before.
  const SitemapResult parsed = parse_sitemap(truncated, "https://news.example.com/s.xml.gz");
  EXPECT_EQ(parsed.error, "gzip: truncated data");
  EXPECT_TRUE(parsed.urls.empty());
}

}  // namespace
}  // namespace gleaner::sources

// The streaming WARC reader: every layout (per-record gzip, whole-file gzip, plain), WARC/1.0 files
// written by wget, CC-NEWS-style payloads (chunked transfer-encoding, gzip content-encoding), a
// truncated file, a damaged record in the middle (reported with its offset, the rest still read), and
// continuing from a saved position in the middle of a large file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "archive/archived_page.h"
#include "archive/gzip_member.h"
#include "archive/warc_file_writer.h"
#include "archive/warc_reader.h"
#include "python_reader.h"
#include "test_http_server.h"

namespace fs = std::filesystem;
using namespace gleaner::archive;
using gleaner::archive::testing::warc_files;

namespace {

std::string page_html(int i) {
    return "<html><head><title>Story " + std::to_string(i) + "</title></head><body><article><p>Paragraph of story " +
           std::to_string(i) + ". " + std::string(200, 'w') + "</p></article></body></html>";
}

// A response record as CC-NEWS has them: chunked transfer-encoding around a gzip-encoded body.
WarcRecord cc_news_response(int i) {
    const std::string gzipped = gleaner::test::gzip_compress(page_html(i));
    std::string chunked;
    for (std::size_t at = 0; at < gzipped.size(); at += 100) {
        const auto piece = gzipped.substr(at, 100);
        char size[16];
        std::snprintf(size, sizeof size, "%zx", piece.size());
        chunked += std::string(size) + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    WarcRecord record;
    record.add("WARC-Type", "response")
        .add("WARC-Date", "2024-05-06T07:08:09Z")
        .add("WARC-Record-ID", new_record_id())
        .add("WARC-Target-URI", "https://news.example/story/" + std::to_string(i))
        .add("Content-Type", "application/http; msgtype=response");
    record.block = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n" + chunked;
    return record;
}

class WarcReaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("gleaner-warc-read-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Writes `count` CC-NEWS-style responses with our writer (per-record gzip) and returns the file.
    fs::path write_gzip_per_record(int count) {
        {
            WarcFileWriter writer(dir_ / "w", 1ull << 40, "software: test\r\n");
            for (int i = 0; i < count; ++i) writer.write({cc_news_response(i)});
        }
        return warc_files(dir_ / "w").at(0);
    }

    // Reads every page of `file`; errors are collected.
    std::vector<ArchivedPage> pages_of(const fs::path& file) {
        std::vector<ArchivedPage> pages;
        WarcReader reader(file, [this](const ReadError& e) { errors_.push_back(e); });
        while (auto read = reader.next()) {
            auto reading = read_archived_page(*read, 1 << 24);
            if (reading.verdict == PageVerdict::page) pages.push_back(std::move(reading.page));
        }
        return pages;
    }

    static void write_file(const fs::path& path, const std::string& bytes) {
        std::ofstream(path, std::ios::binary) << bytes;
    }
    static std::string read_file(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }

    fs::path dir_;
    std::vector<ReadError> errors_;
};

}  // namespace

TEST_F(WarcReaderTest, ReadsCcNewsStylePayloadsFromPerRecordGzip) {
    const auto pages = pages_of(write_gzip_per_record(5));
    EXPECT_TRUE(errors_.empty());
    ASSERT_EQ(pages.size(), 5u);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(pages[i].url, "https://news.example/story/" + std::to_string(i));
        EXPECT_EQ(pages[i].body, page_html(i));
        EXPECT_EQ(pages[i].content_type, "text/html; charset=utf-8");
        EXPECT_EQ(pages[i].warc_date, "2024-05-06T07:08:09Z");
        EXPECT_EQ(std::chrono::system_clock::to_time_t(pages[i].fetched_at), 1714979289);
    }
}

TEST_F(WarcReaderTest, ReadsWholeFileGzipAndPlainFiles) {
    std::string plain = serialize(WarcRecord{}.add("WARC-Type", "warcinfo"));
    for (int i = 0; i < 4; ++i) plain += serialize(cc_news_response(i));
    write_file(dir_ / "plain.warc", plain);
    write_file(dir_ / "whole.warc.gz", gzip_member(plain));
    for (const char* name : {"plain.warc", "whole.warc.gz"}) {
        const auto pages = pages_of(dir_ / name);
        EXPECT_TRUE(errors_.empty()) << name;
        ASSERT_EQ(pages.size(), 4u) << name;
        EXPECT_EQ(pages[3].body, page_html(3)) << name;
    }
}

TEST_F(WarcReaderTest, RecordPositionsAreGzipMemberOffsetsAndSeekable) {
    const auto file = write_gzip_per_record(3);
    WarcReader reader(file, [this](const ReadError& e) { errors_.push_back(e); });
    std::vector<WarcPosition> positions;
    while (auto read = reader.next()) positions.push_back(read->position);
    ASSERT_EQ(positions.size(), 4u);  // warcinfo + 3
    EXPECT_EQ(positions[0].offset, 0u);
    for (const auto& position : positions) EXPECT_TRUE(position.seekable);
    // Each offset is where a gzip member starts: the record inflates on its own from there.
    const std::string bytes = read_file(file);
    EXPECT_EQ(bytes.substr(positions[2].offset, 2), "\x1f\x8b");
    reader.seek(positions[2]);
    auto again = reader.next();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->record.field("WARC-Target-URI"), "https://news.example/story/1");
}

TEST_F(WarcReaderTest, TruncatedFileYieldsTheCompleteRecordsAndReportsTheCutOne) {
    const auto file = write_gzip_per_record(4);
    WarcReader probe(file, [](const ReadError&) {});
    std::vector<WarcPosition> positions;
    while (auto read = probe.next()) positions.push_back(read->position);
    const std::string bytes = read_file(file);
    const std::uint64_t last = positions.back().offset;
    write_file(dir_ / "cut.warc.gz", bytes.substr(0, last + (bytes.size() - last) / 2));
    const auto pages = pages_of(dir_ / "cut.warc.gz");
    EXPECT_EQ(pages.size(), 3u);
    ASSERT_EQ(errors_.size(), 1u);
    EXPECT_EQ(errors_[0].position.offset, last);
    EXPECT_NE(errors_[0].message.find("truncated"), std::string::npos) << errors_[0].message;
}

TEST_F(WarcReaderTest, CorruptRecordIsReportedWithItsOffsetAndTheRestIsRead) {
    const auto file = write_gzip_per_record(5);
    WarcReader probe(file, [](const ReadError&) {});
    std::vector<WarcPosition> positions;
    while (auto read = probe.next()) positions.push_back(read->position);
    std::string bytes = read_file(file);
    const std::uint64_t damaged = positions[2].offset;  // the second response
    for (std::uint64_t i = damaged + 20; i < damaged + 60; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
    write_file(dir_ / "corrupt.warc.gz", bytes);
    const auto pages = pages_of(dir_ / "corrupt.warc.gz");
    ASSERT_FALSE(errors_.empty());
    EXPECT_EQ(errors_[0].position.offset, damaged);
    ASSERT_EQ(pages.size(), 4u);
    EXPECT_EQ(pages[0].url, "https://news.example/story/0");
    EXPECT_EQ(pages[1].url, "https://news.example/story/2");  // story 1 was damaged
    EXPECT_EQ(pages[3].url, "https://news.example/story/4");
}

TEST_F(WarcReaderTest, DamagedHeadInAPlainFileIsSkippedToTheNextRecord) {
    std::string plain = serialize(cc_news_response(0));
    const auto second_at = plain.size();
    plain += "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\nnonsense\r\n\r\n";
    plain += serialize(cc_news_response(2));
    write_file(dir_ / "plain.warc", plain);
    const auto pages = pages_of(dir_ / "plain.warc");
    ASSERT_EQ(errors_.size(), 1u);
    EXPECT_EQ(errors_[0].position.offset, second_at);
    EXPECT_NE(errors_[0].message.find("Content-Length"), std::string::npos);
    ASSERT_EQ(pages.size(), 2u);
    EXPECT_EQ(pages[1].url, "https://news.example/story/2");
}

TEST_F(WarcReaderTest, ContinuesFromASavedPositionInTheMiddleOfALargeFile) {
    const int count = 3000;
    const auto file = write_gzip_per_record(count);
    std::vector<std::string> first_half, rest;
    WarcPosition saved;
    {
        WarcReader reader(file, [this](const ReadError& e) { errors_.push_back(e); });
        while (auto read = reader.next()) {
            if (read->record.field("WARC-Type") != "response") continue;
            first_half.emplace_back(read->record.field("WARC-Target-URI"));
            if (first_half.size() == count / 2) break;
        }
        saved = reader.position();  // what a source would store after the record it finished
    }
    WarcReader resumed(file, [this](const ReadError& e) { errors_.push_back(e); });
    resumed.seek(saved);
    while (auto read = resumed.next()) rest.emplace_back(read->record.field("WARC-Target-URI"));
    EXPECT_TRUE(errors_.empty());
    ASSERT_EQ(rest.size(), static_cast<std::size_t>(count / 2));
    EXPECT_EQ(rest.front(), "https://news.example/story/" + std::to_string(count / 2));
    EXPECT_EQ(rest.back(), "https://news.example/story/" + std::to_string(count - 1));
}

TEST_F(WarcReaderTest, ReadsWarc10FilesWrittenByWget) {
    gleaner::test::TestHttpServer server;
    server.serve("/a.html", page_html(1));
    server.serve_gzip("/b.html", page_html(2));
    const std::string command = "cd '" + dir_.string() + "' && wget -q --no-proxy --warc-file=wget '" +
                                server.url("/a.html") + "' '" + server.url("/b.html") + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    const auto pages = pages_of(dir_ / "wget.warc.gz");
    EXPECT_TRUE(errors_.empty());
    ASSERT_EQ(pages.size(), 2u);
    EXPECT_EQ(pages[0].url, server.url("/a.html"));
    EXPECT_EQ(pages[0].body, page_html(1));
    EXPECT_EQ(pages[1].body, page_html(2));
    WarcReader reader(dir_ / "wget.warc.gz", [](const ReadError&) {});
    auto first = reader.next();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->record.version, "WARC/1.0");
}

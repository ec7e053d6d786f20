// The WARC file writer on its own: digests, record layout, file names, rotation at max_size, and the
// repair of a torn tail a crash left behind — each file read back by the independent Python reader.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "archive/warc_digest.h"
#include "archive/warc_file_writer.h"
#include "python_reader.h"

namespace fs = std::filesystem;
using namespace gleaner::archive;
using gleaner::archive::testing::read_with_python;
using gleaner::archive::testing::warc_files;

namespace {

class WarcWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("gleaner-warc-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    static WarcRecord resource(int i, std::size_t size) {
        WarcRecord record;
        record.add("WARC-Type", "resource")
            .add("WARC-Record-ID", new_record_id())
            .add("WARC-Target-URI", "urn:test:" + std::to_string(i))
            .add("Content-Type", "application/octet-stream");
        // Incompressible bytes, so compressed sizes track max_size.
        std::string block(size, '\0');
        std::uint32_t x = 2463534242u + static_cast<std::uint32_t>(i);
        for (auto& c : block) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            c = static_cast<char>(x);
        }
        record.block = std::move(block);
        record.add("WARC-Block-Digest", sha1_label(record.block));
        return record;
    }

    fs::path dir_;
};

}  // namespace

TEST(WarcDigest, IsSha1InBase32) {
    EXPECT_EQ(sha1_label(""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
    Sha1 pieces;
    pieces.update("a");
    pieces.update("bc");
    EXPECT_EQ(pieces.label(), sha1_label("abc"));
    EXPECT_EQ(sha1_label("abc"), "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
}

TEST(WarcDigest, Base32IsRfc4648IncludingLeadingZeroBytes) {
    EXPECT_EQ(base32(""), "");
    EXPECT_EQ(base32("f"), "MY======");
    EXPECT_EQ(base32("fooba"), "MZXW6YTB");
    EXPECT_EQ(base32("foobar"), "MZXW6YTBOI======");
    EXPECT_EQ(base32(std::string("\0\0\0\0\x01", 5)), "AAAAAAAB");
}

TEST(WarcRecordId, IsAFreshUrnUuidEachTime) {
    const std::regex form("<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>");
    const auto a = new_record_id(), b = new_record_id();
    EXPECT_TRUE(std::regex_match(a, form)) << a;
    EXPECT_NE(a, b);
}

TEST_F(WarcWriterTest, RotatesAtMaxSizeEachFileOpeningWithItsWarcinfo) {
    {
        WarcFileWriter writer(dir_, 100 * 1024, "software: test\r\n");
        for (int i = 0; i < 10; ++i) writer.write({resource(i, 30 * 1024)});
        EXPECT_EQ(writer.files_closed(), 3u);  // 3 records per file, the 4th would pass 100 KiB
    }
    const auto files = warc_files(dir_);
    ASSERT_EQ(files.size(), 4u);
    const std::regex name("gleaner-[0-9]{17}-0000[0-3]\\.warc\\.gz");
    for (const auto& file : files) {
        EXPECT_TRUE(std::regex_match(file.filename().string(), name)) << file;
        EXPECT_LE(fs::file_size(file), 100u * 1024);
    }
    const auto reading = read_with_python(files);
    EXPECT_TRUE(reading.problems.empty()) << reading.problems.front();
    ASSERT_EQ(reading.records.size(), 14u);  // 4 warcinfo + 10 resources
    std::string warcinfo_id;
    int resources = 0;
    for (const auto& record : reading.records) {
        EXPECT_EQ(record["version"], "WARC/1.1");
        EXPECT_EQ(record["block_digest_ok"], record["type"] == "warcinfo" ? nlohmann::json() : nlohmann::json(true));
        if (record["type"] == "warcinfo") {
            warcinfo_id = record["id"];
            EXPECT_EQ(fs::path(record["file"].get<std::string>()).filename().string(), record["filename"]);
            EXPECT_NE(record["info"].get<std::string>().find("software: test"), std::string::npos);
        } else {
            EXPECT_EQ(record["target"], "urn:test:" + std::to_string(resources++));
            EXPECT_EQ(record["warcinfo_id"], warcinfo_id);  // the warcinfo of its own file
        }
    }
}

TEST_F(WarcWriterTest, FileBeingWrittenEndsInOpenUntilClosed) {
    WarcFileWriter writer(dir_, 1024 * 1024, "software: test\r\n");
    writer.write({resource(0, 100)});
    auto files = warc_files(dir_);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].extension(), ".open");
    writer.close();
    files = warc_files(dir_);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].extension(), ".gz");
}

TEST_F(WarcWriterTest, SerialsContinueAfterTheFilesAlreadyThere) {
    { WarcFileWriter(dir_, 1024, "").write({resource(0, 10)}); }
    { WarcFileWriter(dir_, 1024, "").write({resource(1, 10)}); }
    const auto files = warc_files(dir_);
    ASSERT_EQ(files.size(), 2u);
    EXPECT_NE(files[0].string().find("-00000.warc.gz"), std::string::npos);
    EXPECT_NE(files[1].string().find("-00001.warc.gz"), std::string::npos);
}

TEST_F(WarcWriterTest, TornTailOfAFileLeftOpenIsTruncatedAtStartUp) {
    {
        WarcFileWriter writer(dir_, 1024 * 1024, "software: test\r\n");
        writer.write({resource(0, 5000)});
        writer.write({resource(1, 5000)});
    }
    // What a crash mid-write leaves: the file still named .open, half a gzip member at its end.
    const fs::path closed = warc_files(dir_).at(0);
    const auto complete_size = fs::file_size(closed);
    const fs::path open_file = closed.string() + ".open";
    fs::rename(closed, open_file);
    std::ifstream in(open_file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    std::ofstream(open_file, std::ios::binary | std::ios::app) << bytes.substr(bytes.size() - 3000, 1500);

    const auto reports = repair_open_files(dir_);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].file, closed);
    EXPECT_EQ(reports[0].bytes_removed, 1500u);
    ASSERT_EQ(warc_files(dir_), std::vector<fs::path>{closed});
    EXPECT_EQ(fs::file_size(closed), complete_size);
    const auto reading = read_with_python({closed});
    EXPECT_TRUE(reading.problems.empty());
    EXPECT_EQ(reading.records.size(), 3u);  // warcinfo and the two complete records
}

TEST_F(WarcWriterTest, AFileLeftOpenWithNoCompleteRecordIsRemoved) {
    fs::create_directories(dir_);
    std::ofstream(dir_ / "gleaner-20250101000000000-00007.warc.gz.open", std::ios::binary) << "\x1f\x8b\x08\x00torn";
    const auto reports = repair_open_files(dir_);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_TRUE(warc_files(dir_).empty());
}

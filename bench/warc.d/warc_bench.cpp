// gleaner_bench_warc: pages per second from a WARC archive (read, inflate, de-chunk, gzip-decode,
// extract) against extraction alone of the same pages, measured in the same run. Run through bench/warc.
//
// The archive is built first from a corpus of saved pages, each stored as CC-NEWS stores them: a
// response record whose HTTP body is chunked and gzip-encoded, next to its request record, one gzip
// member per record, --copies times over. Then, page by page, both sides are timed (see compare()).
// Times are this thread's CPU time. Memory: the resident set is sampled every 50 records during the
// archive pass, so a growth with the file's size would show. With --keep DIR the archive is written
// to DIR and left there (bench/warc --source then reads it with the daemon).
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>
#include <string>
#include <vector>

#include "archive/archived_page.h"
#include "archive/gzip_member.h"
#include "archive/warc_file_writer.h"
#include "archive/warc_reader.h"
#include "extract/extractor.h"

namespace {

namespace fs = std::filesystem;
using namespace gleaner;

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double resident_mib() {
    std::ifstream status("/proc/self/statm");
    long pages_total = 0, pages_resident = 0;
    status >> pages_total >> pages_resident;
    return static_cast<double>(pages_resident) * 4096.0 / (1024.0 * 1024.0);
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string gzip(const std::string& data) {
    // A gzip member is a valid Content-Encoding: gzip body.
    return archive::gzip_member(data);
}

std::string chunked(const std::string& body) {
    std::string out;
    for (std::size_t at = 0; at < body.size(); at += 8192) {
        const auto piece = body.substr(at, 8192);
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        out += size + piece + "\r\n";
    }
    return out + "0\r\n\r\n";
}

fs::path build_archive(const std::vector<std::string>& pages, int copies, const fs::path& dir) {
    fs::remove_all(dir);
    {
        archive::WarcFileWriter writer(dir, 1ull << 40, "software: gleaner_bench_warc\r\n");
        for (int copy = 0; copy < copies; ++copy) {
            for (std::size_t i = 0; i < pages.size(); ++i) {
                const std::string url = "https://news.example/" + std::to_string(copy) + "/" + std::to_string(i) + ".html";
                archive::WarcRecord response;
                response.add("WARC-Type", "response")
                    .add("WARC-Record-ID", archive::new_record_id())
                    .add("WARC-Date", "2025-03-04T05:06:07Z")
                    .add("WARC-Target-URI", url)
                    .add("Content-Type", "application/http; msgtype=response");
                response.block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n" + chunked(gzip(pages[i]));
                archive::WarcRecord request;
                request.add("WARC-Type", "request")
                    .add("WARC-Record-ID", archive::new_record_id())
                    .add("WARC-Target-URI", url)
                    .add("Content-Type", "application/http; msgtype=request");
                request.block = "GET /" + std::to_string(i) + ".html HTTP/1.1\r\nHost: news.example\r\n\r\n";
                writer.write({response, request});
            }
        }
    }
    for (const auto& entry : fs::directory_iterator(dir)) return entry.path();
    throw std::runtime_error("no archive written");
}

struct Pass {
    double seconds = 0;
    std::size_t pages = 0;
    std::size_t words = 0;  // so the work cannot be optimised away, and both sides can be compared
};

// One pass over the archive. For each page the WARC side's time is reading its records, decoding the
// body and extracting it; the reference's time is extracting the same decoded page again. The two
// extractions alternate which goes first, so warm caches favour neither side, and load from other
// processes falls on both alike.
struct Comparison {
    Pass warc, alone;
};

std::size_t extract_words(const archive::ArchivedPage& page) {
    extract::ExtractOptions options;
    options.url = page.url;
    options.content_type = page.content_type;
    return extract::extract(page.body, options).word_count;
}

Comparison compare(const fs::path& file, double& rss_start, double& rss_max) {
    Comparison result;
    rss_start = rss_max = resident_mib();
    std::size_t records = 0;
    archive::WarcReader reader(file, [](const archive::ReadError& e) {
        std::cerr << "damaged record at " << e.position.to_string() << ": " << e.message << "\n";
    });
    double read_started = thread_cpu_seconds();
    while (auto read = reader.next()) {
        if (++records % 50 == 0) rss_max = std::max(rss_max, resident_mib());
        auto reading = archive::read_archived_page(*read, 32u << 20);
        if (reading.verdict != archive::PageVerdict::page) continue;
        result.warc.seconds += thread_cpu_seconds() - read_started;
        const bool warc_first = result.warc.pages % 2 == 0;
        for (int turn = 0; turn < 2; ++turn) {
            Pass& side = (turn == 0) == warc_first ? result.warc : result.alone;
            const double started = thread_cpu_seconds();
            side.words += extract_words(reading.page);
            side.seconds += thread_cpu_seconds() - started;
            ++side.pages;
        }
        read_started = thread_cpu_seconds();
    }
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path corpus;
    int copies = 3;
    fs::path keep;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--copies" && i + 1 < argc) copies = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--keep" && i + 1 < argc) keep = argv[++i];
        else corpus = arg;
    }
    std::vector<std::string> pages;
    std::vector<fs::path> paths;
    for (const auto& entry : fs::recursive_directory_iterator(corpus))
        if (entry.path().extension() == ".html") paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) pages.push_back(read_file(path));
    if (pages.empty()) {
        std::cerr << "no .html pages under " << corpus << "\n";
        return 1;
    }
    const fs::path dir =
        keep.empty() ? fs::temp_directory_path() / ("gleaner-bench-warc-" + std::to_string(::getpid())) : keep;
    const fs::path file = build_archive(pages, copies, dir);
    std::printf("archive: %zu pages x %d copies, %.1f MiB (%s)\n", pages.size(), copies,
                static_cast<double>(fs::file_size(file)) / (1024.0 * 1024.0), file.filename().c_str());

    double rss_start = 0, rss_max = 0;
    compare(file, rss_start, rss_max);  // warm-up
    const Comparison run = compare(file, rss_start, rss_max);
    if (keep.empty()) fs::remove_all(dir);

    const double from_warc = run.warc.pages / run.warc.seconds;
    const double reference = run.alone.pages / run.alone.seconds;
    std::printf("extraction alone:       %.1f pages/s\n", reference);
    std::printf("from the WARC archive:  %.1f pages/s (%zu pages, %s words)\n", from_warc, run.warc.pages,
                run.warc.words == run.alone.words ? "same" : "DIFFERENT");
    std::printf("ratio WARC / extraction alone: %.3f\n", from_warc / reference);
    std::printf("resident set during the archive pass: %.1f MiB at start, %.1f MiB at most\n", rss_start, rss_max);
    return run.warc.words == run.alone.words ? 0 : 1;
}

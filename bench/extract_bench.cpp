// gleaner_bench_extract: speed and memory of the extraction library against the floor it cannot beat,
// a bare Gumbo parse (same options as the library) plus one tree walk of the same pages. Run through
// bench/extract.
//
// Each page is read from disk outside the timed region, processed, and freed before the next one, as
// the daemon does. A first pass extracts every page once: it warms caches and gives the peak RSS of the
// extraction (the kernel reports a high-water mark). Then each round times, page by page, the bare
// parse and the extraction one after the other, so that load from other processes on a shared machine
// falls on both alike; times are this thread's CPU time, best of --rounds rounds. The largest page's
// parse tree is measured by counting Gumbo's allocations through its allocator hook.
#include <gumbo.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <malloc.h>
#include <string>
#include <vector>

#include "extract/extractor.h"
#include "extract/metadata/metadata_dom.h"

namespace {

namespace fs = std::filesystem;

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::size_t count_elements(const GumboNode* root) {
    std::size_t count = 0;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) continue;
        ++count;
        const GumboVector& children =
            node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
    return count;
}

// Gumbo allocator hook that counts the bytes live at the high-water mark of one parse.
struct AllocationCounter {
    std::size_t live = 0;
    std::size_t peak = 0;
};

void* counting_allocate(void* userdata, size_t size) {
    auto* counter = static_cast<AllocationCounter*>(userdata);
    void* block = std::malloc(size);
    counter->live += malloc_usable_size(block);
    counter->peak = std::max(counter->peak, counter->live);
    return block;
}

void counting_free(void* userdata, void* block) {
    if (block == nullptr) return;
    static_cast<AllocationCounter*>(userdata)->live -= malloc_usable_size(block);
    std::free(block);
}

std::size_t parse_tree_bytes(const std::string& page) {
    AllocationCounter counter;
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = counting_allocate;
    options.deallocator = counting_free;
    options.userdata = &counter;
    GumboOutput* output = gumbo_parse_with_options(&options, page.data(), page.size());
    gumbo_destroy_output(&options, output);
    return counter.peak;
}

// The two sides of the comparison, named and never inlined so that a profiler reports each on its own:
// e.g. `valgrind --tool=callgrind --toggle-collect='*time_rounds*'` counts only the timed rounds (not
// the warm-up pass), and callgrind_annotate --inclusive=yes gives bare_parse_and_walk against extract_page.
[[gnu::noinline]] std::size_t bare_parse_and_walk(const std::string& bytes) {
    // The same parser options as the library (parse errors not recorded), so the ratio compares
    // the work around the parse, not two configurations of the parser.
    static const GumboOptions parse_options = gleaner::extract::dom::safe_parse_options();
    GumboOutput* output = gumbo_parse_with_options(&parse_options, bytes.data(), bytes.size());
    const std::size_t elements = count_elements(output->document);
    gumbo_destroy_output(&parse_options, output);
    return elements;
}

[[gnu::noinline]] std::size_t extract_page(const std::string& bytes) {
    static const gleaner::extract::ExtractOptions options;
    const gleaner::extract::Article article = gleaner::extract::extract(bytes, options);
    return article.text.size() + article.html.size() + article.markdown.size();
}

struct Timings {
    double parse_seconds = 0;
    double extract_seconds = 0;
    std::size_t checksum = 0;  // keeps the work observable
};

[[gnu::noinline]] Timings time_rounds(const std::vector<fs::path>& pages, int rounds) {
    Timings best;
    for (int round = 0; round < rounds; ++round) {
        Timings timings;
        for (const fs::path& path : pages) {
            const std::string bytes = read_file(path);
            double start = thread_cpu_seconds();
            timings.checksum += bare_parse_and_walk(bytes);
            const double parsed = thread_cpu_seconds();
            timings.checksum += extract_page(bytes);
            timings.parse_seconds += parsed - start;
            timings.extract_seconds += thread_cpu_seconds() - parsed;
        }
        if (round == 0 || timings.parse_seconds < best.parse_seconds) best.parse_seconds = timings.parse_seconds;
        if (round == 0 || timings.extract_seconds < best.extract_seconds) best.extract_seconds = timings.extract_seconds;
        best.checksum = timings.checksum;
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    std::string corpus = "../shared/corpus/scrapinghub";
    int rounds = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rounds" && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
        else if (arg == "-h" || arg == "--help") {
            std::cout << "usage: gleaner_bench_extract [--rounds N] [CORPUS_DIR]\n"
                         "CORPUS_DIR holds *.html pages, directly or in html/.\n";
            return 0;
        } else corpus = arg;
    }
    fs::path dir = fs::path(corpus) / "html";
    if (!fs::is_directory(dir)) dir = corpus;
    std::vector<fs::path> pages;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file() && (entry.path().extension() == ".html" || entry.path().extension() == ".htm"))
            pages.push_back(entry.path());
    if (ec || pages.empty()) {
        std::cerr << "gleaner_bench_extract: no .html pages in " << dir << "\n";
        return 2;
    }
    std::sort(pages.begin(), pages.end());
    std::size_t total_bytes = 0;
    fs::path largest;
    std::size_t largest_size = 0;
    for (const fs::path& page : pages) {
        const std::size_t size = fs::file_size(page);
        total_bytes += size;
        if (size > largest_size) largest_size = size, largest = page;
    }
    const double baseline_rss = peak_rss_mib();

    for (const fs::path& path : pages) extract_page(read_file(path));
    const double extraction_peak_rss = peak_rss_mib();
    const Timings timings = time_rounds(pages, rounds);
    const double tree_mib = static_cast<double>(parse_tree_bytes(read_file(largest))) / (1024.0 * 1024.0);

    const double mb = static_cast<double>(total_bytes) / 1e6;
    const auto n = static_cast<double>(pages.size());
    std::printf("corpus: %zu pages, %.1f MB (%s)\n", pages.size(), mb, dir.c_str());
    const double parse_s = timings.parse_seconds, extract_s = timings.extract_seconds;
    std::printf("bare gumbo parse + walk: %7.1f pages/s %6.1f MB/s  (%.3f s CPU, best of %d)\n", n / parse_s,
                mb / parse_s, parse_s, rounds);
    std::printf("extraction (library):    %7.1f pages/s %6.1f MB/s  (%.3f s CPU, best of %d)\n", n / extract_s,
                mb / extract_s, extract_s, rounds);
    std::printf("ratio extraction/parse:  %.2f  (target <= 1.20)\n", extract_s / parse_s);
    std::printf("peak RSS during extraction: %.1f MiB (%.1f MiB before the first page)\n", extraction_peak_rss,
                baseline_rss);
    std::printf("largest page: %.2f MB, its parse tree %.1f MiB; extraction peak above baseline and tree: %.1f MiB "
                "(target < 64 MiB)\n",
                static_cast<double>(largest_size) / 1e6, tree_mib, extraction_peak_rss - baseline_rss - tree_mib);
    return timings.checksum == 0;
}

// See extract_warc.h. Output follows `gleaner extract` for several pages: JSON Lines (with the
// record's URL, WARC-Date and offset), or text/markdown/html each under a "==> URL <==" line; with
// --output-dir one file per page named after its record offset. Damaged records are reported on
// stderr with their offset and skipped.
#include "cli/extract_warc.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "archive/archived_page.h"
#include "extract/extractor.h"

namespace gleaner::cli {

namespace ex = gleaner::extract;

int run_extract_warc(const WarcExtractArgs& args) {
    const ex::Format format = *ex::parse_format(args.format);
    int damaged = 0;
    std::size_t pages = 0, skipped = 0;
    try {
        archive::WarcReader reader(args.file, [&](const archive::ReadError& error) {
            ++damaged;
            std::cout.flush();
            std::cerr << "gleaner extract: " << args.file << ": record at offset " << error.position.to_string()
                      << ": " << error.message << " (skipped)\n";
        }, args.max_input_bytes + 1024 * 1024);
        if (!args.output_dir.empty()) std::filesystem::create_directories(args.output_dir);
        while (auto read = reader.next()) {
            auto reading = archive::read_archived_page(*read, args.max_input_bytes);
            if (reading.verdict == archive::PageVerdict::unreadable) {
                ++damaged;
                std::cerr << "gleaner extract: " << args.file << ": record at offset " << read->position.to_string()
                          << ": " << reading.error << " (skipped)\n";
                continue;
            }
            if (reading.verdict != archive::PageVerdict::page) {
                ++skipped;
                continue;
            }
            const auto& page = reading.page;
            ex::ExtractOptions options;
            options.url = page.url;
            options.content_type = page.content_type;
            options.max_input_bytes = args.max_input_bytes;
            const ex::Article article = ex::extract(page.body, options);
            ++pages;
            if (!args.output_dir.empty()) {
                const auto path = std::filesystem::path(args.output_dir) /
                                  ("record-" + std::to_string(read->position.offset) + "." +
                                   std::string(ex::format_extension(format)));
                std::ofstream(path, std::ios::binary) << ex::render(article, format) << "\n";
            } else if (format == ex::Format::json) {
                nlohmann::json object = ex::to_json(article);
                object["warc_file"] = args.file;
                object["warc_offset"] = read->position.offset;
                object["warc_date"] = page.warc_date;
                object["url"] = page.url;
                std::cout << object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            } else {
                std::cout << "==> " << page.url << " <==\n" << ex::render(article, format) << "\n\n";
            }
        }
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "gleaner extract: " << args.file << ": " << e.what() << "\n";
        return 1;
    }
    std::cout.flush();
    std::cerr << "gleaner extract: " << args.file << ": " << pages << " page(s) extracted, " << skipped
              << " other record(s), " << damaged << " damaged record(s)\n";
    return damaged == 0 ? 0 : 1;
}

}  // namespace gleaner::cli

// gleaner_bench_quality_extract MANIFEST OUT_DIR — bench/quality's extraction step for corpora whose
// pages each have their own URL (WCXB): one process over every page of MANIFEST (lines
// "<id>\t<html file>\t<url>"), writing OUT_DIR/<id>.json exactly as `gleaner extract --format json
// --url <url>` would, and OUT_DIR/<id>.txt with its text (what the text scorers read). A page that
// fails is reported on stderr and left without output (it scores as empty).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "extract/extractor.h"

namespace ex = gleaner::extract;

namespace {

bool write_file(const std::filesystem::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content << '\n';
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: gleaner_bench_quality_extract MANIFEST OUT_DIR\n";
        return 2;
    }
    std::ifstream manifest(argv[1]);
    if (!manifest) {
        std::cerr << "cannot read " << argv[1] << "\n";
        return 2;
    }
    const std::filesystem::path out_dir(argv[2]);
    std::filesystem::create_directories(out_dir);
    int failures = 0;
    for (std::string line; std::getline(manifest, line);) {
        std::istringstream fields(line);
        std::string id, file, url;
        if (!std::getline(fields, id, '\t') || !std::getline(fields, file, '\t')) continue;
        std::getline(fields, url);
        try {
            std::ifstream in(file, std::ios::binary);
            if (!in) throw std::runtime_error("cannot read " + file);
            const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            ex::ExtractOptions options;
            options.url = url;
            const ex::Article article = ex::extract(bytes, options);
            if (!write_file(out_dir / (id + ".json"), ex::render(article, ex::Format::json)) ||
                !write_file(out_dir / (id + ".txt"), article.text))
                throw std::runtime_error("cannot write into " + out_dir.string());
        } catch (const std::exception& e) {
            ++failures;
            std::cerr << "gleaner_bench_quality_extract: " << id << ": " << e.what() << "\n";
        }
    }
    return failures == 0 ? 0 : 1;
}

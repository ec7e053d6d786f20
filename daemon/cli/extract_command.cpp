// `gleaner extract`: runs the article extractor over saved pages, many in one process. Each input is
// read, extracted and written before the next one is read, so memory stays that of one page. A file
// that fails is reported on stderr by name and the others still go through; the exit status is 1 if
// any failed.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/extract_warc.h"
#include "extract/extractor.h"
#include "siterules/rule_extract.h"
#include "siterules/rule_set.h"

namespace gleaner::cli {
namespace {

namespace fs = std::filesystem;
namespace ex = gleaner::extract;

struct ExtractArgs {
    std::string url;
    std::string format = "text";
    std::string output_dir;
    std::size_t max_input_bytes = ex::ExtractOptions{}.max_input_bytes;
    std::vector<std::string> files;
    std::string warc;  // --warc: extract every HTML response of this archive instead
    std::string site_rules;  // --site-rules: folder of ftr-site-config rule files
};

class InputError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string read_input(const std::string& path, std::size_t max_bytes) {
    if (path == "-") {
        std::string bytes{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
        if (bytes.size() > max_bytes)
            throw InputError("input is over --max-input-bytes (" + std::to_string(max_bytes) + ")");
        return bytes;
    }
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw InputError("is a directory");
    const auto size = fs::file_size(path, ec);
    if (ec) throw InputError(ec.message());
    if (size > max_bytes)
        throw InputError("file is " + std::to_string(size) + " bytes, over --max-input-bytes (" +
                         std::to_string(max_bytes) + ")");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot open for reading");
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.gcount() != static_cast<std::streamsize>(bytes.size())) throw InputError("read failed");
    return bytes;
}

// The output file name for an input: its base name without .html/.htm, plus the format's extension.
std::string output_name(const std::string& input, ex::Format format) {
    std::string base = input == "-" ? std::string("stdin") : fs::path(input).filename().string();
    for (const char* suffix : {".html", ".htm", ".HTML", ".HTM"}) {
        const std::string s(suffix);
        if (base.size() > s.size() && base.compare(base.size() - s.size(), s.size(), s) == 0) {
            base.resize(base.size() - s.size());
            break;
        }
    }
    return base + "." + std::string(ex::format_extension(format));
}

void write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError("cannot write " + path.string());
    out << content;
    if (content.empty() || content.back() != '\n') out << '\n';
    out.close();
    if (!out) throw InputError("writing " + path.string() + " failed");
}

int run_extract(const ExtractArgs& args) {
    const ex::Format format = *ex::parse_format(args.format);
    if (!args.output_dir.empty()) {
        std::error_code ec;
        fs::create_directories(args.output_dir, ec);
        if (ec) {
            std::cerr << "gleaner extract: cannot create output directory " << args.output_dir << ": " << ec.message()
                      << "\n";
            return 1;
        }
    }
    ex::ExtractOptions options;
    options.url = args.url;
    options.max_input_bytes = args.max_input_bytes;
    siterules::RuleSet rules;
    if (!args.site_rules.empty()) {
        try {
            rules = siterules::RuleSet::load(args.site_rules);
        } catch (const siterules::RuleSetError& e) {
            std::cerr << "gleaner extract: " << e.what() << "\n";
            return 1;
        }
        for (const auto& d : rules.diagnostics())
            if (d.severity == siterules::RuleDiagnostic::Severity::error)
                std::cerr << "gleaner extract: " << (fs::path(args.site_rules) / d.file).string()
                          << (d.line > 0 ? ":" + std::to_string(d.line) : "") << ": " << d.message << "\n";
    }
    const siterules::SiteRule* rule = rules.find_for_url(args.url);
    const bool several = args.files.size() > 1;
    std::set<std::string> written;
    int failures = 0;
    for (const std::string& file : args.files) {
        try {
            const std::string bytes = read_input(file, args.max_input_bytes);
            const auto extraction = siterules::extract_with_rule(bytes, options, rule);
            const ex::Article& article = extraction.article;
            // With --site-rules the JSON names the rule applied ("" for none).
            auto render = [&] {
                if (format != ex::Format::json || args.site_rules.empty()) return ex::render(article, format);
                nlohmann::json object = ex::to_json(article);
                object["site_rule"] = extraction.site_rule;
                return object.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
            };
            if (!args.output_dir.empty()) {
                const std::string name = output_name(file, format);
                if (!written.insert(name).second)
                    throw InputError("output " + name + " was already written for another input of the same name");
                write_file(fs::path(args.output_dir) / name, render());
            } else if (several && format == ex::Format::json) {
                // Several articles on stdout as JSON: one object per line (JSON Lines), naming its file.
                nlohmann::json object = ex::to_json(article);
                if (!args.site_rules.empty()) object["site_rule"] = extraction.site_rule;
                object["file"] = file;
                std::cout << object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            } else {
                if (several) std::cout << "==> " << file << " <==\n";
                const std::string rendered = render();
                std::cout << rendered;
                if (rendered.empty() || rendered.back() != '\n') std::cout << '\n';
                if (several) std::cout << '\n';
            }
        } catch (const std::exception& e) {
            ++failures;
            std::cout.flush();
            std::cerr << "gleaner extract: " << file << ": " << e.what() << "\n";
        }
    }
    std::cout.flush();
    return failures == 0 ? 0 : 1;
}

}  // namespace

void add_extract_command(CLI::App& app) {
    auto args = std::make_shared<ExtractArgs>();
    auto* cmd = app.add_subcommand("extract", "Extract the article (story text and metadata) from saved HTML pages");
    cmd->footer(
        "Each FILE is a saved HTML page ('-' reads one from stdin); all are processed in one run.\n"
        "Without --output-dir the articles go to stdout: one alone as is; several as text, markdown or\n"
        "html each under a '==> FILE <==' line, or as json one object per line (JSON Lines) with a\n"
        "\"file\" key. With --output-dir each article is written to DIR/<name>.<ext>, <name> being the\n"
        "input's base name without .html/.htm and <ext> txt, md, html or json.\n"
        "A file that cannot be read or extracted is reported on stderr with its name; the others are\n"
        "still processed and the exit status is 1.\n"
        "With --warc FILE every HTML response of a WARC archive is extracted in one streaming pass: as\n"
        "JSON Lines with its url, warc_file, warc_offset and warc_date, or each under a '==> URL <==' line;\n"
        "a damaged record is reported on stderr with its offset and skipped (exit status 1).\n\n"
        "Examples:\n"
        "  gleaner extract --url https://example.com/news/story page.html\n"
        "  gleaner extract --format json --output-dir out/ saved/*.html\n"
        "  gleaner extract --format json --warc CC-NEWS-20240101000000-00000.warc.gz\n"
        "  gleaner extract --site-rules ftr-site-config/ --url https://example.com/news/story --format json page.html\n"
        "  curl -s https://example.com/story | gleaner extract --url https://example.com/story -");
    cmd->add_option("--url", args->url,
                    "URL the page was fetched from: makes links and images absolute and helps metadata");
    cmd->add_option("-f,--format", args->format, "Output format")
        ->check(CLI::IsMember({"text", "json", "markdown", "html"}))
        ->default_str("text");
    cmd->add_option("-o,--output-dir", args->output_dir, "Write one file per input into this directory");
    cmd->add_option("--max-input-bytes", args->max_input_bytes, "Refuse pages larger than this")
        ->default_str(std::to_string(args->max_input_bytes))
        ->check(CLI::PositiveNumber);
    auto* site_rules = cmd->add_option("--site-rules", args->site_rules,
                    "Folder of site rules in the ftr-site-config format; the rule for --url's host is applied "
                    "(the json output names it as site_rule)")
        ->check(CLI::ExistingDirectory);
    auto* warc = cmd->add_option("--warc", args->warc,
                                 "Extract every HTML response of this WARC file (WARC/1.0 or 1.1; .warc.gz or plain)");
    cmd->add_option("FILE", args->files, "Saved HTML pages ('-' for stdin)")->excludes(warc);
    site_rules->excludes(warc);
    cmd->callback([args] {
        if (!args->warc.empty()) {
            const int status =
                run_extract_warc({args->warc, args->format, args->output_dir, args->max_input_bytes});
            if (status != 0) throw CLI::RuntimeError(status);
            return;
        }
        if (args->files.empty()) throw CLI::RequiredError("FILE (or --warc)");
        const int status = run_extract(*args);
        if (status != 0) throw CLI::RuntimeError(status);
    });
}

}  // namespace gleaner::cli

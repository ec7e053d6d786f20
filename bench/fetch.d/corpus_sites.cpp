#include "corpus_sites.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace gleaner::bench {
namespace {

std::vector<std::size_t> offsets_of(const std::string& text, const std::string& needle, std::size_t from,
                                    bool after) {
    std::vector<std::size_t> out;
    for (auto at = text.find(needle, from); at != std::string::npos; at = text.find(needle, at + needle.size()))
        out.push_back(after ? at + needle.size() : at);
    return out;
}

// Where splicing may start: after the doctype, whose identifiers decide the parser's quirks mode.
std::size_t after_doctype(const std::string& html) {
    const auto doctype = html.find("<!");
    if (doctype == std::string::npos || doctype > 512) return 0;
    const auto end = html.find('>', doctype);
    return end == std::string::npos ? 0 : end + 1;
}

}  // namespace

CorpusSites::CorpusSites(const std::filesystem::path& corpus_html_dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(corpus_html_dir))
        if (entry.is_regular_file() && entry.path().extension() == ".html") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw std::runtime_error("no .html files in " + corpus_html_dir.string());
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        Template t;
        t.name = file.filename().string();
        t.html.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        const auto start = after_doctype(t.html);
        t.after_scheme = offsets_of(t.html, "http://", start, true);
        const auto https = offsets_of(t.html, "https://", start, true);
        t.after_scheme.insert(t.after_scheme.end(), https.begin(), https.end());
        std::sort(t.after_scheme.begin(), t.after_scheme.end());
        // Paragraph ends, starts (pages that never close them) and line breaks.
        for (const char* mark : {"</p>", "</P>", "<p>", "<P>", "<p ", "<P ", "<br", "<BR"}) {
            const auto found = offsets_of(t.html, mark, start, false);
            t.before_text_break.insert(t.before_text_break.end(), found.begin(), found.end());
        }
        std::sort(t.before_text_break.begin(), t.before_text_break.end());
        pages_.push_back(std::move(t));
    }
}

std::string CorpusSites::page(std::size_t id) const {
    const Template& t = pages_[id % pages_.size()];
    // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) on "c" + std::to_string(id).
    const std::string number = std::to_string(id);
    std::string host_label = "c";
    host_label.append(number).append(".");
    std::string word = " w";
    word.append(number);
    std::string out;
    out.reserve(t.html.size() + t.after_scheme.size() * host_label.size() + t.before_text_break.size() * word.size());
    std::size_t copied = 0, scheme = 0, text_break = 0;
    while (scheme < t.after_scheme.size() || text_break < t.before_text_break.size()) {
        const bool take_scheme = text_break == t.before_text_break.size() ||
                                 (scheme < t.after_scheme.size() && t.after_scheme[scheme] < t.before_text_break[text_break]);
        const std::size_t at = take_scheme ? t.after_scheme[scheme++] : t.before_text_break[text_break++];
        out.append(t.html, copied, at - copied);
        out += take_scheme ? host_label : word;
        copied = at;
    }
    out.append(t.html, copied, std::string::npos);
    return out;
}

}  // namespace gleaner::bench

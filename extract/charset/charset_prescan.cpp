// Byte scanners that find a declared encoding before the page is parsed. prescan_meta_charset follows
// the HTML Standard's "prescan a byte stream to determine its encoding" step by step (the step names
// in the comments are the spec's); no library implements it, and it must run on undecoded bytes.
#include "extract/charset/charset_prescan.h"

#include <optional>
#include <set>

#include "extract/charset/charset_labels.h"

namespace gleaner::extract {
namespace {

bool is_space(unsigned char c) { return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20; }
bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha(unsigned char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
char to_lower(unsigned char c) { return static_cast<char>(is_upper(c) ? c + 0x20 : c); }

bool starts_with_nocase(std::string_view text, std::size_t pos, std::string_view lower_word) {
    if (text.size() - pos < lower_word.size()) return false;
    for (std::size_t i = 0; i < lower_word.size(); ++i) {
        if (to_lower(static_cast<unsigned char>(text[pos + i])) != lower_word[i]) return false;
    }
    return true;
}

struct Attribute {
    std::string name, value;
};

// A cursor over the prescan window; running past the end ends the prescan with no answer.
class Scanner {
public:
    explicit Scanner(std::string_view bytes) : bytes_(bytes.substr(0, kPrescanBytes)) {}

    bool at_end() const { return pos_ >= bytes_.size(); }
    unsigned char byte() const { return static_cast<unsigned char>(bytes_[pos_]); }
    std::size_t pos() const { return pos_; }
    void advance(std::size_t n = 1) { pos_ += n; }
    void seek(std::size_t pos) { pos_ = pos; }
    std::string_view bytes() const { return bytes_; }

    // "get an attribute"; nullopt when there is none (at '>' or at the end of the window).
    std::optional<Attribute> get_attribute() {
        while (!at_end() && (is_space(byte()) || byte() == '/')) advance();
        if (at_end() || byte() == '>') return std::nullopt;
        Attribute attribute;
        for (;;) {  // attribute name
            if (at_end()) return std::nullopt;
            const unsigned char c = byte();
            if (c == '=' && !attribute.name.empty()) {
                advance();
                return read_value(std::move(attribute));
            }
            if (is_space(c)) break;
            if (c == '/' || c == '>') return attribute;
            attribute.name += to_lower(c);
            advance();
        }
        while (!at_end() && is_space(byte())) advance();  // "spaces"
        if (at_end()) return std::nullopt;
        if (byte() != '=') return attribute;
        advance();
        return read_value(std::move(attribute));
    }

private:
    std::optional<Attribute> read_value(Attribute attribute) {
        while (!at_end() && is_space(byte())) advance();
        if (at_end()) return std::nullopt;
        const unsigned char first = byte();
        if (first == '"' || first == '\'') {
            for (advance(); !at_end(); advance()) {
                if (byte() == first) {
                    advance();
                    return attribute;
                }
                attribute.value += to_lower(byte());
            }
            return std::nullopt;
        }
        if (first == '>') return attribute;
        for (; !at_end(); advance()) {
            if (is_space(byte()) || byte() == '>') return attribute;
            attribute.value += to_lower(byte());
        }
        return std::nullopt;
    }

    std::string_view bytes_;
    std::size_t pos_ = 0;
};

// The <meta ...> branch of the prescan: the label it declares, if the attributes make a declaration.
std::optional<std::string> read_meta(Scanner& scanner) {
    std::set<std::string> seen;
    bool got_pragma = false;
    std::optional<bool> need_pragma;
    std::optional<std::string> charset;  // a label find_encoding knows
    bool charset_failed = false;
    while (auto attribute = scanner.get_attribute()) {
        if (!seen.insert(attribute->name).second) continue;
        if (attribute->name == "http-equiv") {
            if (attribute->value == "content-type") got_pragma = true;
        } else if (attribute->name == "content") {
            if (!charset && !charset_failed) {
                std::string label = charset_from_content_type(attribute->value);
                if (!label.empty() && find_encoding(label)) {
                    charset = std::move(label);
                    need_pragma = true;
                }
            }
        } else if (attribute->name == "charset") {
            charset_failed = find_encoding(attribute->value) == nullptr;
            charset = charset_failed ? std::nullopt : std::optional<std::string>(attribute->value);
            need_pragma = false;
        }
    }
    if (!need_pragma || (*need_pragma && !got_pragma) || !charset) return std::nullopt;
    return charset;
}

void skip_past(Scanner& scanner, std::string_view terminator, std::size_t search_from) {
    const std::size_t found = scanner.bytes().find(terminator, search_from);
    scanner.seek(found == std::string_view::npos ? scanner.bytes().size() : found + terminator.size());
}

}  // namespace

std::string prescan_meta_charset(std::string_view bytes) {
    Scanner scanner(bytes);
    while (!scanner.at_end()) {
        const std::string_view window = scanner.bytes();
        const std::size_t pos = scanner.pos();
        if (window.compare(pos, 4, "<!--") == 0) {
            skip_past(scanner, "-->", pos + 2);
            continue;
        }
        if (starts_with_nocase(window, pos, "<meta") && pos + 5 < window.size() &&
            (is_space(static_cast<unsigned char>(window[pos + 5])) || window[pos + 5] == '/')) {
            scanner.seek(pos + 6);
            if (auto label = read_meta(scanner)) return *label;
            continue;  // read_meta stopped at '>' (or the end); the loop moves on from there
        }
        const bool tag_open = window[pos] == '<' && pos + 1 < window.size();
        if (tag_open && (is_alpha(static_cast<unsigned char>(window[pos + 1])) ||
                         (window[pos + 1] == '/' && pos + 2 < window.size() &&
                          is_alpha(static_cast<unsigned char>(window[pos + 2]))))) {
            scanner.advance();
            while (!scanner.at_end() && !is_space(scanner.byte()) && scanner.byte() != '>') scanner.advance();
            while (scanner.get_attribute()) {
            }
            scanner.advance();
            continue;
        }
        if (tag_open && (window[pos + 1] == '!' || window[pos + 1] == '/' || window[pos + 1] == '?')) {
            skip_past(scanner, ">", pos + 1);
            continue;
        }
        scanner.advance();
    }
    return {};
}

std::string xml_declared_charset(std::string_view bytes) {
    if (!bytes.starts_with("<?xml")) return {};
    const std::string_view window = bytes.substr(0, kPrescanBytes);
    const std::size_t end = window.find("?>");
    if (end == std::string_view::npos) return {};
    const std::string_view declaration = window.substr(0, end);
    const std::size_t key = declaration.find("encoding");
    if (key == std::string_view::npos) return {};
    std::size_t pos = key + 8;
    while (pos < declaration.size() && is_space(static_cast<unsigned char>(declaration[pos]))) ++pos;
    if (pos >= declaration.size() || declaration[pos] != '=') return {};
    ++pos;
    while (pos < declaration.size() && is_space(static_cast<unsigned char>(declaration[pos]))) ++pos;
    if (pos >= declaration.size() || (declaration[pos] != '"' && declaration[pos] != '\'')) return {};
    const std::size_t close = declaration.find(declaration[pos], pos + 1);
    if (close == std::string_view::npos) return {};
    return std::string(declaration.substr(pos + 1, close - pos - 1));
}

std::string charset_from_content_type(std::string_view content_type) {
    std::size_t pos = 0;
    for (;;) {
        std::size_t found = std::string_view::npos;
        for (std::size_t i = pos; i + 7 <= content_type.size(); ++i) {
            if (starts_with_nocase(content_type, i, "charset")) {
                found = i;
                break;
            }
        }
        if (found == std::string_view::npos) return {};
        pos = found + 7;
        while (pos < content_type.size() && is_space(static_cast<unsigned char>(content_type[pos]))) ++pos;
        if (pos < content_type.size() && content_type[pos] == '=') break;
    }
    ++pos;
    while (pos < content_type.size() && is_space(static_cast<unsigned char>(content_type[pos]))) ++pos;
    if (pos >= content_type.size()) return {};
    const char first = content_type[pos];
    if (first == '"' || first == '\'') {
        const std::size_t close = content_type.find(first, pos + 1);
        if (close == std::string_view::npos) return {};
        return std::string(content_type.substr(pos + 1, close - pos - 1));
    }
    std::size_t end = pos;
    while (end < content_type.size() && !is_space(static_cast<unsigned char>(content_type[end])) &&
           content_type[end] != ';') {
        ++end;
    }
    return std::string(content_type.substr(pos, end - pos));
}

}  // namespace gleaner::extract

// Builds one RFC 5322 e-mail (a UTF-8 text/plain body, quoted-printable) for the smtp and alert
// plugins: Date, Message-ID, MIME headers, non-ASCII or long header text as RFC 2047 encoded-words.
// Base64 and the random Message-ID come from OpenSSL; the quoted-printable encoder below is the few
// lines RFC 2045 §6.7 asks for (there is no small Debian library for it; curl's MIME API would wrap
// the text in a multipart/mixed container).
// Header values never carry CR or LF from an article: a title cannot inject headers.
#pragma once

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner_common {

struct MailHeaders {
    std::string from;                // address only: news@example.org
    std::string from_name;           // display name, may be empty or non-ASCII
    std::vector<std::string> to;     // addresses
    std::string subject;             // UTF-8, any length
    std::string article_id;          // X-Gleaner-Article, empty to leave out
};

// Control characters (CR, LF, tabs...) become spaces: header values are single-line.
inline std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return out;
}

inline std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// `text` as it may stand in a header after `used` characters of the line ("Subject: " is 9): as is
// when it is printable ASCII that fits in 78 columns, otherwise as "B" encoded-words of at most 75
// characters (RFC 2047 §2) joined by folding whitespace, each holding whole UTF-8 characters.
inline std::string header_text(std::string_view text, std::size_t used) {
    const std::string clean = one_line(text);
    bool plain = used + clean.size() <= 78 && clean.find("=?") == std::string::npos;
    for (unsigned char c : clean) plain = plain && c < 0x80;
    if (plain) return clean;
    constexpr std::size_t kBytesPerWord = 45;  // 60 base64 characters + "=?UTF-8?B?" + "?=" = 72
    std::string out;
    std::size_t at = 0;
    while (at < clean.size()) {
        std::size_t end = std::min(clean.size(), at + kBytesPerWord);
        // Back off to a character boundary: never split a UTF-8 sequence across two words.
        while (end < clean.size() && end > at && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(std::string_view(clean).substr(at, end - at)) + "?=";
        at = end;
    }
    return out;
}

// RFC 2045 quoted-printable with CRLF line ends; lines stay within 76 characters by soft breaks.
inline std::string quoted_printable(std::string_view text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t line_start = 0;
    while (line_start <= text.size()) {
        std::size_t line_end = text.find('\n', line_start);
        const bool last_line = line_end == std::string_view::npos;
        if (last_line) line_end = text.size();
        std::string_view line = text.substr(line_start, line_end - line_start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (last_line && line.empty() && line_start > 0) break;  // text ended with a line break
        std::size_t column = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const auto c = static_cast<unsigned char>(line[i]);
            const bool trailing_space = (c == ' ' || c == '\t') && i + 1 == line.size();
            const bool literal = ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') && !trailing_space;
            const std::string piece = literal ? std::string(1, static_cast<char>(c))
                                              : std::string{'=', kHex[c >> 4], kHex[c & 15]};
            if (column + piece.size() > 75) {
                out += "=\r\n";
                column = 0;
            }
            out += piece;
            column += piece.size();
        }
        out += "\r\n";
        if (last_line) break;
        line_start = line_end + 1;
    }
    return out;
}

// "Tue, 07 May 2024 08:00:00 +0000" in the C locale, whatever the daemon's locale is.
inline std::string rfc5322_date(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out << std::put_time(&utc, "%a, %d %b %Y %H:%M:%S +0000");
    return out.str();
}

inline std::string domain_of(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos || at + 1 == address.size() ? "gleaner.invalid"
                                                                    : std::string(address.substr(at + 1));
}

// "<32 random hex digits@sender's domain>"
inline std::string message_id(std::string_view from_address) {
    unsigned char random[16];
    if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("RAND_bytes failed");
    std::string hex;
    static const char kHex[] = "0123456789abcdef";
    for (unsigned char b : random) hex += {kHex[b >> 4], kHex[b & 15]};
    return "<" + hex + "@" + domain_of(from_address) + ">";
}

inline std::string from_header(const MailHeaders& h) {
    if (h.from_name.empty()) return "<" + h.from + ">";
    const std::string name = one_line(h.from_name);
    bool quotable = name.size() <= 60;
    for (unsigned char c : name) quotable = quotable && c >= 0x20 && c < 0x7f;
    if (!quotable) return header_text(name, 78) + " <" + h.from + ">";  // 78: always encoded-words
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\" <" + h.from + ">";
}

inline std::string build_message(const MailHeaders& h, std::string_view body,
                                  std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
    std::string to;
    for (const auto& address : h.to) to += (to.empty() ? "" : ", ") + address;
    std::string m;
    m += "Date: " + rfc5322_date(now) + "\r\n";
    m += "From: " + from_header(h) + "\r\n";
    m += "To: " + to + "\r\n";
    m += "Subject: " + header_text(h.subject, 9) + "\r\n";
    m += "Message-ID: " + message_id(h.from) + "\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=utf-8\r\n";
    m += "Content-Transfer-Encoding: quoted-printable\r\n";
    m += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no vacation replies to a robot
    if (!h.article_id.empty()) m += "X-Gleaner-Article: " + one_line(h.article_id) + "\r\n";
    m += "\r\n";
    m += quoted_printable(body);
    return m;
}

}  // namespace gleaner_common

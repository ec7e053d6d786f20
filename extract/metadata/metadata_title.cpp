// choose_title (see metadata_title.h).
#include "extract/metadata/metadata_title.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>

#include "extract/metadata/metadata_dom.h"
#include "extract/metadata/metadata_patterns.h"

namespace gleaner::extract {
namespace {

// A title reduced for comparison: ASCII letters lower-cased, ASCII punctuation and spaces dropped,
// other UTF-8 bytes kept.
std::string comparable(std::string_view title) {
    std::string reduced;
    for (char c : title) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || std::isalnum(byte)) reduced += static_cast<char>(std::tolower(byte));
    }
    return reduced;
}

std::size_t word_count(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        const bool space = c == ' ';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

// The site as titles may name it: its declared name, and the labels of its host without "www" and
// the public suffix ("tires.bridgestone.com" -> "tires", "bridgestone").
struct SiteNames {
    std::string name;
    std::vector<std::string> host_labels;
};

SiteNames site_names(const std::string& site_name, std::string_view host) {
    SiteNames site{site_name, {}};
    for (std::size_t start = 0; start < host.size();) {
        const std::size_t dot = std::min(host.find('.', start), host.size());
        site.host_labels.emplace_back(host.substr(start, dot - start));
        start = dot + 1;
    }
    if (!site.host_labels.empty() && site.host_labels.front() == "www") site.host_labels.erase(site.host_labels.begin());
    // The public suffix: the last label, and a short one before it ("co.uk", "com.au").
    if (!site.host_labels.empty()) site.host_labels.pop_back();
    if (site.host_labels.size() > 1 && site.host_labels.back().size() <= 3) site.host_labels.pop_back();
    return site;
}

// A part naming the host: all its words are labels of the host ("Bridgestone Tires"), or, written
// as one word, it is most of a label ("DianaHR" in getdianahr.com, "GDevelop" in gdevelop.io).
bool names_host(std::string_view part, const SiteNames& site) {
    if (site.host_labels.empty()) return false;
    const std::vector<std::string> words = [&] {
        std::vector<std::string> found;
        std::string word;
        for (char c : part) {
            const auto byte = static_cast<unsigned char>(c);
            if (std::isalnum(byte)) word.push_back(static_cast<char>(std::tolower(byte)));
            else if (!word.empty()) found.push_back(std::move(word)), word.clear();
        }
        if (!word.empty()) found.push_back(std::move(word));
        return found;
    }();
    if (words.empty()) return false;
    const auto is_label = [&](const std::string& word) {
        return std::find(site.host_labels.begin(), site.host_labels.end(), word) != site.host_labels.end();
    };
    if (std::all_of(words.begin(), words.end(), is_label)) return true;
    if (words.size() != 1 || words.front().size() < 4) return false;
    return std::any_of(site.host_labels.begin(), site.host_labels.end(), [&](const std::string& label) {
        return label.find(words.front()) != std::string::npos && 2 * words.front().size() >= label.size();
    });
}

bool same_site(std::string_view part, const SiteNames& site) {
    if (names_host(part, site)) return true;
    if (site.name.empty()) return false;
    const std::string a = comparable(part), b = comparable(site.name);
    if (a.empty() || b.empty()) return false;
    return a == b || a.find(b) != std::string::npos || b.find(a) != std::string::npos;
}

struct Split {
    std::string head, tail;  // head: the part kept as headline; tail: the part removed
};

// Removes a site-name part: a suffix or prefix matching the site name, or one that the other
// titles (`confirmations`) show is not part of the headline.
Split strip_site(const std::string& title, const SiteNames& site_name,
                 const std::vector<std::string>& confirmations, bool allow_guess) {
    for (std::string_view separator : patterns::title_separators()) {
        const std::size_t last = title.rfind(separator);
        if (last == std::string::npos || last == 0) continue;
        const std::string head = title.substr(0, last), tail = title.substr(last + separator.size());
        const std::size_t first = title.find(separator);
        const std::string prefix = title.substr(0, first), rest = title.substr(first + separator.size());
        if (same_site(tail, site_name) && !comparable(head).empty()) return {head, tail};
        if (same_site(prefix, site_name) && !comparable(rest).empty()) return {rest, prefix};
        for (const std::string& other : confirmations) {
            const std::string wanted = comparable(other);
            if (wanted.empty()) continue;
            if (comparable(head) == wanted) return {head, tail};
            if (comparable(rest) == wanted) return {rest, prefix};
        }
        if (allow_guess && word_count(tail) <= 4 && word_count(head) > word_count(tail)) return {head, tail};
    }
    return {title, ""};
}

std::string lower_ascii(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lowered;
}

bool looks_truncated(std::string_view title) { return title.ends_with("...") || title.ends_with("…"); }

// Words for comparing titles: runs of ASCII letters and digits (lower-cased) or of non-ASCII bytes.
std::vector<std::string> title_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || std::isalnum(byte)) {
            word.push_back(static_cast<char>(std::tolower(byte)));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    return words;
}

// Shared words over all words of two sorted, de-duplicated word lists.
double word_overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> shared;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(shared));
    const std::size_t all = a.size() + b.size() - shared.size();
    return all == 0 ? 0.0 : static_cast<double>(shared.size()) / static_cast<double>(all);
}

// Readers see the headline in the <h1>; metadata often carries an SEO variant of it ("Best X of 2026"
// for "Top 10 X"). The <h1> that shares most words with the chosen title replaces it when it shares
// at least this share of their words: the same headline, as shown. (An unrelated <h1>, a logo or
// "Blog", shares none.)
constexpr double kMinVisibleHeadlineOverlap = 0.15;
constexpr std::size_t kMaxHeadlineWords = 40;

std::string visible_headline(const std::string& chosen, const std::vector<std::string>& h1s) {
    // An <h1> holding the whole headline after something else ("Dec 18 2025 Headline", "Blog:
    // Headline") puts a dateline or a label before it: the declared headline stands. (One that
    // starts with it and goes on is the headline the markup cut short.)
    const std::string whole = comparable(chosen);
    if (!whole.empty() && std::any_of(h1s.begin(), h1s.end(), [&](const std::string& h1) {
            const std::size_t at = comparable(h1).find(whole);
            return at != std::string::npos && at > 0;
        }))
        return chosen;
    const std::vector<std::string> chosen_words = title_words(chosen);
    double best = 0.0;
    const std::string* headline = nullptr;
    for (const std::string& h1 : h1s) {
        const std::vector<std::string> words = title_words(h1);
        if (words.empty() || word_count(h1) > kMaxHeadlineWords) continue;
        const double overlap = word_overlap(words, chosen_words);
        if (overlap > best) {
            best = overlap;
            headline = &h1;
        }
    }
    return headline != nullptr && best >= kMinVisibleHeadlineOverlap ? *headline : chosen;
}

// The title the page's markup declares, site-name parts removed (see metadata_title.h).
TitleChoice choose_declared_title(const std::vector<std::string>& declared_raw, const std::vector<std::string>& h1s_raw,
                                  const std::string& html_title_raw, const SiteNames& site) {
    const std::string& site_name = site.name;
    std::vector<std::string> declared, h1s;
    for (const std::string& title : declared_raw) {
        // A declared "title" that is just the site's name (og:title on some home-page templates) is not a headline.
        std::string text = dom::html_to_text(title);
        if (!comparable(text).empty() && comparable(text) != comparable(site_name)) declared.push_back(std::move(text));
    }
    for (const std::string& h1 : h1s_raw) {
        if (!comparable(h1).empty() && comparable(h1) != comparable(site_name)) h1s.push_back(dom::collapse_whitespace(h1));
    }
    const std::string html_title = dom::collapse_whitespace(html_title_raw);

    std::vector<std::string> confirmations = h1s;
    confirmations.insert(confirmations.end(), declared.begin(), declared.end());

    TitleChoice choice;
    // The removed part of <title> names the site when its head is the headline.
    const Split from_html = strip_site(html_title, site, confirmations, false);
    if (!from_html.tail.empty()) choice.site_name_from_title = dom::collapse_whitespace(from_html.tail);

    std::vector<std::string> cleaned;
    for (const std::string& title : declared) cleaned.push_back(dom::collapse_whitespace(strip_site(title, site, h1s, false).head));
    const std::string html_comparable = comparable(html_title);
    for (const std::string& title : cleaned) {
        for (const std::string& h1 : h1s) {
            if (comparable(title) == comparable(h1)) return choice.title = title, choice;
        }
    }
    for (const std::string& title : cleaned) {
        if (!looks_truncated(title) && !comparable(title).empty() && html_comparable.find(comparable(title)) != std::string::npos) {
            return choice.title = title, choice;
        }
    }
    for (const std::string& title : cleaned) {
        if (!looks_truncated(title)) return choice.title = title, choice;
    }
    if (!cleaned.empty()) return choice.title = cleaned.front(), choice;
    if (!h1s.empty() && (html_comparable.empty() || html_comparable.find(comparable(h1s.front())) != std::string::npos)) {
        return choice.title = h1s.front(), choice;
    }
    choice.title = dom::collapse_whitespace(strip_site(html_title, site, h1s, true).head);
    if (choice.title.empty() && !h1s.empty()) choice.title = h1s.front();
    return choice;
}

// "Headline | Section | Site", "Opinion | Headline": a vertical bar separates labels from the
// headline, never words of it. The part with most words is the headline.
std::string longest_bar_part(const std::string& title) {
    constexpr std::string_view kBar = " | ";
    if (title.find(kBar) == std::string::npos) return title;
    std::string best;
    for (std::size_t start = 0; start <= title.size();) {
        const std::size_t end = std::min(title.find(kBar, start), title.size());
        const std::string part = title.substr(start, end - start);
        if (word_count(part) > word_count(best)) best = part;
        start = end + kBar.size();
    }
    return best;
}

}  // namespace

TitleChoice choose_title(const std::vector<std::string>& declared, const std::vector<std::string>& h1s_raw,
                         const std::string& html_title, const std::string& site_name, std::string_view page_host) {
    const SiteNames site = site_names(site_name, page_host);
    TitleChoice choice = choose_declared_title(declared, h1s_raw, html_title, site);
    std::vector<std::string> h1s;
    for (const std::string& h1 : h1s_raw) {
        if (!comparable(h1).empty() && comparable(h1) != comparable(site_name)) h1s.push_back(dom::collapse_whitespace(h1));
    }
    // The visible headline may carry the site's name too ("Headline – Artlyst").
    const std::string shown = visible_headline(choice.title, h1s);
    choice.title = longest_bar_part(dom::collapse_whitespace(strip_site(shown, site, {}, false).head));
    // A headline that <title> goes on from in plain words ("Best Travel Insurance for Seniors" and
    // "Best Travel Insurance for Seniors in 2025 | Site") was cut short, by the markup or for the
    // page's layout. Words after a separator, a bracket or a full sentence ("What is X? Our guide")
    // are a tagline, not the headline's; a heading of a word or two ("Restaurant", then
    // "Restaurant Definition & Meaning") names a subject, it is no headline cut short.
    const std::string full =
        longest_bar_part(dom::collapse_whitespace(strip_site(dom::collapse_whitespace(html_title), site, {}, false).head));
    const bool sentence = !choice.title.empty() && std::string_view("?!.").find(choice.title.back()) != std::string_view::npos;
    constexpr std::size_t kMinCutHeadlineWords = 3;
    if (word_count(choice.title) >= kMinCutHeadlineWords && !sentence && full.size() > choice.title.size() &&
        lower_ascii(full).starts_with(lower_ascii(choice.title))) {
        const std::string rest = full.substr(choice.title.size());
        const bool plain_words = rest.front() == ' ' && rest.size() > 1 && std::isalnum(static_cast<unsigned char>(rest[1])) &&
                                 std::none_of(patterns::title_separators().begin(), patterns::title_separators().end(),
                                              [&](std::string_view separator) { return rest.find(separator) != std::string::npos; });
        if (plain_words) choice.title = full;
    }
    return choice;
}

}  // namespace gleaner::extract

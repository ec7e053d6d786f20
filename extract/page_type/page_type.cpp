// classify_page_type (see page_type.h): pages without text or markup are other; the others are scored
// as one story or not (article_score below); what is not an article is a forum when it says so or
// shows a run of posts, else a listing. The weights are fitted on the even-numbered half of the WCXB
// development pages and checked on the odd half (bench/quality prints both).
#include "extract/page_type/page_type.h"

#include <algorithm>
#include <cmath>

#include "extract/content/boilerplate_patterns.h"
#include "extract/page_type/page_type_patterns.h"

namespace gleaner::extract {
namespace {

bool is_heading(GumboTag tag) { return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6; }

// Headings are short: a heading whose link lies deeper than this is no teaser headline.
constexpr std::uint32_t kMaxHeadingNodes = 16;

bool heading_is_linked(const Dom& dom, const PageFacts& facts, std::uint32_t h) {
    if (facts.in_link[h]) return true;
    const std::uint32_t end = std::min(dom.nodes[h].subtree_end, h + 1 + kMaxHeadingNodes);
    for (std::uint32_t j = h + 1; j < end; ++j) {
        if (!dom.nodes[j].is_text && facts.in_link[j]) return true;
    }
    return false;
}

bool inside(const Dom& dom, std::uint32_t ancestor, std::uint32_t node) {
    return ancestor != kNoNode && node >= ancestor && node < dom.nodes[ancestor].subtree_end;
}

// A card of a grid: a short block holding a link (a teaser, a product tile).
constexpr std::uint32_t kMaxCardChars = 400;

// Linked headings, and the largest number of sibling blocks that each hold one (a grid of teasers),
// that each are a short linked block (a grid of cards), or that each are a post of a thread; product
// blocks and <time> elements.
void measure_shape(const Dom& dom, const PageFacts& facts, std::uint32_t container, PageTypeSignals& signals) {
    const std::uint32_t n = dom.size();
    std::vector<std::uint8_t> holds_linked_heading(n, 0), holds_link(n, 0);
    std::vector<std::uint32_t> headed(n, 0), cards(n, 0), posts(n, 0);
    for (std::uint32_t i = n; i-- > 0;) {
        const DomNode& node = dom.nodes[i];
        if (node.is_text) continue;
        if (is_heading(node.tag) && !facts.removed[i] && heading_is_linked(dom, facts, i)) {
            holds_linked_heading[i] = 1;
            ++signals.linked_headings;
            if (inside(dom, container, i)) ++signals.story_linked_headings;
        }
        if (node.tag == GUMBO_TAG_TIME) ++signals.times;
        holds_link[i] |= facts.in_link[i];
        if (node.parent == kNoNode) continue;
        const std::uint32_t parent = node.parent;
        const std::uint32_t regions = facts.regions[i];
        if (holds_linked_heading[i]) {
            holds_linked_heading[parent] = 1;
            ++headed[parent];
        }
        if (holds_link[i]) {
            holds_link[parent] = 1;
            if (!facts.removed[i] && facts.raw[i].chars > 0 && facts.raw[i].chars < kMaxCardChars) ++cards[parent];
        }
        if (regions & (kRegionPost | kRegionComments)) ++posts[parent];
        if ((regions & kRegionProduct) && !(facts.regions[parent] & kRegionProduct)) ++signals.products;
    }
    if (n == 0) return;
    signals.items = *std::max_element(headed.begin(), headed.end());
    signals.cards = *std::max_element(cards.begin(), cards.end());
    signals.posts = *std::max_element(posts.begin(), posts.end());
}

void read_declarations(const PageDeclarations& declared, PageTypeSignals& signals) {
    if (declared.json_ld_types != nullptr) {
        // The first type that names a kind wins among forum and listing; an article type anywhere
        // (the page's own node) outranks a listing type (its breadcrumb ItemList).
        for (const std::string& type : *declared.json_ld_types) {
            const PageKind kind = page_kind_of_json_ld_type(type);
            if (kind == PageKind::article || (kind != PageKind::none && signals.declared.empty())) {
                signals.declared = page_kind_name(kind);
                signals.declared_by = "json-ld:" + type;
                if (kind == PageKind::article) break;
            }
        }
    }
    if (signals.declared.empty() && !declared.og_type.empty()) {
        const PageKind kind = page_kind_of_og_type(declared.og_type);
        if (kind != PageKind::none) {
            signals.declared = page_kind_name(kind);
            signals.declared_by = "og:type=" + std::string(declared.og_type);
        }
    }
    signals.url_shape = std::string(page_kind_name(page_kind_of_url(declared.url)));
}

// Whether the page is one story: a logistic score over the signals, each scaled as below, fitted on
// the even-numbered WCXB development pages (article against listing, collection and forum) and
// checked on the odd ones. Above kArticleThreshold the page is an article.
struct Weight {
    double bias = -1.70;
    double story_chars = 1.50;   // x ln(1 + story_chars) / 10
    double story_share = 0.52;   // x story_chars / page_chars
    double words = 1.59;         // x ln(1 + words) / 8
    double declared_article = 1.79;
    double listing_url = -1.21;
    double forum_url = -1.43;
    double posts = -0.38;        // x ln(1 + posts) / 3, and the same scale for the three below
    double cards = -0.37;
    double products = -1.13;
    double times = -0.79;
};
constexpr Weight kWeight;
constexpr double kArticleThreshold = 0.25;
// Cards count up to this many: a grid of 50 short linked blocks says "listing" as loudly as any grid
// does (the development listings show at most ~120), while a story beside a huge block of related or
// archive links (hundreds of them, a pattern of news sites) would otherwise lose to the block's size
// alone. Capped, the cards can cost a page at most ~0.49 of score, which the prose of a real story
// (a thousand characters in a few paragraphs) outweighs. The cap changes no WCXB development page.
constexpr std::uint32_t kMaxCountedCards = 50;
// From this many posts (or dates) in a row, a page that is no article is a thread.
constexpr std::uint32_t kMinPosts = 5;

double article_score(const PageTypeSignals& s, std::size_t story_words) {
    const auto ln = [](double x) { return std::log1p(x); };
    const double share = static_cast<double>(s.story_chars) / std::max<double>(1.0, s.page_chars);
    return kWeight.bias + kWeight.story_chars * ln(s.story_chars) / 10 + kWeight.story_share * share +
           kWeight.words * ln(static_cast<double>(story_words)) / 8 +
           kWeight.declared_article * (s.declared == "article") + kWeight.listing_url * (s.url_shape == "listing") +
           kWeight.forum_url * (s.url_shape == "forum") + kWeight.posts * ln(s.posts) / 3 +
           kWeight.cards * ln(std::min(s.cards, kMaxCountedCards)) / 3 + kWeight.products * ln(s.products) / 3 + kWeight.times * ln(s.times) / 3;
}

// Dated entries are a thread's posts unless they are a listing's teasers: the page says it is a
// listing (markup, URL), or most dates stand beside a linked headline.
bool dated_teasers(const PageTypeSignals& s) {
    return s.declared == "listing" || s.url_shape == "listing" || 2 * s.linked_headings >= s.times;
}

}  // namespace

std::string_view page_type_name(PageType type) {
    switch (type) {
    case PageType::article: return "article";
    case PageType::listing: return "listing";
    case PageType::forum: return "forum";
    case PageType::other: return "other";
    }
    return "other";
}

PageTypeVerdict classify_page_type(const Dom& dom, const PageFacts& facts, std::uint32_t container,
                                   const PageDeclarations& declared, std::size_t story_words) {
    PageTypeVerdict verdict;
    PageTypeSignals& s = verdict.signals;
    read_declarations(declared, s);
    if (dom.empty() || story_words == 0) {
        verdict.type = PageType::other;
        s.decided_by = "no story text";
        return verdict;
    }
    // Text without a single tag (a plain-text file, /etc/passwd) parses as one text node in <body>.
    if (std::none_of(dom.nodes.begin() + 1, dom.nodes.end(), [](const DomNode& node) { return !node.is_text; })) {
        verdict.type = PageType::other;
        s.decided_by = "no markup";
        return verdict;
    }
    s.page_chars = facts.subtree[0].good_chars;
    s.story_chars = container == kNoNode ? 0 : facts.subtree[container].good_chars;
    measure_shape(dom, facts, container, s);

    s.article_score = article_score(s, story_words);
    // A thread says so (QAPage, DiscussionForumPosting) or lives under /forum/, /threads/, /questions/:
    // however long its posts, it is no article.
    if (s.declared == "forum" || s.url_shape == "forum") {
        verdict.type = PageType::forum;
        s.decided_by = s.declared == "forum" ? "declared forum" : "forum URL";
    } else if (s.article_score > kArticleThreshold) {
        s.decided_by = "article score";
    } else if (s.posts >= kMinPosts || (s.times >= kMinPosts && !dated_teasers(s))) {
        verdict.type = PageType::forum;
        s.decided_by = "repeated posts";
    } else {
        verdict.type = PageType::listing;
        s.decided_by = s.declared == "listing" ? "declared listing" : s.url_shape == "listing" ? "listing URL" : "article score";
    }
    return verdict;
}

}  // namespace gleaner::extract

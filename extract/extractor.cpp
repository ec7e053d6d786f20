// extract(): decode, parse once, read the metadata, find and clean the story, render it. The content
// stages are content_classify (what each element is), content_select (which element holds the story),
// content_assemble (the story as a clean tree), content_trim (line-level clean-up), then the renderers.
#include "extract/extractor.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "extract/content/boilerplate_patterns.h"
#include "extract/charset.h"
#include "extract/content/content_assemble.h"
#include "extract/content/content_classify.h"
#include "extract/content/content_partial.h"
#include "extract/content/content_select.h"
#include "extract/content/content_trim.h"
#include "extract/content/dom.h"
#include "extract/metadata/metadata.h"
#include "extract/metadata/metadata_dom.h"
#include "extract/page_type/page_type.h"
#include "extract/render/story_render.h"
#include "extract/url_resolve.h"

namespace gleaner::extract {
namespace {

// The JSON-LD articleBody replaces the extracted text when the page body gave less than this share
// of it: the story is in the structured data only (a script-rendered page, or a teaser in the HTML).
constexpr double kJsonLdBodyPreference = 0.3;
constexpr std::size_t kMinJsonLdBodyChars = 200;

// Gumbo with error records off (dom::safe_parse_options): they are never read, and on hostile input
// they cost memory quadratic in the nesting depth.
const GumboOptions& parse_options() {
    static const GumboOptions options = dom::safe_parse_options();
    return options;
}

struct GumboDeleter {
    void operator()(GumboOutput* output) const { gumbo_destroy_output(&parse_options(), output); }
};

std::string_view find_base_href(const GumboOutput& output) {
    const GumboNode* html = output.root;
    if (html == nullptr || html->type != GUMBO_NODE_ELEMENT) return {};
    const GumboVector& sections = html->v.element.children;
    for (unsigned i = 0; i < sections.length; ++i) {
        const auto* head = static_cast<const GumboNode*>(sections.data[i]);
        if (head->type != GUMBO_NODE_ELEMENT || head->v.element.tag != GUMBO_TAG_HEAD) continue;
        const GumboVector& children = head->v.element.children;
        for (unsigned k = 0; k < children.length; ++k) {
            const auto* node = static_cast<const GumboNode*>(children.data[k]);
            if (node->type != GUMBO_NODE_ELEMENT || node->v.element.tag != GUMBO_TAG_BASE) continue;
            const GumboAttribute* href = gumbo_get_attribute(&node->v.element.attributes, "href");
            if (href != nullptr && href->value != nullptr) return href->value;
        }
    }
    return {};
}

// The story as paragraphs from plain text (the JSON-LD articleBody): one paragraph per line.
CleanTree story_from_plain_text(std::string_view text) {
    CleanTree tree;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string line;
        bool space = false;
        for (char c : text.substr(start, end - start)) {
            if (c == ' ' || c == '\t' || c == '\r') {
                space = true;
                continue;
            }
            if (space && !line.empty()) line.push_back(' ');
            space = false;
            line.push_back(c);
        }
        if (!line.empty()) tree.add(tree.add(tree.root(), CleanTag::p), CleanTag::text, std::move(line));
        start = end + 1;
    }
    return tree;
}

// Words: whitespace-separated tokens holding a letter or digit (a lone dash or bullet is no word).
// Lead bytes C3-E1 and E3 up start letters of other scripts; C2 and E2 start punctuation and symbols.
std::size_t count_words(std::string_view text) {
    std::size_t words = 0;
    bool in_token = false;
    bool counted = false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            in_token = false;
            continue;
        }
        if (!in_token) counted = false;
        in_token = true;
        const bool letter = (u < 0x80 && std::isalnum(u)) || (u >= 0xC3 && u <= 0xE1) || u >= 0xE3;
        if (letter && !counted) {
            ++words;
            counted = true;
        }
    }
    return words;
}

bool page_has_paywall_markup(const PageFacts& facts) {
    for (std::uint32_t regions : facts.regions)
        if (regions & kRegionPaywall) return true;
    return false;
}

void copy_metadata(Metadata&& meta, Article& article) {
    article.canonical_url = std::move(meta.canonical_url);
    article.title = std::move(meta.title);
    article.authors = std::move(meta.authors);
    article.published = std::move(meta.published);
    article.modified = std::move(meta.modified);
    article.language = std::move(meta.language);
    article.language_source = std::move(meta.language_source);
    article.site_name = std::move(meta.site_name);
    article.description = std::move(meta.description);
    article.image = std::move(meta.image);
    article.section = std::move(meta.section);
    article.tags = std::move(meta.tags);
}

// The element carrying `attribute` (a site rule's body), or kNoNode. Neither it nor what holds it is
// boilerplate, whatever their names say; `as_is`: nothing inside it is either.
std::uint32_t marked_container(const Dom& dom, PageFacts& facts, const std::string& attribute, bool as_is) {
    for (std::uint32_t i = 0; i < dom.size(); ++i) {
        if (dom.nodes[i].is_text || !has_attribute(dom.nodes[i], attribute.c_str())) continue;
        for (std::uint32_t up = i; up != kNoNode; up = dom.nodes[up].parent) facts.removed[up] = 0;
        if (as_is) std::fill(facts.removed.begin() + i, facts.removed.begin() + dom.nodes[i].subtree_end, std::uint8_t{0});
        measure_kept_text(dom, facts);
        return i;
    }
    return kNoNode;
}

}  // namespace

Article extract(std::string_view bytes, const ExtractOptions& options) {
    if (bytes.size() > options.max_input_bytes)
        throw ExtractError("page is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                           std::to_string(options.max_input_bytes));
    Article article;
    article.url = options.url;
    // Gumbo's tree points into the text it parsed: `decoded` (or `bytes`, which it may view) lives
    // until the tree is destroyed.
    const DecodedHtmlView decoded = decode_html_view(bytes, options.content_type);
    article.charset = decoded.charset;
    article.charset_source = decoded.charset_source;
    const std::string_view html = decoded.utf8();

    const std::unique_ptr<GumboOutput, GumboDeleter> output(
        gumbo_parse_with_options(&parse_options(), html.data(), html.size()));
    if (!output) throw ExtractError("the HTML parser failed on this page");
    Metadata meta = extract_metadata(*output, options.url);

    const Dom dom = build_dom(*output);
    PageFacts facts = classify_page(dom);
    const std::uint32_t container = options.story_attribute.empty()
                                        ? select_container(dom, facts)
                                        : marked_container(dom, facts, options.story_attribute, options.story_as_is);
    const std::string page_url = !options.url.empty() ? options.url : meta.canonical_url;
    const UrlResolver urls(document_base_url(page_url, find_base_href(*output)));
    CleanTree story = assemble_story(dom, facts, container, urls);
    const TrimResult trim = trim_story(story, StoryHints{meta.title, &meta.authors});
    article.text = render_text(story);

    if (options.story_attribute.empty() && meta.json_ld_body.size() >= kMinJsonLdBodyChars &&
        static_cast<double>(article.text.size()) < kJsonLdBodyPreference * static_cast<double>(meta.json_ld_body.size())) {
        story = story_from_plain_text(meta.json_ld_body);
        article.text = render_text(story);
    }
    const ReaderHeader header{meta.title, &meta.authors, meta.published ? std::string_view(meta.published->iso) : ""};
    if (options.want_html) article.html = render_html(story, header);
    if (options.want_markdown) article.markdown = render_markdown(story, header);
    article.word_count = count_words(article.text);

    const PartialVerdict partial = judge_partial(PartialSignals{meta.paywalled, meta.paywall_reason,
                                                                trim.subscription_prompt,
                                                                page_has_paywall_markup(facts), article.text});
    article.partial = partial.partial;
    article.partial_reason = partial.reason;

    const PageDeclarations declared{&meta.json_ld_types, meta.og_type, page_url};
    PageTypeVerdict verdict = classify_page_type(dom, facts, container, declared, article.word_count);
    article.page_type = verdict.type;
    article.page_type_signals = std::move(verdict.signals);

    if (meta.language.empty() && !article.text.empty()) {
        meta.language = detect_language(article.text);
        if (!meta.language.empty()) meta.language_source = "detected";
    }
    copy_metadata(std::move(meta), article);
    return article;
}

}  // namespace gleaner::extract

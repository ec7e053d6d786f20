#include "wire_copy.h"

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <sstream>

namespace gleaner::bench {
namespace {

std::vector<std::string> split_words(const std::string& paragraph) {
    std::istringstream in(paragraph);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(std::move(w));
    return words;
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

std::size_t word_count(const std::vector<std::string>& paragraphs) {
    std::size_t n = 0;
    for (const auto& p : paragraphs) n += split_words(p).size();
    return n;
}

// Whitespace left out, so page text (spaced by markup) and annotation (spaced by its authors) compare.
std::string without_spaces(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r') out += c;
    return out;
}

void collect_text(const GumboNode* node, std::string& out) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
        out += node->v.text.text;
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
        collect_text(static_cast<const GumboNode*>(children.data[i]), out);
    }
}

// Where a donor element sits in its page: the whole element, and its content between the tags.
struct Block {
    std::size_t begin, end;
    std::size_t content_begin, content_end;
    bool json_ld;
};

Block block_of(const GumboElement& element, bool json_ld) {
    return {element.start_pos.offset, element.end_pos.offset + element.original_end_tag.length,
            element.start_pos.offset + element.original_tag.length, element.end_pos.offset, json_ld};
}

bool is_block(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_DD: case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIGCAPTION:
        case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
        case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_LI:
        case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
        case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        case GUMBO_TAG_TR: case GUMBO_TAG_UL:
            return true;
        default:
            return false;
    }
}

bool holds_blocks(const GumboNode* node) {
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT && (is_block(child->v.element.tag) || holds_blocks(child))) return true;
    }
    return false;
}

// JSON-LD that carries the donor's story as articleBody (the extractor would prefer it to a short copy).
bool is_story_json_ld(const GumboNode* node) {
    const GumboElement& element = node->v.element;
    if (element.tag != GUMBO_TAG_SCRIPT || element.children.length == 0) return false;
    const GumboAttribute* type = gumbo_get_attribute(&element.attributes, "type");
    if (type == nullptr || std::string_view(type->value).find("ld+json") == std::string_view::npos) return false;
    const auto* body = static_cast<const GumboNode*>(element.children.data[0]);
    return body->type == GUMBO_NODE_TEXT && std::string_view(body->v.text.text).find("articleBody") != std::string_view::npos;
}

// The source ranges of the innermost blocks (paragraphs, list items, headings...) whose text is all
// part of `story`, and of JSON-LD holding it. Containers stay, with the names the extractor reads.
void find_story_blocks(const GumboNode* node, const std::string& story, std::vector<Block>& found,
                       std::size_t& matched_chars) {
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& element = node->v.element;
    if (is_story_json_ld(node) && element.original_end_tag.length > 0) {
        found.push_back(block_of(element, true));
        return;
    }
    if (element.tag != GUMBO_TAG_HEAD && !holds_blocks(node)) {
        std::string text;
        collect_text(node, text);
        text = without_spaces(text);
        if (is_block(element.tag) && element.original_tag.length > 0 && element.original_end_tag.length > 0 &&
            text.size() >= 20 && story.find(text) != std::string::npos) {
            found.push_back(block_of(element, false));
            matched_chars += text.size();
        }
        return;
    }
    for (unsigned i = 0; i < element.children.length; ++i)
        find_story_blocks(static_cast<const GumboNode*>(element.children.data[i]), story, found, matched_chars);
}

std::string escape_html(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            default: out += c;
        }
    }
    return out;
}

// The JSON-LD script `element` (its JSON between content_begin and content_end) with every articleBody
// replaced by our story, as the copy's own page would carry it; nothing when the JSON does not parse.
std::string json_ld_with_story(const std::string& element, std::size_t content_begin, std::size_t content_end,
                               const std::vector<std::string>& paragraphs) {
    auto json = nlohmann::json::parse(element.substr(content_begin, content_end - content_begin), nullptr, false);
    if (json.is_discarded()) return {};
    std::string body;
    for (const auto& p : paragraphs) body += (body.empty() ? "" : "\n\n") + p;
    std::vector<nlohmann::json*> stack{&json};
    while (!stack.empty()) {
        nlohmann::json* node = stack.back();
        stack.pop_back();
        if (node->is_object() && node->contains("articleBody")) (*node)["articleBody"] = body;
        if (node->is_structured())
            for (auto& child : *node) stack.push_back(&child);
    }
    std::string script = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // "</" must not end the script early.
    for (std::size_t at = script.find("</"); at != std::string::npos; at = script.find("</", at + 3)) script.insert(at + 1, "\\");
    return element.substr(0, content_begin) + script + element.substr(content_end);
}

}  // namespace

EditedStory edit_story(const std::vector<std::string>& paragraphs, const std::vector<std::string>& vocabulary,
                       const std::string& credit_site, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    EditedStory story;
    story.paragraphs = paragraphs;
    const std::size_t total = word_count(paragraphs);

    // Editors cut from the bottom: whole last paragraphs, up to a share of the story drawn from 5-30 %.
    const double cut_target = 0.05 + 0.25 * unit(rng);
    std::size_t cut = 0;
    while (story.paragraphs.size() > 2) {
        const std::size_t last = split_words(story.paragraphs.back()).size();
        if (static_cast<double>(cut + last) > cut_target * static_cast<double>(total)) break;
        cut += last;
        story.paragraphs.pop_back();
    }
    story.edits.cut_share = total ? static_cast<double>(cut) / static_cast<double>(total) : 0.0;

    // 1-5 % of the words substituted (half), deleted or gaining a word after them (a quarter each).
    story.edits.word_change_rate = 0.01 + 0.04 * unit(rng);
    std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
    for (auto& paragraph : story.paragraphs) {
        std::vector<std::string> out;
        for (auto& word : split_words(paragraph)) {
            if (unit(rng) >= story.edits.word_change_rate) {
                out.push_back(std::move(word));
                continue;
            }
            const double kind = unit(rng);
            if (kind < 0.5) {
                out.push_back(vocabulary[pick(rng)]);
            } else if (kind >= 0.75) {
                out.push_back(std::move(word));
                out.push_back(vocabulary[pick(rng)]);
            }
        }
        paragraph = join(out);
    }

    static const std::array<const char*, 4> kCredits = {
        "This story was originally published by %s and is republished here with permission.",
        "Reporting by staff of %s; editing by the news desk.",
        "(c) %s. All rights reserved. Distributed by the wire service.",
        "Copyright %s, used under licence."};
    const std::string credit = kCredits[rng() % kCredits.size()];
    const auto at = credit.find("%s");
    story.edits.credit = credit.substr(0, at) + credit_site + credit.substr(at + 2);
    if (rng() % 2 == 0 && !story.paragraphs.empty())
        story.paragraphs.front() = credit_site + " — " + story.paragraphs.front();  // a dateline-like prefix
    story.paragraphs.push_back(story.edits.credit);
    return story;
}

std::optional<std::string> set_into_page(const CorpusArticle& donor, const std::vector<std::string>& paragraphs) {
    std::string story;
    for (const auto& p : donor.paragraphs) story += without_spaces(p);
    std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
        gumbo_parse_with_options(&kGumboDefaultOptions, donor.html.data(), donor.html.size()),
        [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    std::vector<Block> blocks;
    std::size_t matched = 0;
    find_story_blocks(output->root, story, blocks, matched);
    // 90 % of the donor's story must go, or its story stays beside ours.
    if (10 * matched < 9 * story.size()) return std::nullopt;
    std::sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) { return a.begin < b.begin; });

    // Our paragraphs take the donor's story blocks in order, inside the donor's own tags (its class
    // names, its containers); the last block also takes the paragraphs left over, and blocks beyond
    // our story are removed, as is the donor's story in JSON-LD.
    std::size_t story_blocks = 0;
    for (const auto& b : blocks) story_blocks += !b.json_ld;
    std::string page;
    std::size_t at = 0, next = 0;
    for (const auto& b : blocks) {
        if (b.begin < at || b.end > donor.html.size()) return std::nullopt;
        page.append(donor.html, at, b.begin - at);
        at = b.end;
        if (b.json_ld) {
            page += json_ld_with_story(donor.html.substr(b.begin, b.end - b.begin), b.content_begin - b.begin,
                                       b.content_end - b.begin, paragraphs);
            continue;
        }
        if (next >= paragraphs.size()) continue;
        page.append(donor.html, b.begin, b.content_begin - b.begin);
        page += escape_html(paragraphs[next++]);
        page.append(donor.html, b.content_end, b.end - b.content_end);
        if (--story_blocks == 0)
            while (next < paragraphs.size()) page += "<p>" + escape_html(paragraphs[next++]) + "</p>\n";
    }
    page.append(donor.html, at, std::string::npos);
    if (next == 0) return std::nullopt;
    return page;
}

}  // namespace gleaner::bench

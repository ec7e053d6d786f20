// The clean story tree: tag names and the few tree operations the assembler, the trimmer and the
// renderers share.
#include "extract/content/clean_tree.h"

#include <algorithm>

namespace gleaner::extract {

const char* clean_tag_name(CleanTag tag) {
    switch (tag) {
    case CleanTag::root: case CleanTag::text: return "";
    case CleanTag::p: return "p";
    case CleanTag::h2: return "h2";
    case CleanTag::h3: return "h3";
    case CleanTag::h4: return "h4";
    case CleanTag::h5: return "h5";
    case CleanTag::h6: return "h6";
    case CleanTag::ul: return "ul";
    case CleanTag::ol: return "ol";
    case CleanTag::li: return "li";
    case CleanTag::blockquote: return "blockquote";
    case CleanTag::pre: return "pre";
    case CleanTag::figure: return "figure";
    case CleanTag::figcaption: return "figcaption";
    case CleanTag::img: return "img";
    case CleanTag::hr: return "hr";
    case CleanTag::table: return "table";
    case CleanTag::caption: return "caption";
    case CleanTag::thead: return "thead";
    case CleanTag::tbody: return "tbody";
    case CleanTag::tfoot: return "tfoot";
    case CleanTag::tr: return "tr";
    case CleanTag::th: return "th";
    case CleanTag::td: return "td";
    case CleanTag::a: return "a";
    case CleanTag::em: return "em";
    case CleanTag::strong: return "strong";
    case CleanTag::code: return "code";
    case CleanTag::br: return "br";
    case CleanTag::sub: return "sub";
    case CleanTag::sup: return "sup";
    }
    return "";
}

bool is_clean_block(CleanTag tag) {
    switch (tag) {
    case CleanTag::a: case CleanTag::em: case CleanTag::strong: case CleanTag::code: case CleanTag::br:
    case CleanTag::sub: case CleanTag::sup: case CleanTag::text: case CleanTag::img:
        return false;
    default:
        return true;
    }
}

std::uint32_t CleanTree::add(std::uint32_t parent, CleanTag tag, std::string text) {
    const auto index = static_cast<std::uint32_t>(nodes_.size());
    CleanNode node;
    node.tag = tag;
    node.parent = parent;
    node.text = std::move(text);
    nodes_.push_back(std::move(node));
    nodes_[parent].children.push_back(index);
    return index;
}

void CleanTree::detach(std::uint32_t i) {
    if (i == 0) return;
    auto& siblings = nodes_[nodes_[i].parent].children;
    siblings.erase(std::remove(siblings.begin(), siblings.end(), i), siblings.end());
}

bool CleanTree::has_text(std::uint32_t i) const {
    const CleanNode& node = nodes_[i];
    if (node.tag == CleanTag::text)
        return std::any_of(node.text.begin(), node.text.end(), [](char c) { return c != ' ' && c != '\n'; });
    return std::any_of(node.children.begin(), node.children.end(), [this](std::uint32_t c) { return has_text(c); });
}

bool CleanTree::has_image(std::uint32_t i) const {
    const CleanNode& node = nodes_[i];
    if (node.tag == CleanTag::img) return true;
    return std::any_of(node.children.begin(), node.children.end(), [this](std::uint32_t c) { return has_image(c); });
}

std::string CleanTree::plain_text(std::uint32_t i) const {
    std::string out;
    // Explicit stack: story trees are shallow, but pages can nest inline elements deeply.
    std::vector<std::uint32_t> stack{i};
    while (!stack.empty()) {
        const CleanNode& node = nodes_[stack.back()];
        stack.pop_back();
        if (node.tag == CleanTag::text) {
            out += node.text;
        } else if (node.tag == CleanTag::br || (is_clean_block(node.tag) && !out.empty() && out.back() != ' ')) {
            out.push_back(' ');
        }
        for (auto c = node.children.rbegin(); c != node.children.rend(); ++c) stack.push_back(*c);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace gleaner::extract

// The extracted story as a small tree of structural HTML elements only (paragraphs, headings, lists,
// quotes, figures, tables, links, emphasis, code). Built by content_assemble, trimmed by content_trim,
// read by the text, markdown and html renderers. Text is whitespace-collapsed already (except in <pre>).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gleaner::extract {

enum class CleanTag : std::uint8_t {
    root, text,
    p, h2, h3, h4, h5, h6, ul, ol, li, blockquote, pre, figure, figcaption, img, hr,
    table, caption, thead, tbody, tfoot, tr, th, td,
    a, em, strong, code, br, sub, sup,
};

// The HTML tag name of `tag` ("" for root and text).
const char* clean_tag_name(CleanTag tag);
bool is_clean_block(CleanTag tag);  // starts its own line/paragraph in text output

struct CleanNode {
    CleanTag tag = CleanTag::root;
    std::uint32_t parent = 0;
    std::vector<std::uint32_t> children;
    std::string text;  // text nodes: the text; a: href; img: src; ol: the first number when not 1
    std::string alt;   // img: alt text; a: title
    bool from_h1 = false;  // a heading that was an <h1> (before the story, the page's headline)
};

class CleanTree {
public:
    CleanTree() { nodes_.push_back(CleanNode{}); }

    std::uint32_t root() const { return 0; }
    const CleanNode& operator[](std::uint32_t i) const { return nodes_[i]; }
    CleanNode& operator[](std::uint32_t i) { return nodes_[i]; }
    std::uint32_t size() const { return static_cast<std::uint32_t>(nodes_.size()); }

    std::uint32_t add(std::uint32_t parent, CleanTag tag, std::string text = {});
    // Detaches node `i` from its parent (the node stays allocated but is unreachable).
    void detach(std::uint32_t i);
    bool has_text(std::uint32_t i) const;   // any non-space text below i
    bool has_image(std::uint32_t i) const;  // i is or holds an image
    std::string plain_text(std::uint32_t i) const;  // text below i, inline, br as space

private:
    std::vector<CleanNode> nodes_;
};

}  // namespace gleaner::extract

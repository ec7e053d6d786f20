// Plain-text rendering of the story tree.
#include <string>

#include "extract/render/story_render.h"

namespace gleaner::extract {
namespace {

class TextWriter {
public:
    explicit TextWriter(const CleanTree& tree) : tree_(tree) {}

    std::string run() {
        blocks(tree_.root(), 0);
        return std::move(out_);
    }

private:
    // Starts a new block: one blank line after the previous one (or one line break inside a list).
    void start_block(bool tight) {
        if (out_.empty()) return;
        while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
        out_ += tight ? "\n" : "\n\n";
    }

    void blocks(std::uint32_t parent, int list_depth) {
        for (std::uint32_t child : tree_[parent].children) block(child, list_depth);
    }

    void block(std::uint32_t i, int list_depth) {
        const CleanNode& node = tree_[i];
        switch (node.tag) {
        case CleanTag::figure: case CleanTag::figcaption: case CleanTag::img: case CleanTag::hr:
            return;
        case CleanTag::ul: case CleanTag::ol:
            for (std::uint32_t item : node.children) {
                start_block(list_depth > 0 || item != node.children.front());
                out_.append(static_cast<std::size_t>(list_depth) * 2, ' ');
                out_ += "- ";
                list_item(item, list_depth + 1);
            }
            return;
        case CleanTag::blockquote: case CleanTag::table: case CleanTag::thead: case CleanTag::tbody:
        case CleanTag::tfoot: case CleanTag::root: case CleanTag::li:
            return blocks(i, list_depth);
        case CleanTag::tr:
            start_block(false);
            for (std::size_t c = 0; c < node.children.size(); ++c) {
                if (c > 0) out_ += " | ";
                inline_content(node.children[c]);
            }
            return;
        case CleanTag::pre:
            start_block(false);
            inline_content(i);
            return;
        default:
            if (!is_clean_block(node.tag)) {  // loose inline content (only in malformed trees)
                inline_content(i);
                return;
            }
            start_block(false);
            inline_content(i);
        }
    }

    // A list item: its own inline text, then any nested blocks (sub-lists on their own lines).
    void list_item(std::uint32_t item, int list_depth) {
        bool wrote_inline = false;
        for (std::uint32_t child : tree_[item].children) {
            const CleanTag tag = tree_[child].tag;
            if (tag == CleanTag::ul || tag == CleanTag::ol) {
                block(child, list_depth);
            } else if (!is_clean_block(tag) || tag == CleanTag::p) {
                if (wrote_inline && out_.back() != ' ') out_ += ' ';
                inline_content(child);
                wrote_inline = true;
            } else {
                block(child, list_depth);
            }
        }
    }

    void inline_content(std::uint32_t i) {
        const CleanNode& node = tree_[i];
        if (node.tag == CleanTag::text) {
            out_ += node.text;
            return;
        }
        if (node.tag == CleanTag::br) {
            out_ += '\n';
            return;
        }
        if (node.tag == CleanTag::img || node.tag == CleanTag::figure) return;
        for (std::uint32_t child : node.children) inline_content(child);
    }

    const CleanTree& tree_;
    std::string out_;
};

}  // namespace

std::string render_text(const CleanTree& tree) {
    std::string text = TextWriter(tree).run();
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace gleaner::extract

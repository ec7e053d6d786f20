// The inline half of assembling the story: runs of text, links, emphasis and line breaks written into
// the clean tree's blocks. Whitespace is collapsed across nodes as a browser renders it; the implicit
// block (a paragraph in a section, an item in a list) and pending inline elements (links, emphasis)
// are created only when text arrives, so empty wrappers leave nothing behind.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/content/clean_tree.h"

namespace gleaner::extract {

class InlineWriter {
public:
    // Where inline content goes: into `block` itself (implicit == CleanTag::text), or into an element
    // of kind `implicit` created in `block` on demand.
    struct Target {
        std::uint32_t block = 0;
        CleanTag implicit = CleanTag::p;
    };

    explicit InlineWriter(CleanTree& tree) : tree_(tree) {}

    void open_element(CleanTag tag, std::string attribute);  // a: the absolute href
    void close_element();
    bool in_link() const;

    void text(std::string_view text, const Target& target);
    void line_break(const Target& target);
    // An image goes into the open run if there is one, else directly into the block.
    void image(std::string src, std::string alt, const Target& target);
    // A boundary that renders as whitespace (a block flattened into a paragraph).
    void owe_space() { pending_space_ = true; }
    // Ends the current run: the next text starts a new implicit block.
    void end_run();
    // Inside <pre>, text is kept as written.
    void enter_pre() { ++in_pre_; }
    void leave_pre() { --in_pre_; }

private:
    static constexpr std::uint32_t kNone = 0xffffffffu;
    struct Frame {
        CleanTag tag;
        std::string attribute;
        std::uint32_t clean = kNone;  // created in the tree yet (in the current run)?
    };

    std::uint32_t open_run(const Target& target, bool& space_written);
    void append_raw(std::uint32_t parent, std::string_view text);
    void trim_trailing(std::uint32_t node);

    CleanTree& tree_;
    std::vector<Frame> frames_;
    std::uint32_t run_ = kNone;   // the block the current run writes into
    bool run_is_implicit_ = false;
    bool run_has_text_ = false;
    bool pending_space_ = false;  // whitespace seen, owed to the next text
    int in_pre_ = 0;
};

}  // namespace gleaner::extract

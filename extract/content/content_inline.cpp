// Inline runs of the story: whitespace collapsing, implicit blocks and pending inline elements.
#include "extract/content/content_inline.h"

namespace gleaner::extract {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

}  // namespace

void InlineWriter::open_element(CleanTag tag, std::string attribute) {
    frames_.push_back(Frame{tag, std::move(attribute)});
}

void InlineWriter::close_element() { frames_.pop_back(); }

bool InlineWriter::in_link() const {
    for (const Frame& frame : frames_)
        if (frame.tag == CleanTag::a) return true;
    return false;
}

// The clean node inline content goes into now, creating the implicit block and any pending inline
// elements on the way. A space owed before new text goes in front of the new elements ("see
// <a>this</a>", not "see<a> this</a>"); `space_written` says whether it was written.
std::uint32_t InlineWriter::open_run(const Target& target, bool& space_written) {
    space_written = false;
    if (run_ == kNone) {
        run_ = target.implicit == CleanTag::text ? target.block : tree_.add(target.block, target.implicit);
        run_is_implicit_ = target.implicit != CleanTag::text;
        run_has_text_ = tree_.has_text(run_);
    }
    std::uint32_t current = run_;
    for (Frame& frame : frames_) {
        if (frame.clean == kNone) {
            if (pending_space_ && run_has_text_ && !space_written) {
                append_raw(current, " ");
                space_written = true;
            }
            frame.clean = tree_.add(current, frame.tag, frame.attribute);
        }
        current = frame.clean;
    }
    return current;
}

void InlineWriter::append_raw(std::uint32_t parent, std::string_view text) {
    auto& children = tree_[parent].children;
    if (!children.empty() && tree_[children.back()].tag == CleanTag::text) {
        tree_[children.back()].text += text;
    } else {
        tree_.add(parent, CleanTag::text, std::string(text));
    }
}

void InlineWriter::text(std::string_view text, const Target& target) {
    bool space_written = false;
    if (in_pre_ > 0) {
        if (!text.empty()) append_raw(open_run(target, space_written), text);
        return;
    }
    std::size_t k = 0;
    const auto skip_space = [&] {  // ASCII whitespace and U+00A0 no-break space
        bool skipped = false;
        while (k < text.size() &&
               (is_space(text[k]) || (text[k] == '\xC2' && k + 1 < text.size() && text[k + 1] == '\xA0'))) {
            k += text[k] == '\xC2' ? 2 : 1;
            skipped = true;
        }
        return skipped;
    };
    if (skip_space()) pending_space_ = true;
    if (k == text.size()) return;  // whitespace only: at most a space owed to the next text
    const std::uint32_t parent = open_run(target, space_written);
    std::string collapsed;
    collapsed.reserve(text.size() - k + 1);
    if (pending_space_ && run_has_text_ && !space_written) collapsed.push_back(' ');
    pending_space_ = false;
    while (k < text.size()) {
        if (skip_space()) {
            if (k == text.size()) pending_space_ = true;  // trailing: owed to what follows
            else collapsed.push_back(' ');
            continue;
        }
        collapsed.push_back(text[k++]);
    }
    append_raw(parent, collapsed);
    run_has_text_ = true;
}

void InlineWriter::line_break(const Target& target) {
    bool space_written = false;
    if (in_pre_ > 0) {
        append_raw(open_run(target, space_written), "\n");
        return;
    }
    if (run_ == kNone || !run_has_text_) return;  // no break before any text
    auto& children = tree_[run_].children;
    const bool after_break = !children.empty() && tree_[children.back()].tag == CleanTag::br;
    if (after_break && run_is_implicit_) {  // <br><br> in loose text separates paragraphs
        tree_.detach(children.back());
        end_run();
        return;
    }
    if (after_break && children.size() >= 2 && tree_[children[children.size() - 2]].tag == CleanTag::br) return;
    tree_.add(open_run(target, space_written), CleanTag::br);
    pending_space_ = false;
}

void InlineWriter::image(std::string src, std::string alt, const Target& target) {
    bool space_written = false;
    const std::uint32_t parent = run_ != kNone ? open_run(target, space_written) : target.block;
    const std::uint32_t img = tree_.add(parent, CleanTag::img, std::move(src));
    tree_[img].alt = std::move(alt);
}

void InlineWriter::end_run() {
    if (run_ != kNone) {
        trim_trailing(run_);
        if (run_is_implicit_ && !tree_.has_text(run_) && !tree_.has_image(run_)) tree_.detach(run_);
    }
    run_ = kNone;
    run_is_implicit_ = false;
    run_has_text_ = false;
    pending_space_ = false;
    for (Frame& frame : frames_) frame.clean = kNone;
}

// Drops trailing spaces and line breaks at the end of a block.
void InlineWriter::trim_trailing(std::uint32_t node) {
    auto& children = tree_[node].children;
    while (!children.empty()) {
        CleanNode& last = tree_[children.back()];
        if (last.tag == CleanTag::br) {
            children.pop_back();
        } else if (last.tag == CleanTag::text) {
            while (!last.text.empty() && last.text.back() == ' ') last.text.pop_back();
            if (!last.text.empty()) return;
            children.pop_back();
        } else {
            if (!is_clean_block(last.tag) && last.tag != CleanTag::img) trim_trailing(children.back());
            return;
        }
    }
}

}  // namespace gleaner::extract

// Line-level clean-up of the story tree: one pass over its top-level blocks (and list items).
#include "extract/content/content_trim.h"

#include "extract/content/boilerplate_patterns.h"

namespace gleaner::extract {
namespace {

// A block this long is story prose; bylines and datelines before the story are shorter.
constexpr std::size_t kProseChars = 120;
// Lines up to this long may be a byline or dateline.
constexpr std::size_t kMaxMetadataLine = 100;
// An end-of-story heading cuts the story only once this much text came before it, so a story that
// opens with "More on this" is not lost.
constexpr std::size_t kTextBeforeCut = 400;

bool is_heading(CleanTag tag) {
    return tag == CleanTag::h2 || tag == CleanTag::h3 || tag == CleanTag::h4 || tag == CleanTag::h5 ||
           tag == CleanTag::h6;
}

bool same_as_title(const std::string& line, const std::string& title) {
    if (line.empty() || title.empty()) return false;
    if (line == title) return true;
    const std::string& shorter = line.size() < title.size() ? line : title;
    const std::string& longer = line.size() < title.size() ? title : line;
    return shorter.size() * 10 >= longer.size() * 7 && longer.compare(0, shorter.size(), shorter) == 0;
}

// A line ending like a sentence is a short opening paragraph even when it holds a date ("On May 3
// the council met."); bylines and datelines end in a name, a time or a zone.
bool ends_like_sentence(std::string_view line) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '"' || line.back() == '\'')) line.remove_suffix(1);
    if (line.empty()) return false;
    const char last = line.back();
    if (last != '.' && last != '!' && last != '?') return false;
    return !(line.ends_with("a.m.") || line.ends_with("p.m.") || line.ends_with("A.M.") || line.ends_with("P.M."));
}

bool names_an_author(const std::string& line, const std::vector<std::string>* authors) {
    if (authors == nullptr) return false;
    for (const std::string& author : *authors) {
        const std::string name = comparable_text(author);
        if (name.size() >= 4 && line.find(name) != std::string::npos) return true;
    }
    return false;
}

void drop_boilerplate_items(CleanTree& tree, std::uint32_t list) {
    const std::vector<std::uint32_t> items = tree[list].children;
    for (std::uint32_t item : items)
        if (classify_line(tree.plain_text(item)) == LineKind::boilerplate) tree.detach(item);
}

}  // namespace

std::string comparable_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80)
            out.push_back(c);
    }
    return out;
}

TrimResult trim_story(CleanTree& tree, const StoryHints& hints) {
    TrimResult result;
    const std::string title = comparable_text(hints.title);
    const std::vector<std::uint32_t> blocks = tree[tree.root()].children;
    bool before_prose = true;
    std::size_t text_so_far = 0;
    for (std::size_t k = 0; k < blocks.size(); ++k) {
        const std::uint32_t block = blocks[k];
        const CleanTag tag = tree[block].tag;
        const std::string text = tree.plain_text(block);
        const LineKind kind = classify_line(text);
        if (kind == LineKind::paywall) {
            result.subscription_prompt = true;
            tree.detach(block);
            continue;
        }
        if (kind == LineKind::boilerplate) {
            tree.detach(block);
            continue;
        }
        if ((kind == LineKind::related_heading || kind == LineKind::comments_heading) &&
            (is_heading(tag) || tag == CleanTag::p)) {
            if (text_so_far >= kTextBeforeCut) {
                for (std::size_t rest = k; rest < blocks.size(); ++rest) tree.detach(blocks[rest]);
                break;
            }
            tree.detach(block);
            continue;
        }
        if (before_prose && tag != CleanTag::figure) {
            const std::string line = comparable_text(text);
            const bool short_line = text.size() <= kMaxMetadataLine;
            if (tree[block].from_h1 || same_as_title(line, title) ||
                (short_line && ((kind == LineKind::metadata && !ends_like_sentence(text)) ||
                                names_an_author(line, hints.authors)))) {
                tree.detach(block);
                continue;
            }
        }
        if (tag == CleanTag::ul || tag == CleanTag::ol) drop_boilerplate_items(tree, block);
        if (text.size() >= kProseChars) before_prose = false;
        text_so_far += text.size();
    }
    return result;
}

}  // namespace gleaner::extract

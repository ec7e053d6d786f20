// Rebuilds the story as a clean tree. One recursive walk over the container's subtree: block elements
// map to clean blocks (or vanish, keeping their content, when they are layout; become figures when
// they are an image with its caption); link lists are left out; inline content is handed to the
// InlineWriter (content_inline.h) with the block it belongs in.
#include "extract/content/content_assemble.h"

#include <string>
#include <vector>

#include "extract/content/boilerplate_patterns.h"
#include "extract/content/content_inline.h"

namespace gleaner::extract {
namespace {

constexpr std::uint32_t kNone = 0xffffffffu;
// Beyond this nesting the walk stops recursing and keeps only the text (adversarial pages nest
// thousands of elements; no story does).
constexpr unsigned kMaxStructuredDepth = 200;
// Average characters per item from which a list with many links is a story told as a list.
constexpr std::uint32_t kMinStoryListItemChars = 120;
// The most text an image's caption and credit hold.
constexpr std::uint32_t kMaxCaptionChars = 300;

// Where inline content goes in a block context: directly into the block, or into an element of
// this kind created on demand (a paragraph in a section, an item in a list, a caption in a figure).
struct Context {
    std::uint32_t block = 0;
    CleanTag implicit = CleanTag::p;   // CleanTag::text: inline content goes directly into `block`
    bool leaf = false;                 // p, h*, pre, captions: nested blocks are flattened into it
    bool data_table = false;           // inside a table kept as a table
};

// The first number of an <ol start=N> (digits only, at most 9), "" when it starts at 1 or says nothing usable.
std::string_view list_start(const DomNode& node) {
    const std::string_view start = attribute(node, "start");
    if (start.empty() || start.size() > 9 || start == "1" ||
        start.find_first_not_of("0123456789") != std::string_view::npos)
        return {};
    return start;
}

CleanTag inline_tag(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_A: return CleanTag::a;
    case GUMBO_TAG_EM: case GUMBO_TAG_I: case GUMBO_TAG_CITE: case GUMBO_TAG_DFN: case GUMBO_TAG_VAR: return CleanTag::em;
    case GUMBO_TAG_STRONG: case GUMBO_TAG_B: return CleanTag::strong;
    case GUMBO_TAG_CODE: case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP: case GUMBO_TAG_TT: return CleanTag::code;
    case GUMBO_TAG_SUB: return CleanTag::sub;
    case GUMBO_TAG_SUP: return CleanTag::sup;
    default: return CleanTag::root;  // inline but not kept: its content is
    }
}

CleanTag heading_tag(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: return CleanTag::h2;
    case GUMBO_TAG_H3: return CleanTag::h3;
    case GUMBO_TAG_H4: return CleanTag::h4;
    case GUMBO_TAG_H5: return CleanTag::h5;
    default: return CleanTag::h6;
    }
}

class Assembler {
public:
    Assembler(const Dom& dom, const PageFacts& facts, const UrlResolver& urls)
        : dom_(dom), facts_(facts), urls_(urls) {}

    CleanTree run(std::uint32_t container) {
        Context root;
        visit_children(container, root, 0);
        inline_.end_run();
        return std::move(tree_);
    }

private:
    // Link lists (related stories, tag lists, menus) inside the container. A list of long items that
    // merely start with a link ("<a>Headline</a> and two sentences") is a story told as a list.
    bool is_link_heavy(std::uint32_t i) const {
        const TextStats& s = facts_.subtree[i];
        const GumboTag tag = dom_.nodes[i].tag;
        if (s.chars == 0 || s.good_chars * 2 >= s.chars) return false;
        if (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT) return false;
        if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL) {
            if (s.link_chars * 10 > s.chars * 6) return true;
            return s.link_chars * 10 > s.chars * 4 && s.chars < kMinStoryListItemChars * count_items(i);
        }
        return s.link_chars * 2 > s.chars;
    }

    std::uint32_t count_items(std::uint32_t list) const {
        std::uint32_t items = 0;
        for (std::uint32_t c = list + 1; c < dom_.nodes[list].subtree_end; c = dom_.nodes[c].subtree_end)
            if (!dom_.nodes[c].is_text && dom_.nodes[c].tag == GUMBO_TAG_LI) ++items;
        return items;
    }

    void visit_children(std::uint32_t i, const Context& ctx, unsigned depth) {
        const std::uint32_t end = dom_.nodes[i].subtree_end;
        for (std::uint32_t c = i + 1; c < end; c = dom_.nodes[c].subtree_end) visit(c, ctx, depth + 1);
    }

    void visit(std::uint32_t i, const Context& ctx, unsigned depth) {
        const DomNode& node = dom_.nodes[i];
        if (node.is_text) return inline_.text(node.text, target(ctx));
        if (facts_.removed[i]) return;
        if (depth > kMaxStructuredDepth) return visit_flat(i, ctx);
        const GumboTag tag = node.tag;
        if (tag == GUMBO_TAG_BR) return inline_.line_break(target(ctx));
        if (tag == GUMBO_TAG_IMG) return image(i, ctx);
        if (!is_block_tag(tag)) return inline_element(i, ctx, depth);
        if (!ctx.data_table && is_link_heavy(i)) return;  // (list items go with their list)
        if (ctx.leaf) {  // a block inside a paragraph-like element: its text joins the paragraph
            inline_.owe_space();
            visit_children(i, ctx, depth);
            inline_.owe_space();
            return;
        }
        block_element(i, ctx, depth);
    }

    // Text of a too-deep subtree, without structure.
    void visit_flat(std::uint32_t i, const Context& ctx) {
        for (std::uint32_t j = i; j < dom_.nodes[i].subtree_end;) {
            const DomNode& n = dom_.nodes[j];
            if (!n.is_text && facts_.removed[j]) {
                j = n.subtree_end;
                continue;
            }
            if (n.is_text) inline_.text(n.text, target(ctx));
            ++j;
        }
    }

    void inline_element(std::uint32_t i, const Context& ctx, unsigned depth) {
        const DomNode& node = dom_.nodes[i];
        // A caption or credit: a figure caption of its own between blocks, dropped inside a paragraph.
        if (facts_.regions[i] & kRegionCaption) {
            if (!ctx.leaf) block_element(i, ctx, depth);
            return;
        }
        CleanTag tag = inline_tag(node.tag);
        std::string href;
        if (tag == CleanTag::a) {
            href = urls_.resolve(attribute(node, "href"));
            if (href.empty() || inline_.in_link()) tag = CleanTag::root;
        }
        if (tag == CleanTag::root) return visit_children(i, ctx, depth);
        inline_.open_element(tag, std::move(href));
        visit_children(i, ctx, depth);
        inline_.close_element();
    }

    void block_element(std::uint32_t i, const Context& ctx, unsigned depth) {
        const DomNode& node = dom_.nodes[i];
        const GumboTag tag = node.tag;
        inline_.end_run();
        Context inner = ctx;
        std::uint32_t made = kNone;
        const bool caption = (facts_.regions[i] & kRegionCaption) != 0 || tag == GUMBO_TAG_FIGCAPTION;
        if (!caption && !ctx.data_table && is_unmarked_figure(i)) {
            // An image with a line of text beside it, without <figure>: the text is its caption.
            made = tree_.add(ctx.block, CleanTag::figure);
            inner = Context{made, CleanTag::figcaption, false, false};
        } else if (caption && !ctx.data_table) {
            std::uint32_t figure = ctx.block;
            if (tree_[figure].tag != CleanTag::figure) figure = tree_.add(ctx.block, CleanTag::figure);
            made = tree_.add(figure, CleanTag::figcaption);
            inner = Context{made, CleanTag::text, true, false};
        } else if (tag == GUMBO_TAG_P || tag == GUMBO_TAG_DT || tag == GUMBO_TAG_DD ||
                   (tag == GUMBO_TAG_LI && tree_[ctx.block].tag != CleanTag::ul && tree_[ctx.block].tag != CleanTag::ol)) {
            made = tree_.add(ctx.block, CleanTag::p);
            inner = Context{made, CleanTag::text, true, false};
        } else if (tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6) {
            made = tree_.add(ctx.block, heading_tag(tag));
            tree_[made].from_h1 = tag == GUMBO_TAG_H1;
            inner = Context{made, CleanTag::text, true, false};
        } else if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL) {
            made = tree_.add(ctx.block, tag == GUMBO_TAG_OL ? CleanTag::ol : CleanTag::ul);
            // A numbered list that continues one before it (<ol start=4>) keeps its numbers.
            if (tag == GUMBO_TAG_OL) tree_[made].text = std::string(list_start(dom_.nodes[i]));
            inner = Context{made, CleanTag::li, false, false};
        } else if (tag == GUMBO_TAG_LI) {
            made = tree_.add(ctx.block, CleanTag::li);
            inner = Context{made, CleanTag::text, false, false};
        } else if (tag == GUMBO_TAG_BLOCKQUOTE) {
            made = tree_.add(ctx.block, CleanTag::blockquote);
            inner = Context{made, CleanTag::p, false, false};
        } else if (tag == GUMBO_TAG_PRE) {
            made = tree_.add(ctx.block, CleanTag::pre);
            inner = Context{made, CleanTag::text, true, false};
            inline_.enter_pre();
        } else if (tag == GUMBO_TAG_FIGURE) {
            made = tree_.add(ctx.block, CleanTag::figure);
            inner = Context{made, CleanTag::figcaption, false, false};
        } else if (tag == GUMBO_TAG_HR) {
            if (tree_[ctx.block].tag == CleanTag::root) tree_.add(ctx.block, CleanTag::hr);
            return;
        } else if (tag == GUMBO_TAG_TABLE && !is_layout_table(i)) {
            made = tree_.add(ctx.block, CleanTag::table);
            inner = Context{made, CleanTag::td, false, true};
        } else if (ctx.data_table && is_table_part(tag)) {
            made = tree_.add(ctx.block, table_part(tag));
            const bool cell = tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH || tag == GUMBO_TAG_CAPTION;
            inner = Context{made, cell ? CleanTag::text : CleanTag::td, false, true};
        }
        visit_children(i, inner, depth);
        inline_.end_run();
        if (tag == GUMBO_TAG_PRE) inline_.leave_pre();
        if (made != kNone && !tree_.has_text(made) && !tree_.has_image(made)) tree_.detach(made);
    }

    // A layout element holding an image (directly, or through a link or <picture>) and at most a
    // caption's worth of other text.
    bool is_unmarked_figure(std::uint32_t i) const {
        const GumboTag tag = dom_.nodes[i].tag;
        if (tag != GUMBO_TAG_DIV && tag != GUMBO_TAG_SPAN && tag != GUMBO_TAG_SECTION && tag != GUMBO_TAG_UNKNOWN)
            return false;
        const TextStats& s = facts_.subtree[i];
        if (s.chars == 0 || s.chars > kMaxCaptionChars || s.prose_blocks > 1) return false;
        for (std::uint32_t c = i + 1; c < dom_.nodes[i].subtree_end; c = dom_.nodes[c].subtree_end) {
            const DomNode& child = dom_.nodes[c];
            if (child.is_text) continue;
            if (child.tag == GUMBO_TAG_IMG) return true;
            if ((child.tag == GUMBO_TAG_A || child.tag == GUMBO_TAG_UNKNOWN) && facts_.subtree[c].chars == 0) {
                for (std::uint32_t g = c + 1; g < child.subtree_end; ++g)
                    if (!dom_.nodes[g].is_text && dom_.nodes[g].tag == GUMBO_TAG_IMG) return true;
            }
        }
        return false;
    }

    static bool is_table_part(GumboTag tag) {
        return tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT || tag == GUMBO_TAG_TR ||
               tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH || tag == GUMBO_TAG_CAPTION;
    }

    static CleanTag table_part(GumboTag tag) {
        switch (tag) {
        case GUMBO_TAG_THEAD: return CleanTag::thead;
        case GUMBO_TAG_TBODY: return CleanTag::tbody;
        case GUMBO_TAG_TFOOT: return CleanTag::tfoot;
        case GUMBO_TAG_TR: return CleanTag::tr;
        case GUMBO_TAG_TH: return CleanTag::th;
        case GUMBO_TAG_CAPTION: return CleanTag::caption;
        default: return CleanTag::td;
        }
    }

    // A table used to lay out the page rather than to present data: it holds other tables or
    // paragraphs of prose.
    bool is_layout_table(std::uint32_t table) const {
        for (std::uint32_t j = table + 1; j < dom_.nodes[table].subtree_end; ++j) {
            const DomNode& n = dom_.nodes[j];
            if (n.is_text) continue;
            if (n.tag == GUMBO_TAG_TABLE) return true;
            if ((n.tag == GUMBO_TAG_P || n.tag == GUMBO_TAG_DIV) && facts_.subtree[j].good_chars > 0) return true;
        }
        return false;
    }

    void image(std::uint32_t i, const Context& ctx) {
        const DomNode& node = dom_.nodes[i];
        if (attribute(node, "width") == "1" || attribute(node, "height") == "1") return;  // tracking pixels
        std::string src;
        for (const char* name : {"data-src", "data-lazy-src", "data-original", "src"}) {
            src = urls_.resolve(attribute(node, name));
            if (!src.empty()) break;
        }
        if (src.empty()) {
            std::string_view srcset = attribute(node, "srcset");
            srcset = srcset.substr(0, srcset.find_first_of(" ,"));
            src = urls_.resolve(srcset);
        }
        if (!src.empty()) inline_.image(std::move(src), std::string(attribute(node, "alt")), target(ctx));
    }

    static InlineWriter::Target target(const Context& ctx) { return {ctx.block, ctx.implicit}; }

    const Dom& dom_;
    const PageFacts& facts_;
    const UrlResolver& urls_;
    CleanTree tree_;
    InlineWriter inline_{tree_};
};

}  // namespace

CleanTree assemble_story(const Dom& dom, const PageFacts& facts, std::uint32_t container, const UrlResolver& urls) {
    if (container == kNoNode || container >= dom.size()) return CleanTree{};
    return Assembler(dom, facts, urls).run(container);
}

}  // namespace gleaner::extract

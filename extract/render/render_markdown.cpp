// Markdown rendering of the story tree (CommonMark with GFM tables).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "extract/render/story_render.h"

namespace gleaner::extract {
namespace {

// Escapes characters that would start Markdown syntax inside running text.
void append_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '|')
            out.push_back('\\');
        out.push_back(c);
    }
}

// A URL inside (...): spaces and parentheses would end it.
void append_url(std::string& out, std::string_view url) {
    for (char c : url) {
        if (c == ' ') out += "%20";
        else if (c == '(') out += "%28";
        else if (c == ')') out += "%29";
        else out.push_back(c);
    }
}

class MarkdownWriter {
public:
    explicit MarkdownWriter(const CleanTree& tree) : tree_(tree) {}

    std::string run(const ReaderHeader& header) {
        write_header(header);
        blocks(tree_.root());
        return std::move(out_);
    }

private:
    void write_header(const ReaderHeader& header) {
        if (!header.title.empty()) {
            start_block();
            out_ += "# ";
            append_escaped(out_, header.title);
        }
        const std::string byline = header.authors == nullptr ? std::string() : byline_text(*header.authors);
        if (byline.empty() && header.date.empty()) return;
        start_block();
        out_ += '*';
        append_escaped(out_, byline);
        if (!byline.empty() && !header.date.empty()) out_ += " · ";
        append_escaped(out_, header.date.substr(0, 10));
        out_ += '*';
    }

    // Starts a block: a blank line after the previous block (one line break inside a tight list),
    // then the prefix of every enclosing quote and list indentation.
    void start_block(bool tight = false) {
        if (!out_.empty()) {
            while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
            out_ += '\n';
            if (!tight) {
                // The blank line between two blocks of the same quote carries the quote's prefix;
                // between a quote and what is outside it, it is empty, so the two stay apart.
                if (prefix_ == last_prefix_) out_ += prefix_;
                while (!out_.empty() && out_.back() == ' ') out_.pop_back();
                out_ += '\n';
            }
        }
        out_ += prefix_;
        last_prefix_ = prefix_;
    }

    void blocks(std::uint32_t parent) {
        for (std::uint32_t child : tree_[parent].children) block(child);
    }

    void block(std::uint32_t i) {
        const CleanNode& node = tree_[i];
        switch (node.tag) {
        case CleanTag::h2: case CleanTag::h3: case CleanTag::h4: case CleanTag::h5: case CleanTag::h6: {
            start_block();
            const int level = 2 + static_cast<int>(node.tag) - static_cast<int>(CleanTag::h2);
            out_.append(static_cast<std::size_t>(level), '#');
            out_ += ' ';
            inline_children(i);
            return;
        }
        case CleanTag::ul: case CleanTag::ol: {
            long number = node.text.empty() ? 1 : std::stol(node.text);
            for (std::uint32_t item : node.children) {
                start_block(item != node.children.front());
                const std::string marker = node.tag == CleanTag::ol ? std::to_string(number++) + ". " : "- ";
                out_ += marker;
                const std::string saved = prefix_;
                prefix_ += std::string(marker.size(), ' ');
                list_item(item);
                prefix_ = saved;
            }
            return;
        }
        case CleanTag::blockquote: {
            const std::string saved = prefix_;
            prefix_ += "> ";
            blocks(i);
            prefix_ = saved;
            return;
        }
        case CleanTag::pre:
            start_block();
            out_ += "```\n";
            pre_text(i);
            if (!out_.empty() && out_.back() != '\n') out_ += '\n';
            out_ += prefix_ + "```";
            return;
        case CleanTag::figure:
            for (std::uint32_t child : node.children) {
                if (tree_[child].tag == CleanTag::figcaption) {
                    start_block();
                    out_ += '*';
                    inline_children(child);
                    out_ += '*';
                } else {
                    block(child);
                }
            }
            return;
        case CleanTag::table:
            return table(i);
        case CleanTag::hr:
            start_block();
            out_ += "---";
            return;
        case CleanTag::img:
            start_block();
            inline_node(i);
            return;
        case CleanTag::root: case CleanTag::li:
            return blocks(i);
        default:
            start_block();
            if (is_clean_block(node.tag)) inline_children(i);
            else inline_node(i);
        }
    }

    void list_item(std::uint32_t item) {
        bool first_block = true;
        for (std::uint32_t child : tree_[item].children) {
            const CleanTag tag = tree_[child].tag;
            if (!is_clean_block(tag)) {
                inline_node(child);
            } else if (tag == CleanTag::p && first_block) {
                inline_children(child);
            } else {
                block(child);
            }
            first_block = false;
        }
    }

    void table(std::uint32_t table) {
        std::vector<std::uint32_t> rows;
        collect_rows(table, rows);
        std::size_t columns = 0;
        for (std::uint32_t row : rows) columns = std::max(columns, tree_[row].children.size());
        if (rows.empty() || columns == 0) return;
        for (std::uint32_t child : tree_[table].children) {
            if (tree_[child].tag != CleanTag::caption) continue;
            start_block();
            out_ += '*';
            inline_children(child);
            out_ += '*';
        }
        start_block();
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (r > 0) out_ += '\n' + prefix_;
            out_ += '|';
            const auto& cells = tree_[rows[r]].children;
            for (std::size_t c = 0; c < columns; ++c) {
                out_ += ' ';
                if (c < cells.size()) inline_children(cells[c]);
                out_ += " |";
            }
            if (r == 0) {
                out_ += '\n' + prefix_ + '|';
                for (std::size_t c = 0; c < columns; ++c) out_ += " --- |";
            }
        }
    }

    void collect_rows(std::uint32_t i, std::vector<std::uint32_t>& rows) const {
        for (std::uint32_t child : tree_[i].children) {
            if (tree_[child].tag == CleanTag::tr) rows.push_back(child);
            else if (tree_[child].tag != CleanTag::caption) collect_rows(child, rows);
        }
    }

    void pre_text(std::uint32_t i) {
        for (std::uint32_t child : tree_[i].children) {
            if (tree_[child].tag == CleanTag::text) out_ += tree_[child].text;
            else if (tree_[child].tag == CleanTag::br) out_ += '\n';
            else pre_text(child);
        }
    }

    void inline_children(std::uint32_t i) {
        for (std::uint32_t child : tree_[i].children) inline_node(child);
    }

    void inline_node(std::uint32_t i) {
        const CleanNode& node = tree_[i];
        switch (node.tag) {
        case CleanTag::text:
            append_escaped(out_, node.text);
            return;
        case CleanTag::br:
            out_ += "  \n" + prefix_;
            return;
        case CleanTag::em: return wrap(i, "*");
        case CleanTag::strong: return wrap(i, "**");
        case CleanTag::code:
            out_ += '`';
            pre_text(i);
            out_ += '`';
            return;
        case CleanTag::a:
            out_ += '[';
            inline_children(i);
            out_ += "](";
            append_url(out_, node.text);
            out_ += ')';
            return;
        case CleanTag::img:
            out_ += "![";
            append_escaped(out_, node.alt);
            out_ += "](";
            append_url(out_, node.text);
            out_ += ')';
            return;
        default:
            inline_children(i);
        }
    }

    void wrap(std::uint32_t i, const char* marker) {
        out_ += marker;
        inline_children(i);
        out_ += marker;
    }

    const CleanTree& tree_;
    std::string out_;
    std::string prefix_;       // "> " per enclosing quote, spaces per enclosing list item
    std::string last_prefix_;  // the prefix of the block written last
};

}  // namespace

std::string byline_text(const std::vector<std::string>& authors) {
    std::string byline;
    for (std::size_t i = 0; i < authors.size(); ++i) {
        byline += i == 0 ? "By " : i + 1 == authors.size() ? " and " : ", ";
        byline += authors[i];
    }
    return byline;
}

std::string render_markdown(const CleanTree& tree, const ReaderHeader& header) {
    std::string markdown = MarkdownWriter(tree).run(header);
    while (!markdown.empty() && (markdown.back() == '\n' || markdown.back() == ' ')) markdown.pop_back();
    return markdown;
}

}  // namespace gleaner::extract

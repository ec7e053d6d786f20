// HTML-fragment rendering of the story tree: structural tags only, escaped text, absolute URLs.
#include <string>
#include <string_view>

#include "extract/render/story_render.h"

namespace gleaner::extract {
namespace {

void append_escaped(std::string& out, std::string_view text, bool attribute) {
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"':
            if (attribute) out += "&quot;";
            else out.push_back(c);
            break;
        default: out.push_back(c);
        }
    }
}

void write(const CleanTree& tree, std::uint32_t i, std::string& out) {
    const CleanNode& node = tree[i];
    switch (node.tag) {
    case CleanTag::text:
        append_escaped(out, node.text, false);
        return;
    case CleanTag::br:
        out += "<br>";
        return;
    case CleanTag::hr:
        out += "<hr>\n";
        return;
    case CleanTag::img:
        out += "<img src=\"";
        append_escaped(out, node.text, true);
        out += "\" alt=\"";
        append_escaped(out, node.alt, true);
        out += "\">";
        return;
    case CleanTag::root:
        for (std::uint32_t child : node.children) write(tree, child, out);
        return;
    default:
        break;
    }
    const char* name = clean_tag_name(node.tag);
    out += '<';
    out += name;
    if (node.tag == CleanTag::a || (node.tag == CleanTag::ol && !node.text.empty())) {
        out += node.tag == CleanTag::a ? " href=\"" : " start=\"";
        append_escaped(out, node.text, true);
        out += '"';
    }
    out += '>';
    const bool container = node.tag == CleanTag::ul || node.tag == CleanTag::ol || node.tag == CleanTag::blockquote ||
                           node.tag == CleanTag::figure || node.tag == CleanTag::table || node.tag == CleanTag::thead ||
                           node.tag == CleanTag::tbody || node.tag == CleanTag::tfoot || node.tag == CleanTag::tr;
    if (container) out += '\n';
    for (std::uint32_t child : node.children) write(tree, child, out);
    out += "</";
    out += name;
    out += '>';
    if (is_clean_block(node.tag)) out += '\n';
}

}  // namespace

std::string render_html(const CleanTree& tree, const ReaderHeader& header) {
    std::string html;
    const std::string byline = header.authors == nullptr ? std::string() : byline_text(*header.authors);
    if (!header.title.empty() || !byline.empty() || !header.date.empty()) {
        html += "<header>\n";
        if (!header.title.empty()) {
            html += "<h1>";
            append_escaped(html, header.title, false);
            html += "</h1>\n";
        }
        if (!byline.empty() || !header.date.empty()) {
            html += "<p>";
            append_escaped(html, byline, false);
            if (!byline.empty() && !header.date.empty()) html += " · ";
            if (!header.date.empty()) {
                html += "<time datetime=\"";
                append_escaped(html, header.date, true);
                html += "\">";
                append_escaped(html, header.date.substr(0, 10), false);
                html += "</time>";
            }
            html += "</p>\n";
        }
        html += "</header>\n";
    }
    write(tree, tree.root(), html);
    while (!html.empty() && html.back() == '\n') html.pop_back();
    return html;
}

}  // namespace gleaner::extract

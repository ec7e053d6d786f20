// A page as libxml2 holds it, for site rules' XPath 1.0 expressions: parsed by libxml2's HTML parser
// (chosen over a libxml2 copy of the Gumbo tree by bench/siterules: see the README's "Site rules"),
// queried, pruned, and written back out as HTML for the extractor.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner::siterules {

class HtmlDocument {
public:
    // Parses UTF-8 HTML leniently (errors recovered, never printed, no network access).
    explicit HtmlDocument(std::string_view utf8_html);
    HtmlDocument(HtmlDocument&&) noexcept;
    HtmlDocument& operator=(HtmlDocument&&) noexcept;
    ~HtmlDocument();

    // The elements and attributes an expression selects (none when it yields a string, number or
    // boolean, or fails).
    std::vector<xmlNode*> select(const std::string& xpath) const;

    // What an expression says as text: a string, number or boolean result as such; for a node set,
    // the text of its first node. Whitespace is collapsed and trimmed; "" when nothing is found.
    std::string text(const std::string& xpath) const;

    // The text of every node an expression selects (or its one string result), empty ones left out.
    std::vector<std::string> texts(const std::string& xpath) const;

    // Removes a node and its subtree. Nodes selected before stay valid unless they were inside it.
    void remove(xmlNode* node);

    // A new <div> standing where the first of `nodes` stood, holding all of them in order (a node
    // inside another of them stays where it is, inside it).
    xmlNode* gather(const std::vector<xmlNode*>& nodes);

    // The whole document written out as HTML (UTF-8).
    std::string html() const;
    // What `node` holds (its children) written out as HTML.
    std::string inner_html(const xmlNode* node) const;
    // Parses `html` (a fragment) and appends what it holds to `parent`'s children.
    void append_html(xmlNode* parent, std::string_view html);

    xmlDoc* doc() const { return doc_.get(); }

private:
    struct DocFree {
        void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
    };
    std::unique_ptr<xmlDoc, DocFree> doc_;
};

// A node's text content with whitespace collapsed and trimmed (an attribute's: its value).
std::string node_text(const xmlNode* node);

}  // namespace gleaner::siterules

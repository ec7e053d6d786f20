// Renderers of the clean story tree: plain text, Markdown and an HTML fragment. Each is one walk over
// the tree; the extractor runs all three once per page and stores the results in the Article.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/content/clean_tree.h"

namespace gleaner::extract {

// What a reader view shows above the story: the headline, the byline and the date. Empty fields are
// left out; an empty header writes nothing.
struct ReaderHeader {
    std::string_view title;
    const std::vector<std::string>* authors = nullptr;
    std::string_view date;  // ISO 8601; the day is shown
};

// Paragraphs, headings, quotes and table rows separated by exactly one blank line; list items on
// lines of their own ("- item"); line breaks inside a paragraph kept. Images and figure captions are
// left out: the text is the story's prose (the html and markdown keep figures).
std::string render_text(const CleanTree& tree);

// CommonMark/GFM: the header ("# title", "By A and B · 2024-05-01"), then ## headings, - and 1.
// lists (numbered from the list's own start), > quotes, *emphasis*, **strong**, `code`, fenced code
// blocks, [links](url), ![alt](src) images with their captions, pipe tables.
std::string render_markdown(const CleanTree& tree, const ReaderHeader& header);

// A self-contained fragment of structural tags only, no attributes but href, src, alt, an <ol>'s
// start and a <time>'s datetime; the header as <header><h1>title</h1><p>byline · <time></p></header>.
std::string render_html(const CleanTree& tree, const ReaderHeader& header);

// "By A, B and C" (the byline as a reader view writes it); "" without authors.
std::string byline_text(const std::vector<std::string>& authors);

}  // namespace gleaner::extract

// Renderers of the clean story tree: plain text, Markdown and an HTML fragment. Each is one walk over
// the tree; the extractor runs all three once per page and stores the results in the Article.
#pragma once

#include <string>

#include "extract/content/clean_tree.h"

namespace gleaner::extract {

// Paragraphs, headings, quotes and table rows separated by exactly one blank line; list items on
// lines of their own ("- item"); line breaks inside a paragraph kept. Images and figure captions are
// left out: the text is the story's prose (the html and markdown keep figures).
std::string render_text(const CleanTree& tree);

// CommonMark/GFM: # headings, - and 1. lists, > quotes, *emphasis*, **strong**, `code`, fenced
// code blocks, [links](url), ![alt](src) images with their captions, pipe tables.
std::string render_markdown(const CleanTree& tree);

// A self-contained fragment of structural tags only, no attributes but href, src and alt.
std::string render_html(const CleanTree& tree);

}  // namespace gleaner::extract

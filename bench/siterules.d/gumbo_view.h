// The alternative bench/siterules measures against libxml2's own HTML parser: a libxml2 copy of the
// tree Gumbo built (HTML5-exact), for XPath.
#pragma once

#include <gumbo.h>
#include <libxml/tree.h>

namespace gleaner::bench {

// A new libxml2 document holding a copy of `output`'s tree (elements, attributes, text, comments);
// the caller frees it with xmlFreeDoc.
xmlDoc* libxml2_copy(const GumboOutput& output);

}  // namespace gleaner::bench

// A page that is an empty shell until its script fetches a story (JSON) and writes it in: the
// rendering tests' page, which plain extraction finds empty and a browser finds whole.
#pragma once

#include <string>

namespace gleaner::test {

// The shell; its script fetches the story from `json_path` on the same server.
inline std::string script_story_page(const std::string& json_path) {
    return R"(<!DOCTYPE html><html><head><meta charset="utf-8"><title>Harbour story</title></head>
<body><nav><a href="/">Home</a></nav><main id="root"></main>
<script>
fetch(')" + json_path + R"(').then(r => r.json()).then(story => {
  const article = document.createElement('article');
  article.innerHTML = '<h1>' + story.title + '</h1>' + story.paragraphs.map(p => '<p>' + p + '</p>').join('');
  document.getElementById('root').appendChild(article);
});
</script></body></html>)";
}

// The story the shell's script fetches: a title and six paragraphs.
inline std::string script_story_json() {
    std::string paragraphs;
    for (int i = 0; i < 6; ++i) {
        if (i) paragraphs += ",";
        paragraphs += "\"Paragraph " + std::to_string(i + 1) +
                      " of the harbour story: the council met the fishermen on the quay and agreed to repair the "
                      "breakwater before the winter storms, after a long evening of questions from residents.\"";
    }
    return "{\"title\":\"Harbour story\",\"paragraphs\":[" + paragraphs + "]}";
}

}  // namespace gleaner::test

// The manual page and the bash completion script, generated from the CLI11 command tree (see
// command_docs.cpp).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace gleaner::cli {

std::string manual_page(const CLI::App& app);      // roff, for man(1)
std::string bash_completion(const CLI::App& app);  // a bash script defining _gleaner

// The hidden `manpage` and `completion bash` commands that print them (the build runs these).
void add_doc_commands(CLI::App& app);

}  // namespace gleaner::cli

// Prints the configuration reference generated from the schema, for pasting into README.md between
// `<!-- config-reference:begin -->` and `<!-- config-reference:end -->`.
#include <iostream>

#include "config/config_reference.h"

int main() {
    std::cout << gleaner::config::config_reference_markdown();
    return 0;
}

// Formats a Diagnostic the way compilers do, so terminals and editors recognise the position.
#include "config/diagnostic.h"

namespace gleaner::config {

std::string Diagnostic::to_string() const {
    std::string text = file.string();
    if (line > 0) {
        text += ':' + std::to_string(line) + ':' + std::to_string(column);
    }
    text += ": ";
    if (!key_path.empty()) {
        text += key_path + ": ";
    }
    return text + message;
}

}  // namespace gleaner::config

#include "siterules/quiet_libxml.h"

#include <libxml/globals.h>

#include <cstdarg>
#include <cstdio>

namespace gleaner::siterules {

QuietLibxml::QuietLibxml()
    : generic_(xmlGenericError),
      generic_context_(xmlGenericErrorContext),
      structured_(xmlStructuredError),
      structured_context_(xmlStructuredErrorContext) {
    xmlSetGenericErrorFunc(this, on_generic);
    xmlSetStructuredErrorFunc(this, on_structured);
}

QuietLibxml::~QuietLibxml() {
    xmlSetGenericErrorFunc(generic_context_, generic_);
    xmlSetStructuredErrorFunc(structured_context_, structured_);
}

void QuietLibxml::on_structured(void* self, xmlErrorPtr error) {
    auto& first = static_cast<QuietLibxml*>(self)->first_error_;
    if (!first.empty() || error == nullptr || error->message == nullptr) return;
    first = error->message;
    while (!first.empty() && (first.back() == '\n' || first.back() == ' ')) first.pop_back();
    // XPath errors carry the offset in the expression where parsing stopped.
    if (error->domain == XML_FROM_XPATH && error->str1 != nullptr)
        first += " (at character " + std::to_string(error->int1 + 1) + ")";
}

void QuietLibxml::on_generic(void* self, const char* format, ...) {
    auto& first = static_cast<QuietLibxml*>(self)->first_error_;
    if (!first.empty()) return;
    char buffer[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    first = buffer;
    while (!first.empty() && (first.back() == '\n' || first.back() == ' ')) first.pop_back();
}

}  // namespace gleaner::siterules

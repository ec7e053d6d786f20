// Keeps libxml2 from printing to stderr while XPath runs, and catches what it would have said: XPath
// errors go to libxml2's structured (or, for some evaluation errors, generic) error handler, per-thread
// globals, not to anything the caller passes in. Restores the previous handlers when it goes out of scope.
#pragma once

#include <libxml/xmlerror.h>

#include <string>

namespace gleaner::siterules {

class QuietLibxml {
public:
    QuietLibxml();
    ~QuietLibxml();
    QuietLibxml(const QuietLibxml&) = delete;
    QuietLibxml& operator=(const QuietLibxml&) = delete;

    // The first error reported since construction ("" when none), e.g. "Invalid predicate (at
    // character 7)".
    const std::string& first_error() const { return first_error_; }

private:
    static void on_structured(void* self, xmlErrorPtr error);
    static void on_generic(void* self, const char* format, ...);

    xmlGenericErrorFunc generic_;
    void* generic_context_;
    xmlStructuredErrorFunc structured_;
    void* structured_context_;
    std::string first_error_;
};

}  // namespace gleaner::siterules

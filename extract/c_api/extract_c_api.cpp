// The C interface of include/gleaner/extract.h over gleaner::extract::extract(): options read within
// the caller's struct_size, the article held as its JSON text, every exception turned into an error
// string (nothing C++ may cross into a C caller).
#include "gleaner/extract.h"

#include <cstddef>
#include <exception>
#include <new>
#include <string>

#include "extract/extractor.h"

struct gleaner_extract_result {
    std::string json;
    std::string error;
    bool failed = false;
};

namespace {

namespace ex = gleaner::extract;

// True when `field` lies inside the part of the caller's options its header version declared.
#define OPTION_GIVEN(opts, field) \
    ((opts)->struct_size >= offsetof(gleaner_extract_options, field) + sizeof((opts)->field))

ex::ExtractOptions read_options(const gleaner_extract_options* opts, unsigned& formats) {
    ex::ExtractOptions options;
    formats = GLEANER_EXTRACT_ALL_FORMATS;
    if (opts == nullptr) return options;
    if (opts->struct_size < sizeof(std::size_t))
        throw ex::ExtractError("options.struct_size is " + std::to_string(opts->struct_size) +
                               ": set it to sizeof(gleaner_extract_options) (GLEANER_EXTRACT_OPTIONS_INIT)");
    if (OPTION_GIVEN(opts, url) && opts->url != nullptr) options.url = opts->url;
    if (OPTION_GIVEN(opts, charset) && opts->charset != nullptr && *opts->charset != '\0')
        options.content_type = std::string("text/html; charset=") + opts->charset;
    if (OPTION_GIVEN(opts, formats) && opts->formats != 0) {
        if ((opts->formats & ~GLEANER_EXTRACT_ALL_FORMATS) != 0)
            throw ex::ExtractError("options.formats holds unknown bits " + std::to_string(opts->formats));
        formats = opts->formats;
    }
    if (OPTION_GIVEN(opts, max_input_bytes) && opts->max_input_bytes != 0)
        options.max_input_bytes = opts->max_input_bytes;
    options.want_markdown = (formats & GLEANER_EXTRACT_MARKDOWN) != 0;
    options.want_html = (formats & GLEANER_EXTRACT_HTML) != 0;
    return options;
}

}  // namespace

extern "C" {

gleaner_extract_result* gleaner_extract(const char* html, size_t len, const gleaner_extract_options* opts) {
    auto* result = new (std::nothrow) gleaner_extract_result;
    if (result == nullptr) return nullptr;
    try {
        if (html == nullptr && len != 0) throw ex::ExtractError("html is NULL but len is " + std::to_string(len));
        unsigned formats = 0;
        const ex::ExtractOptions options = read_options(opts, formats);
        ex::Article article = ex::extract(std::string_view(html == nullptr ? "" : html, len), options);
        if ((formats & GLEANER_EXTRACT_TEXT) == 0) article.text.clear();
        result->json = ex::render(article, ex::Format::json);
    } catch (const std::exception& e) {
        result->failed = true;
        try {
            result->error = e.what();
        } catch (...) {
            // Out of memory for the message: the error string stays empty but the failure is reported.
        }
    } catch (...) {
        result->failed = true;
    }
    return result;
}

const char* gleaner_extract_json(const gleaner_extract_result* r) {
    return r == nullptr || r->failed ? nullptr : r->json.c_str();
}

const char* gleaner_extract_error(const gleaner_extract_result* r) {
    if (r == nullptr) return "no result (out of memory)";
    if (!r->failed) return nullptr;
    return r->error.empty() ? "extraction failed" : r->error.c_str();
}

void gleaner_extract_free(gleaner_extract_result* r) { delete r; }

const char* gleaner_extract_version(void) {
    static const std::string version(ex::kExtractorVersion);
    return version.c_str();
}

}  // extern "C"

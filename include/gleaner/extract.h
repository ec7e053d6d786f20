/*
 * gleaner/extract.h — Gleaner's article extractor as a C library (libgleaner-extract).
 *
 * Page bytes in (any charset), the article out: title, authors, dates, language, page type, the story
 * as text, Markdown and a clean HTML fragment, all as one UTF-8 JSON object documented by the JSON
 * Schema installed beside this header's package (share/gleaner/article.schema.json).
 *
 *     gleaner_extract_options opts = GLEANER_EXTRACT_OPTIONS_INIT;
 *     opts.url = "https://example.org/news/story";
 *     gleaner_extract_result *r = gleaner_extract(html, html_len, &opts);
 *     if (gleaner_extract_error(r) == NULL) puts(gleaner_extract_json(r));
 *     gleaner_extract_free(r);
 *
 * With CMake: find_package(Gleaner) then target_link_libraries(app PRIVATE Gleaner::extract).
 *
 * Compatibility: the options struct starts with `struct_size`, which the caller sets to the size it was
 * compiled with (GLEANER_EXTRACT_OPTIONS_INIT does). The struct only grows at the end; the library reads
 * a field only if it lies inside `struct_size`, so a program built against an older header keeps
 * working with a newer library. The result is opaque. Functions are thread-safe; a result may be read
 * from any thread until it is freed. No C++ exception crosses this interface.
 */
#ifndef GLEANER_EXTRACT_H
#define GLEANER_EXTRACT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GLEANER_EXTRACT_API_VERSION 1

/* Renderings of the story; the JSON's "text", "markdown" and "html" hold those asked for, "" the others. */
#define GLEANER_EXTRACT_TEXT 1u
#define GLEANER_EXTRACT_MARKDOWN 2u
#define GLEANER_EXTRACT_HTML 4u
#define GLEANER_EXTRACT_ALL_FORMATS (GLEANER_EXTRACT_TEXT | GLEANER_EXTRACT_MARKDOWN | GLEANER_EXTRACT_HTML)

typedef struct gleaner_extract_options {
    size_t struct_size;          /* sizeof(gleaner_extract_options) as the caller was compiled */
    const char *url;             /* the page's URL (absolute links, dates in paths), or NULL */
    const char *charset;         /* the charset the server declared (e.g. "iso-8859-1"), or NULL */
    unsigned formats;            /* GLEANER_EXTRACT_* bits; 0 means all */
    size_t max_input_bytes;      /* larger pages are refused; 0 means the default (32 MiB) */
} gleaner_extract_options;

#define GLEANER_EXTRACT_OPTIONS_INIT {sizeof(gleaner_extract_options), NULL, NULL, 0u, 0u}

typedef struct gleaner_extract_result gleaner_extract_result;

/* Extracts the article from `len` bytes of HTML. `opts` may be NULL (defaults). Returns NULL only when
 * memory runs out; otherwise a result to release with gleaner_extract_free, which either holds the
 * article or says why there is none (gleaner_extract_error). A page without a story is not an error:
 * its JSON has an empty "text" and a "page_type" saying what the page is. */
gleaner_extract_result *gleaner_extract(const char *html, size_t len, const gleaner_extract_options *opts);

/* The article as one JSON object (UTF-8, NUL-terminated), or NULL when gleaner_extract failed.
 * Owned by the result. */
const char *gleaner_extract_json(const gleaner_extract_result *r);

/* Why gleaner_extract failed (e.g. the page is over max_input_bytes, or the options are malformed),
 * or NULL when it succeeded. Owned by the result. */
const char *gleaner_extract_error(const gleaner_extract_result *r);

/* Releases a result and everything it owns. NULL is accepted. */
void gleaner_extract_free(gleaner_extract_result *r);

/* The extractor's version ("1.1.0"), also the JSON's "extractor_version". */
const char *gleaner_extract_version(void);

#ifdef __cplusplus
}
#endif

#endif /* GLEANER_EXTRACT_H */

/*
 * gleaner/plugin.h — the stable C ABI between the Gleaner daemon and its plugins.
 *
 * A plugin is a shared object that exports one symbol, `gleaner_plugin_entry`, returning a pointer to a
 * static `gleaner_plugin_descriptor`. The daemon checks the descriptor's size and ABI version before it
 * touches anything else, then calls `create` once per configured instance, `consume` for each article,
 * `flush` at the end of each batch, and `destroy` at shutdown.
 *
 * Compatibility rules (what lets a plugin built today load into every later 1.x daemon):
 *   - Every struct that crosses the boundary starts with `struct_size`, filled by whoever allocates it.
 *   - Structs only grow at the end. A reader uses a field only if it lies inside `struct_size`
 *     (GLEANER_HAS_FIELD below), so old plugins and new daemons (and the reverse) read what both know.
 *     Arrays of gleaner_config_key are read with the stride the descriptor gives in `config_key_size`.
 *   - A different ABI major version is refused by the loader; a different minor version is accepted.
 *   - Only plain C types cross: strings are (pointer, length) views in UTF-8, times are integers
 *     (milliseconds since the Unix epoch, 0 when unknown), and no C++ exception may leave a callback.
 *
 * Delivery contract: `consume` hands one article to the plugin, which may buffer it. The daemon calls
 * `flush` after a batch; only when `flush` returns GLEANER_OK are the batch's accepted articles
 * acknowledged and forgotten by the spool. A plugin that writes synchronously just returns OK from both.
 * GLEANER_RETRY asks the daemon to offer the article (or batch) again later with exponential backoff;
 * GLEANER_FAIL sends the article to the dead-letter file with the reason given through `report_error`.
 * Callbacks of one instance are never called concurrently; different instances run on their own threads.
 */
#ifndef GLEANER_PLUGIN_H
#define GLEANER_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GLEANER_ABI_MAJOR 1
#define GLEANER_ABI_MINOR 3

#if defined(_WIN32)
#define GLEANER_PLUGIN_EXPORT __declspec(dllexport)
#else
#define GLEANER_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* True when `field` lies inside the part of `*ptr` its writer filled in (ptr->struct_size bytes). */
#define GLEANER_HAS_FIELD(ptr, type, field) \
    ((ptr) != NULL && (size_t)(ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* A read-only UTF-8 string view; `data` is also NUL-terminated for convenience, `len` excludes the NUL.
 * Empty strings have len 0 and a non-NULL data pointing at "". Valid only during the callback. */
typedef struct gleaner_str {
    const char* data;
    size_t len;
} gleaner_str;

typedef enum gleaner_status {
    GLEANER_OK = 0,    /* accepted (consume) or durably written (flush) */
    GLEANER_RETRY = 1, /* temporary failure: offer it again later */
    GLEANER_FAIL = 2   /* permanent failure: dead-letter it with the reported reason */
} gleaner_status;

typedef enum gleaner_log_level {
    GLEANER_LOG_DEBUG = 1,
    GLEANER_LOG_INFO = 2,
    GLEANER_LOG_WARN = 3,
    GLEANER_LOG_ERROR = 4
} gleaner_log_level;

/* How an article was obtained: enough to answer "why did we store this?" for any row. */
typedef struct gleaner_provenance {
    uint32_t struct_size;
    gleaner_str requested_url;     /* the URL the source asked for */
    gleaner_str final_url;         /* after redirects */
    uint32_t redirect_count;
    int32_t http_status;           /* 0 for file:// */
    gleaner_str etag;
    gleaner_str last_modified;
    gleaner_str charset;           /* the charset the page was decoded from */
    gleaner_str charset_source;    /* bom | http | meta | xml | detected | default */
    gleaner_str robots;            /* allowed | not-checked | no-robots-txt ... */
    gleaner_str extractor_version;
    gleaner_str fingerprint;       /* content fingerprint (hex) used for deduplication */
    int64_t fetched_at_ms;
} gleaner_provenance;

/* One extracted article. All views point into one immutable record shared by every plugin. */
typedef struct gleaner_article {
    uint32_t struct_size;
    gleaner_str id;                /* stable identifier: hex digest of the canonical URL */
    gleaner_str source;            /* name of the configured source that produced it */
    gleaner_str url;               /* final URL fetched */
    gleaner_str canonical_url;     /* the deduplication key */
    gleaner_str title;
    const gleaner_str* authors;
    size_t author_count;
    gleaner_str published;         /* ISO 8601, empty when unknown */
    gleaner_str modified;          /* ISO 8601, empty when unknown */
    int64_t published_at_ms;       /* 0 when unknown */
    gleaner_str language;          /* BCP 47 tag, e.g. "en" or "en-US" */
    gleaner_str site_name;
    gleaner_str description;
    gleaner_str image;
    gleaner_str section;
    const gleaner_str* tags;
    size_t tag_count;
    gleaner_str text;              /* plain text: paragraphs separated by a blank line */
    gleaner_str html;              /* clean self-contained HTML fragment */
    uint32_t word_count;
    int32_t partial;               /* 1 when only a teaser was available (paywall...) */
    gleaner_str json;              /* the whole article, metadata and provenance, as one JSON object */
    const gleaner_provenance* provenance;
    /* ABI 1.1 */
    gleaner_str matched_terms;     /* filter terms that matched, comma separated (empty without rules) */
    /* ABI 1.3 */
    gleaner_str cluster_id;        /* the story cluster: `id` of its first-stored article (its own for that one) */
    gleaner_str duplicate_of;      /* canonical URL of the cluster's first-stored article; empty for that one */
} gleaner_article;

/* Types a plugin's configuration key may have. The daemon checks every value against its key before
 * the plugin runs (in `gleaner check-config`, at start-up and on reload), fills in the defaults and
 * hands the result over already typed: a plugin never parses or re-checks its settings. */
typedef enum gleaner_config_type {
    GLEANER_CONFIG_STRING = 1,
    GLEANER_CONFIG_INT = 2,
    GLEANER_CONFIG_BOOL = 3,
    GLEANER_CONFIG_DURATION = 4,   /* "250ms", "30s", "5m", "1h"; handed to the plugin in milliseconds */
    GLEANER_CONFIG_PATH = 5,       /* resolved against the config file's folder before the plugin sees it */
    GLEANER_CONFIG_STRING_LIST = 6,
    GLEANER_CONFIG_STRING_MAP = 7, /* a mapping of strings to strings, e.g. HTTP headers */
    GLEANER_CONFIG_FLOAT = 8,
    GLEANER_CONFIG_ANY = 9,        /* any YAML value, unchecked; prefer a typed key */
    /* ABI 1.2 */
    GLEANER_CONFIG_SIZE = 10,      /* "512KiB", "16MiB", "1GB" or a number of bytes; handed over in bytes */
    GLEANER_CONFIG_URL = 11,       /* checked with libcurl's URL parser; `choices` lists the schemes allowed */
    GLEANER_CONFIG_REGEX = 12,     /* an RE2 pattern, checked by compiling it */
    GLEANER_CONFIG_TEMPLATE = 13,  /* text with {{placeholder}}s (see <gleaner/template.hpp>); `choices`
                                      lists the placeholders the plugin fills */
    GLEANER_CONFIG_ENUM = 14,      /* one of `choices` */
    GLEANER_CONFIG_LIST = 15,      /* a list of `item_type` values (mappings with `keys` for OBJECT) */
    GLEANER_CONFIG_MAP = 16,       /* a mapping of names to `item_type` values */
    GLEANER_CONFIG_OBJECT = 17     /* a mapping with its own `keys` */
} gleaner_config_type;

/* Flags of a key (ABI 1.2). */
#define GLEANER_KEY_PARENT_MUST_EXIST 0x1u /* PATH: the folder that holds it must exist */
#define GLEANER_KEY_MUST_EXIST 0x2u        /* PATH: the file or folder itself must exist */
#define GLEANER_KEY_MIN 0x4u               /* `min` applies (see below) */
#define GLEANER_KEY_MAX 0x8u               /* `max` applies */
#define GLEANER_KEY_UNIQUE 0x10u           /* a key of LIST items: no two items have the same value here */

/* One key of a plugin's `config:` mapping, declared once: type, default, description (and, from ABI
 * 1.2, its constraints). The daemon reads an array of them with the stride the descriptor gives in
 * `config_key_size`, so fields are only ever added at the end. */
typedef struct gleaner_config_key {
    const char* name;
    gleaner_config_type type;
    const char* default_value;     /* as YAML text; NULL when there is no default */
    int required;                  /* non-zero: the key must be present */
    const char* description;
    /* ABI 1.2 */
    uint32_t flags;                /* GLEANER_KEY_* */
    gleaner_config_type item_type; /* LIST and MAP: the type of each item */
    const char* const* choices;    /* NULL-terminated: ENUM values, TEMPLATE placeholders, URL schemes */
    const struct gleaner_config_key* keys; /* OBJECT, or LIST/MAP of OBJECT: the keys of each mapping */
    size_t key_count;
    int64_t min;                   /* with GLEANER_KEY_MIN: least INT, SIZE (bytes), DURATION (ms) value, */
    int64_t max;                   /* or least length of a STRING or LIST; GLEANER_KEY_MAX: the most */
    const char* exclusive_group;   /* keys of one mapping naming the same group: exactly one is given */
} gleaner_config_key;

/* A plugin's settings as the daemon hands them over (ABI 1.2): checked, defaults filled, paths
 * absolute, durations in milliseconds, sizes in bytes. The tree lives as long as the instance. */
typedef enum gleaner_value_kind {
    GLEANER_VALUE_NULL = 0,
    GLEANER_VALUE_BOOL = 1,        /* `integer` is 0 or 1 */
    GLEANER_VALUE_INT = 2,         /* `integer` (INT, SIZE, DURATION keys) */
    GLEANER_VALUE_FLOAT = 3,       /* `number` */
    GLEANER_VALUE_STRING = 4,      /* `string` */
    GLEANER_VALUE_LIST = 5,        /* `items[0..count)` */
    GLEANER_VALUE_MAP = 6          /* `names[i]` maps to `items[i]`, i in [0, count) */
} gleaner_value_kind;

typedef struct gleaner_value {
    uint32_t struct_size;
    gleaner_value_kind kind;
    int64_t integer;
    double number;
    gleaner_str string;
    const struct gleaner_value* const* items;
    const gleaner_str* names;
    size_t count;
} gleaner_value;

/* How a plugin's optional `check` callback reports a problem with its settings: `key` is the dotted
 * path below `config:` ("headers.X-Custom", "rules[2].name"), `message` says what is wrong. */
typedef void (*gleaner_report_fn)(void* context, const char* key, const char* message);

/* Opaque handle the daemon gives each plugin instance; pass it back to every host function. */
typedef struct gleaner_host gleaner_host;

typedef struct gleaner_host_api {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;
    /* Write a line to the daemon's log, tagged with the plugin instance's name. */
    void (*log)(gleaner_host* host, gleaner_log_level level, const char* message);
    /* Report why the current call failed; the daemon logs it and keeps it with a dead-lettered article. */
    void (*report_error)(gleaner_host* host, const char* message);
    /* Add to a counter exported in the daemon's metrics as
     * gleaner_plugin_events_total{plugin="<instance>",name="<name>"}. */
    void (*count)(gleaner_host* host, const char* name, uint64_t delta);
    /* The instance's `config:` mapping as a JSON object, defaults filled in, paths resolved, durations
     * in milliseconds. Valid for the instance's lifetime. */
    const char* (*config_json)(gleaner_host* host);
    /* The instance's name from the configuration. */
    const char* (*instance_name)(gleaner_host* host);
    /* A folder the instance may keep files in (created by the daemon, kept across restarts). */
    const char* (*data_dir)(gleaner_host* host);
    /* ABI 1.2: the instance's settings as a typed tree (a MAP), the same values as config_json. */
    const gleaner_value* (*settings)(gleaner_host* host);
} gleaner_host_api;

typedef struct gleaner_plugin_descriptor {
    uint32_t struct_size;          /* sizeof(gleaner_plugin_descriptor) as the plugin was compiled */
    uint16_t abi_major;            /* GLEANER_ABI_MAJOR as the plugin was compiled */
    uint16_t abi_minor;            /* GLEANER_ABI_MINOR as the plugin was compiled */
    const char* name;              /* the plugin type, e.g. "sqlite" */
    const char* version;
    const char* description;
    const gleaner_config_key* config_keys;
    size_t config_key_count;
    /* Create an instance. Return NULL (after report_error) when the configuration cannot be used. */
    void* (*create)(gleaner_host* host, const gleaner_host_api* api);
    gleaner_status (*consume)(void* instance, const gleaner_article* article);
    gleaner_status (*flush)(void* instance);
    void (*destroy)(void* instance);
    /* ABI 1.2 */
    size_t config_key_size;        /* sizeof(gleaner_config_key) as the plugin was compiled */
    /* Optional: checks what key types cannot say (a header name, an address) without creating an
     * instance, in `check-config`, at start-up and on reload; calls `report` once per problem. */
    void (*check)(const gleaner_value* settings, gleaner_report_fn report, void* context);
} gleaner_plugin_descriptor;

/* The one symbol every plugin exports. */
#define GLEANER_PLUGIN_ENTRY_SYMBOL "gleaner_plugin_entry"
typedef const gleaner_plugin_descriptor* (*gleaner_plugin_entry_fn)(void);
GLEANER_PLUGIN_EXPORT const gleaner_plugin_descriptor* gleaner_plugin_entry(void);

#ifdef __cplusplus
}
#endif

#endif /* GLEANER_PLUGIN_H */

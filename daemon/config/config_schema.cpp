// Every key of the configuration file, once: path, type, default, description and the field it fills.
// Validation, defaults, check-config's messages and the README's reference all come from these rows.
// Defaults are written as they would be in the file; config.h's initializers must agree with them
// (tests/config pins that).
#include "config/schema.h"

namespace gleaner::config::schema {

const Table& config_table() {
    static const Table table{
        "Daemon",
        "Top-level keys of the configuration file. Relative paths are resolved against the folder of "
        "the configuration file; `${VAR}` and `${VAR:-default}` in any value are replaced from the "
        "environment (`$$` is a literal `$`).",
        {
            {"state_dir", kPath, defaults_to("var/state"),
             "Folder for the daemon's state: seen URLs, the delivery spool, plugin data.",
             field<&Config::state_dir>},
            {"plugin_dir", kPath, kNoDefault,
             "Extra folder searched for plugin types that are not built in.", field<&Config::plugin_dir>},
            {"control_socket", kPath, kNoDefault,
             "Unix socket `gleaner ctl` talks to; unset: `<state_dir>/control.sock`.",
             field<&Config::control_socket>},
            {"shutdown_timeout", kDuration.positive(), defaults_to("30s"),
             "How long a stop waits for transfers and plugin flushes to finish.",
             field<&Config::shutdown_timeout>},

            {"log.level", one_of({"trace", "debug", "info", "warn", "error"}), defaults_to("info"),
             "Least severe message written to the log.", field<&Config::log, &LogConfig::level>},
            {"log.format", one_of({"text", "json"}), defaults_to("text"),
             "Line format (under systemd the journal is used automatically).",
             field<&Config::log, &LogConfig::format>},

            {"fetch.user_agent", kString, defaults_to("\"Gleaner/0.1 (+https://github.com/gleaner)\""),
             "User-Agent header of every request.", field<&Config::fetch, &FetchConfig::user_agent>},
            {"fetch.concurrency", kInt.positive(), defaults_to("32"),
             "Transfers in flight at once, all hosts together.",
             field<&Config::fetch, &FetchConfig::concurrency>},
            {"fetch.per_host_concurrency", kInt.positive(), defaults_to("2"),
             "Transfers in flight at once to one host.",
             field<&Config::fetch, &FetchConfig::per_host_concurrency>},
            {"fetch.per_host_delay", kDuration, defaults_to("0ms"),
             "Least time between the starts of two requests to one host.",
             field<&Config::fetch, &FetchConfig::per_host_delay>},
            {"fetch.timeout", kDuration.positive(), defaults_to("30s"), "Total time allowed for one transfer.",
             field<&Config::fetch, &FetchConfig::timeout>},
            {"fetch.connect_timeout", kDuration.positive(), defaults_to("10s"),
             "Time allowed to connect (DNS, TCP, TLS).", field<&Config::fetch, &FetchConfig::connect_timeout>},
            {"fetch.low_speed_limit", kInt.non_negative(), defaults_to("100"),
             "Bytes per second below which a transfer counts as stalled; 0 disables the check.",
             field<&Config::fetch, &FetchConfig::low_speed_limit>},
            {"fetch.low_speed_time", kDuration.positive(), defaults_to("20s"),
             "How long a transfer may stay below `low_speed_limit` before it is aborted.",
             field<&Config::fetch, &FetchConfig::low_speed_time>},
            {"fetch.max_body_bytes", kSize.positive(), defaults_to("16MiB"),
             "Largest response body accepted; larger ones are aborted.",
             field<&Config::fetch, &FetchConfig::max_body_bytes>},
            {"fetch.max_bytes_in_flight", kSize.positive(), defaults_to("256MiB"),
             "Response bodies held at once, being received or waiting to be extracted; above it transfers "
             "pause and none starts.",
             field<&Config::fetch, &FetchConfig::max_bytes_in_flight>},
            {"fetch.max_redirects", kInt.non_negative(), defaults_to("5"), "Redirects followed per request.",
             field<&Config::fetch, &FetchConfig::max_redirects>},
            {"fetch.respect_robots", kBool, defaults_to("true"), "Obey robots.txt.",
             field<&Config::fetch, &FetchConfig::respect_robots>},
            {"fetch.allow_private_networks", kBool, defaults_to("false"),
             "Allow requests to loopback, private and link-local addresses.",
             field<&Config::fetch, &FetchConfig::allow_private_networks>},
            {"fetch.verify_tls", kBool, defaults_to("true"), "Check TLS certificates.",
             field<&Config::fetch, &FetchConfig::verify_tls>},
            {"fetch.proxy", kString, kNoDefault,
             "Proxy URL for every request; unset: curl's environment variables (`https_proxy`, ...).",
             field<&Config::fetch, &FetchConfig::proxy>},
            {"fetch.headers", kStringMap, kNoDefault, "Headers sent with every request.",
             field<&Config::fetch, &FetchConfig::headers>},
            {"fetch.retry.max_attempts", kInt.positive(), defaults_to("4"),
             "Tries per URL, the first included, before a temporary failure is given up.",
             field<&Config::fetch, &FetchConfig::retry, &RetryConfig::max_attempts>},
            {"fetch.retry.base_delay", kDuration.positive(), defaults_to("2s"),
             "Wait before the first retry; doubled for each further one.",
             field<&Config::fetch, &FetchConfig::retry, &RetryConfig::base_delay>},
            {"fetch.retry.max_delay", kDuration.positive(), defaults_to("10m"), "Longest wait between retries.",
             field<&Config::fetch, &FetchConfig::retry, &RetryConfig::max_delay>},
            {"fetch.warc.dir", kPath, kNoDefault,
             "Folder receiving every HTTP exchange as WARC/1.1 (`gleaner-<UTC time>-<serial>.warc.gz`, one gzip "
             "member per record; `.open` while being written); unset: no archive.",
             field<&Config::fetch, &FetchConfig::warc, &WarcConfig::dir>},
            {"fetch.warc.max_size", kSize.positive(), defaults_to("1GiB"),
             "A WARC file is synced, closed and a new one begun once it would grow past this size.",
             field<&Config::fetch, &FetchConfig::warc, &WarcConfig::max_size>},
            {"fetch.render.browser", kString, defaults_to("chromium-headless-shell"),
             "Headless browser for sources with `render: auto` or `always` (a path, or a name looked up in "
             "PATH); started once, when the first page needs it, and again if it dies.",
             field<&Config::fetch, &FetchConfig::render, &RenderConfig::browser>},
            {"fetch.render.concurrency", kInt.positive(), defaults_to("2"), "Pages rendered at once (browser tabs).",
             field<&Config::fetch, &FetchConfig::render, &RenderConfig::concurrency>},
            {"fetch.render.timeout", kDuration.positive(), defaults_to("20s"),
             "Longest a page may take to render; past it the page as fetched is used.",
             field<&Config::fetch, &FetchConfig::render, &RenderConfig::timeout>},

            {"extract.max_input_bytes", kSize.positive(), defaults_to("32MiB"),
             "Largest document handed to the extractor.",
             field<&Config::extract, &ExtractConfig::max_input_bytes>},
            {"extract.workers", kInt.non_negative(), defaults_to("0"),
             "Extraction threads; 0: one per CPU core.", field<&Config::extract, &ExtractConfig::workers>},
            {"extract.site_rules", kPath, kNoDefault,
             "Folder of per-site extraction rules in the ftr-site-config format (`example.com.txt`, "
             "`.example.com.txt`); reloaded on SIGHUP; unset: none.",
             field<&Config::extract, &ExtractConfig::site_rules>},
            {"extract.page_types", list_of({"article", "listing", "forum", "other"}), defaults_to("[article]"),
             "Page types handed to plugins (the extractor's `page_type`); pages of other types are skipped and "
             "counted as skipped by type.",
             field<&Config::extract, &ExtractConfig::page_types>},

            {"dedup.window", kDuration.positive(), defaults_to("7d"),
             "How far back a new article's near-duplicates (the same story on other sites) are looked for.",
             field<&Config::dedup, &DedupConfig::window>},
            {"dedup.near_threshold", kFloat.positive(), defaults_to("0.3"),
             "Least estimated similarity (Jaccard of word pairs, 0 to 1) at which an article is a copy of "
             "a stored story and joins its cluster.",
             field<&Config::dedup, &DedupConfig::near_threshold>},

            {"state.prune_after", kDuration.positive(), defaults_to("90d"),
             "Seen URLs not seen again for this long are forgotten.",
             field<&Config::state, &StateConfig::prune_after>},
            {"state.backend", one_of({"sqlite", "postgres"}), defaults_to("sqlite"),
             "Where the crawl state lives: `sqlite` (a file in `state_dir`, one daemon) or `postgres` "
             "(shared by several daemons, see `state.conninfo`).",
             field<&Config::state, &StateConfig::backend>},
            {"state.conninfo", kString, kNoDefault,
             "`postgres`: libpq connection string, e.g. `host=db.internal dbname=gleaner user=gleaner`.",
             field<&Config::state, &StateConfig::conninfo>},
            {"state.lease", kDuration.positive(), defaults_to("60s"),
             "How long a claim on work (a pass, a URL, a delivery) lives without renewal; a node that dies "
             "loses its claims after this long.",
             field<&Config::state, &StateConfig::lease>},

            {"node.name", kString, kNoDefault,
             "This daemon's name among the nodes sharing a state; unset: `<host name>:<pid>`.",
             field<&Config::node, &NodeConfig::name>},

            {"delivery.spool_max_bytes", kSize.positive(), defaults_to("1GiB"),
             "Fetching pauses while the spool of undelivered articles is this large.",
             field<&Config::delivery, &DeliveryConfig::spool_max_bytes>},
            {"delivery.dead_letter", kPath, kNoDefault,
             "File receiving articles a plugin refused for good; unset: `<state_dir>/dead-letter.jsonl`.",
             field<&Config::delivery, &DeliveryConfig::dead_letter>},

            {"admin.listen", kListenAddress, kNoDefault,
             "`host:port` of the HTTP admin endpoint (metrics, health): an IP address or `localhost`; "
             "unset: off.",
             field<&Config::admin, &AdminConfig::listen>},
            {"admin.allow_remote", kBool, defaults_to("false"),
             "Allow `admin.listen` to be an address other machines can reach (not loopback).",
             field<&Config::admin, &AdminConfig::allow_remote>},
            {"admin.token", kString, kNoDefault,
             "Bearer token every admin request except `/healthz` must carry (`Authorization: Bearer ...`); "
             "write it as `${VAR}` to keep it out of the file.",
             field<&Config::admin, &AdminConfig::token>},

            {"sources", kEntryList, kNoDefault, "What to fetch; see the `sources[]` keys.", nullptr,
             &source_table, &append_entry<&Config::sources>},
            {"plugins", kEntryList, kNoDefault, "Where articles go; see the `plugins[]` keys.", nullptr,
             &plugin_table, &append_entry<&Config::plugins>},
        }};
    return table;
}

const Table& source_table() {
    static const Table table{
        "sources[]",
        "Each entry of `sources` is one thing to fetch periodically. Names must be unique.",
        {
            {"name", kString, kRequired, "Unique name, recorded with every article.", field<&SourceConfig::name>},
            {"type", one_of({"page", "feed", "sitemap", "section", "warc"}), kRequired,
             "`page`: the URLs are articles; `feed`: RSS/Atom feeds; `sitemap`: XML sitemaps; "
             "`section`: index pages whose links lead to articles; `warc`: WARC files (`paths`) whose HTML "
             "responses are the articles.",
             field<&SourceConfig::type>},
            {"urls", kUrlList.positive(), kNoDefault,
             "Required but for `warc`. http, https or file URLs; `file:relative/path` is resolved against the "
             "configuration's folder.",
             field<&SourceConfig::urls>},
            {"paths", kPathList.positive(), kNoDefault,
             "`warc` (required): WARC files or glob patterns (`/data/cc-news/*.warc.gz`), WARC/1.0 or 1.1, "
             "gzipped per record, as a whole, or plain. Each pass reads files not read to their end yet, "
             "from where the last pass stopped.",
             field<&SourceConfig::paths>},
            {"interval", kDuration.positive(), defaults_to("15m"), "Time between two passes.",
             field<&SourceConfig::interval>},
            {"jitter", kDuration, defaults_to("0s"), "Up to this much is added to each interval at random.",
             field<&SourceConfig::jitter>},
            {"max_age", kDuration.positive(), kNoDefault,
             "Feed and sitemap entries older than this are skipped; unset: no limit.",
             field<&SourceConfig::max_age>},
            {"max_articles", kInt.non_negative(), defaults_to("0"), "Articles taken per pass; 0: no limit.",
             field<&SourceConfig::max_articles>},
            {"include", kRegexList, kNoDefault, "`section`: RE2 regexes a link must match (any of them).",
             field<&SourceConfig::include>},
            {"exclude", kRegexList, kNoDefault, "`section`: RE2 regexes that reject a link.",
             field<&SourceConfig::exclude>},
            {"discover", kBool, defaults_to("false"), "Look for the site's feeds from its URLs.",
             field<&SourceConfig::discover>},
            {"user_agent", kString, kNoDefault, "User-Agent for this source; unset: `fetch.user_agent`.",
             field<&SourceConfig::user_agent>},
            {"headers", kStringMap, kNoDefault, "Headers added to `fetch.headers` for this source.",
             field<&SourceConfig::headers>},
            {"render", one_of({"never", "auto", "always"}), defaults_to("never"),
             "Render article pages in a headless browser (`fetch.render`) before extraction: `auto` when "
             "the page as fetched holds too little text (an app shell that writes the story with a script).",
             field<&SourceConfig::render>},
        }};
    return table;
}

const Table& plugin_table() {
    static const Table table{
        "plugins[]",
        "Each entry of `plugins` is one plugin instance that receives articles. Give `type` (a built-in "
        "plugin, or one found in `plugin_dir`) or `path` (a shared object). Names must be unique.",
        {
            {"name", kString, kRequired, "Unique instance name (logs, metrics, spool).", field<&PluginConfig::name>},
            {"type", kString, kNoDefault, "Plugin type, e.g. `sqlite` or `jsonl`.", field<&PluginConfig::type>},
            {"path", kPath, kNoDefault, "Shared object to load instead of a named type.",
             field<&PluginConfig::path>},
            {"config", kPluginSettings, kNoDefault,
             "Settings of the plugin itself; the keys are the plugin's (see its documentation)."},
            {"filter.sources", kStringList, kNoDefault, "Only articles of these sources; unset: all.",
             field<&PluginConfig::filter, &PluginFilterConfig::sources>},
            {"filter.languages", kStringList, kNoDefault,
             "Only articles in these languages (BCP 47 primary tags, e.g. `en`); unset: all.",
             field<&PluginConfig::filter, &PluginFilterConfig::languages>},
            {"filter.min_words", kInt.non_negative(), defaults_to("0"), "Only articles with at least this many words.",
             field<&PluginConfig::filter, &PluginFilterConfig::min_words>},
            {"filter.keywords", kStringList, kNoDefault,
             "Only articles whose title or text holds one of these words (case-insensitive).",
             field<&PluginConfig::filter, &PluginFilterConfig::keywords>},
            {"filter.patterns", kRegexList, kNoDefault,
             "Only articles whose title or text matches one of these RE2 regexes.",
             field<&PluginConfig::filter, &PluginFilterConfig::patterns>},
            {"filter.exclude_keywords", kStringList, kNoDefault, "Articles holding one of these words are skipped.",
             field<&PluginConfig::filter, &PluginFilterConfig::exclude_keywords>},
            {"filter.exclude_patterns", kRegexList, kNoDefault,
             "Articles matching one of these RE2 regexes are skipped.",
             field<&PluginConfig::filter, &PluginFilterConfig::exclude_patterns>},
            {"filter.duplicates", one_of({"keep", "drop"}), defaults_to("keep"),
             "`drop`: only the first-stored article of each story cluster, not its copies on other sites.",
             field<&PluginConfig::filter, &PluginFilterConfig::duplicates>},
            {"batch_size", kInt.positive(), defaults_to("64"), "Articles handed over between two flushes.",
             field<&PluginConfig::batch_size>},
            {"queue_capacity", kInt.positive(), defaults_to("256"),
             "Articles held in memory for this plugin; the rest wait in the spool.",
             field<&PluginConfig::queue_capacity>},
            {"retry.max_attempts", kInt.positive(), defaults_to("20"),
             "Deliveries tried before an article is dead-lettered.",
             field<&PluginConfig::retry, &RetryConfig::max_attempts>},
            {"retry.base_delay", kDuration.positive(), defaults_to("5s"),
             "Wait before the first redelivery; doubled for each further one.",
             field<&PluginConfig::retry, &RetryConfig::base_delay>},
            {"retry.max_delay", kDuration.positive(), defaults_to("30m"), "Longest wait between redeliveries.",
             field<&PluginConfig::retry, &RetryConfig::max_delay>},
        }};
    return table;
}

}  // namespace gleaner::config::schema

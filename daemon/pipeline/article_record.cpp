#include "pipeline/article_record.h"

#include <nlohmann/json.hpp>

#include <chrono>

#include "pipeline/fingerprint.h"
#include "sources/dates.h"
#include "sources/url.h"

namespace gleaner::pipeline {
namespace {

std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string identity_url(const fetch::Response& response) {
    const std::string& fetched = response.final_url.empty() ? response.requested_url : response.final_url;
    if (auto canonical = sources::canonicalize_url(fetched)) return *canonical;
    return fetched;
}

ArticleRecord make_article_record(const extract::Article& page, const ArticleJob& job, const StoryLink& story) {
    const fetch::Response& response = job.response;
    const std::string& source = job.url.source;
    const state::EntryHints& hints = job.url.hints;
    ArticleRecord record;
    record.canonical_url = identity_url(response);
    record.fingerprint = content_fingerprint(page.text);
    record.word_count = page.word_count;

    nlohmann::json json = extract::to_json(page);
    json["id"] = article_id(record.canonical_url);
    json["source"] = source;
    json["url"] = response.final_url.empty() ? response.requested_url : response.final_url;
    json["canonical_url"] = record.canonical_url;
    json["cluster_id"] = story.cluster_id;
    json["duplicate_of"] = story.duplicate_of;

    // Feed hints fill what the page itself did not say.
    std::string title = page.title.empty() ? hints.title : page.title;
    json["title"] = title;
    if (page.authors.empty() && !hints.author.empty()) {
        json["authors"] = nlohmann::json::array({hints.author});
        json["author"] = hints.author;
    }
    std::string published = page.published ? page.published->iso : std::string();
    std::string published_source = page.published ? page.published->source : std::string();
    if (published.empty() && !hints.published_iso.empty()) {
        published = hints.published_iso;
        published_source = "feed";
    }
    json["published"] = published;
    json["date"] = published;
    json["published_source"] = published_source;
    json["modified"] = page.modified ? page.modified->iso : std::string();
    json["modified_source"] = page.modified ? page.modified->source : std::string();
    std::int64_t published_ms = 0;
    if (!published.empty())
        if (auto when = sources::parse_feed_date(published)) published_ms = epoch_ms(*when);
    json["published_at_ms"] = published_ms;

    const std::int64_t fetched_ms = epoch_ms(response.fetched_at);
    json["provenance"] = {
        {"requested_url", response.requested_url},
        {"final_url", response.final_url},
        {"redirect_count", response.redirect_count},
        {"declared_canonical", page.canonical_url},
        {"http_status", response.http_status},
        {"etag", response.etag},
        {"last_modified", response.last_modified},
        {"content_type", response.content_type},
        {"charset", page.charset},
        {"charset_source", page.charset_source},
        {"robots", response.robots},
        {"extractor_version", std::string(extract::kExtractorVersion)},
        {"fingerprint", record.fingerprint},
        {"fetched_at_ms", fetched_ms},
        {"fetched_at", sources::iso8601_utc(response.fetched_at)},
        {"attempts", response.attempts},
        {"render",
         {{"mode", job.render.mode},
          {"rendered", job.render.rendered},
          {"error", job.render.error},
          {"elapsed_ms", job.render.elapsed_ms}}},
    };
    if (job.archived)
        json["provenance"]["warc"] = {{"file", job.archived->file},
                                      {"offset", job.archived->offset},
                                      {"offset_uncompressed", !job.archived->seekable},
                                      {"date", job.archived->warc_date}};
    record.title = std::move(title);
    record.payload = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return record;
}

}  // namespace gleaner::pipeline

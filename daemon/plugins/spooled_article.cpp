#include "plugins/spooled_article.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <stdexcept>

namespace gleaner::plugins {

struct SpooledArticle::Parsed {
    nlohmann::json json;
    std::vector<std::string> owned;  // strings built here (dates given as objects, numbers as text)
};

namespace {

const std::string kEmpty;

gleaner_str str(const std::string& s) { return {s.c_str(), s.size()}; }

}  // namespace

SpooledArticle::~SpooledArticle() = default;

std::shared_ptr<const SpooledArticle> SpooledArticle::parse(std::int64_t spool_id, std::string payload) {
    std::shared_ptr<SpooledArticle> a(new SpooledArticle());
    a->spool_id_ = spool_id;
    a->payload_ = std::move(payload);
    a->parsed_ = std::make_unique<Parsed>();
    auto& json = a->parsed_->json;
    json = nlohmann::json::parse(a->payload_, nullptr, false);
    if (!json.is_object()) throw std::runtime_error("spool record " + std::to_string(spool_id) + " is not a JSON object");
    a->parsed_->owned.reserve(8);

    // A string field, or the `iso` member of an object-valued field (dates may carry their source).
    auto field = [&](const nlohmann::json& obj, const char* key) -> const std::string& {
        auto it = obj.find(key);
        if (it == obj.end()) return kEmpty;
        if (it->is_string()) return it->get_ref<const std::string&>();
        if (it->is_object()) {
            auto iso = it->find("iso");
            if (iso != it->end() && iso->is_string()) return iso->get_ref<const std::string&>();
        }
        return kEmpty;
    };
    // Only an integer that fits counts: converting a float such as 1e55 to int64 is undefined
    // behaviour (a spool record fuzzer finding), so anything else reads as 0, like a missing key.
    auto integer = [](const nlohmann::json& obj, const char* key) -> std::int64_t {
        auto it = obj.find(key);
        if (it == obj.end()) return 0;
        if (it->is_number_unsigned()) {
            const auto value = it->get<std::uint64_t>();
            return value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                       ? 0
                       : static_cast<std::int64_t>(value);
        }
        return it->is_number_integer() ? it->get<std::int64_t>() : 0;
    };
    auto list = [&](const char* key, std::vector<gleaner_str>& out) {
        auto it = json.find(key);
        if (it == json.end() || !it->is_array()) return;
        for (const auto& item : *it)
            if (item.is_string()) out.push_back(str(item.get_ref<const std::string&>()));
    };

    list("authors", a->authors_);
    list("tags", a->tags_);

    static const nlohmann::json kNoProvenance = nlohmann::json::object();
    auto pit = json.find("provenance");
    const auto& p = pit != json.end() && pit->is_object() ? *pit : kNoProvenance;
    auto& pv = a->provenance_;
    pv.struct_size = sizeof(gleaner_provenance);
    pv.requested_url = str(field(p, "requested_url"));
    pv.final_url = str(field(p, "final_url"));
    pv.redirect_count = static_cast<uint32_t>(integer(p, "redirect_count"));
    pv.http_status = static_cast<int32_t>(integer(p, "http_status"));
    pv.etag = str(field(p, "etag"));
    pv.last_modified = str(field(p, "last_modified"));
    pv.charset = str(field(p, "charset"));
    pv.charset_source = str(field(p, "charset_source"));
    pv.robots = str(field(p, "robots"));
    pv.extractor_version = str(field(p, "extractor_version"));
    pv.fingerprint = str(field(p, "fingerprint"));
    pv.fetched_at_ms = integer(p, "fetched_at_ms");

    auto& v = a->article_;
    v.struct_size = sizeof(gleaner_article);
    v.id = str(field(json, "id"));
    v.source = str(field(json, "source"));
    v.url = str(field(json, "url"));
    v.canonical_url = str(field(json, "canonical_url"));
    v.title = str(field(json, "title"));
    v.authors = a->authors_.data();
    v.author_count = a->authors_.size();
    v.published = str(field(json, "published"));
    v.modified = str(field(json, "modified"));
    v.published_at_ms = integer(json, "published_at_ms");
    v.language = str(field(json, "language"));
    v.site_name = str(field(json, "site_name"));
    v.description = str(field(json, "description"));
    v.image = str(field(json, "image"));
    v.section = str(field(json, "section"));
    v.tags = a->tags_.data();
    v.tag_count = a->tags_.size();
    v.text = str(field(json, "text"));
    v.html = str(field(json, "html"));
    v.word_count = static_cast<uint32_t>(integer(json, "word_count"));
    auto partial = json.find("partial");
    v.partial = partial != json.end() && partial->is_boolean() && partial->get<bool>() ? 1 : 0;
    v.json = str(a->payload_);
    v.provenance = &a->provenance_;
    v.matched_terms = str(kEmpty);
    v.cluster_id = str(field(json, "cluster_id"));
    v.duplicate_of = str(field(json, "duplicate_of"));
    return a;
}

}  // namespace gleaner::plugins

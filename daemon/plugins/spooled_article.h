// An article as plugins see it: the spooled JSON payload parsed once, with the C ABI views
// (gleaner_article, gleaner_provenance) pointing into it. Shared read-only by every plugin instance,
// so an article is not copied per plugin.
#pragma once

#include <gleaner/plugin.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gleaner::plugins {

class SpooledArticle {
public:
    // Throws std::runtime_error when the payload is not an article object.
    static std::shared_ptr<const SpooledArticle> parse(std::int64_t spool_id, std::string payload);
    ~SpooledArticle();

    std::int64_t spool_id() const { return spool_id_; }
    const gleaner_article& view() const { return article_; }
    const std::string& payload() const { return payload_; }
    std::string_view canonical_url() const { return {article_.canonical_url.data, article_.canonical_url.len}; }

private:
    SpooledArticle() = default;
    struct Parsed;

    std::int64_t spool_id_ = 0;
    std::string payload_;
    std::unique_ptr<Parsed> parsed_;            // owns the strings the views point into
    std::vector<gleaner_str> authors_, tags_;
    gleaner_provenance provenance_{};
    gleaner_article article_{};
};

}  // namespace gleaner::plugins

// webhook — POSTs each article as JSON to a URL: the whole article (`body: article`) or a compact
// summary without text and html (`body: summary`). With a `secret`, every request carries
// `X-Gleaner-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>`. Each article is posted in
// consume(), so an article is acknowledged only after the receiver answered 2xx.
#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/http_post.h"

namespace {

// Lower-case hex HMAC-SHA256 of `body` under `key` (OpenSSL 3's one-shot MAC).
std::string hmac_sha256_hex(const std::string& key, const std::string& body) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t mac_len = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                   reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, sizeof mac, &mac_len))
        throw std::runtime_error("HMAC-SHA256 failed");
    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    for (size_t i = 0; i < mac_len; ++i) hex += {kHex[mac[i] >> 4], kHex[mac[i] & 15]};
    return hex;
}

nlohmann::json string_array(const std::vector<std::string_view>& items) {
    auto out = nlohmann::json::array();
    for (auto item : items) out.push_back(std::string(item));
    return out;
}

// The compact body: what a chat or ticket integration needs, without text and html.
nlohmann::json summary(const gleaner::Article& a) {
    auto terms = nlohmann::json::array();
    std::string_view matched = a.matched_terms();
    while (!matched.empty()) {
        const auto comma = matched.find(',');
        terms.push_back(std::string(matched.substr(0, comma)));
        matched = comma == std::string_view::npos ? std::string_view() : matched.substr(comma + 1);
    }
    return {
        {"id", std::string(a.id())},
        {"source", std::string(a.source())},
        {"url", std::string(a.url())},
        {"canonical_url", std::string(a.canonical_url())},
        {"title", std::string(a.title())},
        {"authors", string_array(a.authors())},
        {"published", std::string(a.published())},
        {"language", std::string(a.language())},
        {"site_name", std::string(a.site_name())},
        {"description", std::string(a.description())},
        {"image", std::string(a.image())},
        {"section", std::string(a.section())},
        {"tags", string_array(a.tags())},
        {"word_count", a.word_count()},
        {"partial", a.partial()},
        {"matched_terms", terms},
    };
}

bool same_name(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

class WebhookPlugin : public gleaner::Plugin {
public:
    explicit WebhookPlugin(gleaner::Host& host)
        : host_(host), config_(nlohmann::json::parse(host.config_json())),
          url_(config_.at("url").get<std::string>()),
          secret_(config_.value("secret", std::string())),
          poster_(std::chrono::milliseconds(config_.value("timeout", 30000)), "gleaner-webhook/1.0") {
        gleaner_common::check_http_url(url_, "url");
        const std::string body = config_.value("body", std::string("article"));
        if (body != "article" && body != "summary")
            throw std::invalid_argument("body: \"" + body + "\" must be article or summary");
        summary_ = body == "summary";
        const auto headers = config_.value("headers", nlohmann::json::object());
        for (const auto& [name, value] : headers.items()) {
            const std::string text = value.get<std::string>();
            if (name.find_first_of(":\r\n ") != std::string::npos || text.find_first_of("\r\n") != std::string::npos)
                throw std::invalid_argument("headers: \"" + name + "\" is not a valid header name and value");
            if (same_name(name, "X-Gleaner-Signature"))
                throw std::invalid_argument("headers: X-Gleaner-Signature is set by the plugin (see `secret`)");
            custom_headers_.push_back({name, text});
        }
    }

    gleaner::Status consume(const gleaner::Article& article) override {
        const std::string body = summary_ ? summary(article).dump() : std::string(article.json());
        std::vector<std::string> headers;
        auto add_default = [&](const std::string& name, const std::string& value) {
            for (const auto& custom : custom_headers_)
                if (same_name(custom.first, name)) return;  // the configured value wins
            headers.push_back(name + ": " + value);
        };
        add_default("Content-Type", "application/json");
        add_default("X-Gleaner-Article", std::string(article.id()));
        for (const auto& [name, value] : custom_headers_) headers.push_back(name + ": " + value);
        if (!secret_.empty()) headers.push_back("X-Gleaner-Signature: sha256=" + hmac_sha256_hex(secret_, body));
        poster_.post(url_, body, headers);
        host_.count("posted");
        return gleaner::Status::ok;
    }

private:
    gleaner::Host& host_;
    nlohmann::json config_;
    std::string url_;
    std::string secret_;
    bool summary_ = false;
    std::vector<std::pair<std::string, std::string>> custom_headers_;
    gleaner_common::HttpPoster poster_;
};

const gleaner_config_key kWebhookKeys[] = {
    {"url", GLEANER_CONFIG_STRING, nullptr, 1, "http:// or https:// URL each article is POSTed to"},
    {"body", GLEANER_CONFIG_STRING, "article", 0,
     "article: the whole article JSON (text, html, provenance); summary: metadata only, with matched_terms"},
    {"secret", GLEANER_CONFIG_STRING, nullptr, 0,
     "Key for the X-Gleaner-Signature header: sha256=<hex HMAC-SHA256 of the body>; no signature when unset"},
    {"headers", GLEANER_CONFIG_STRING_MAP, nullptr, 0, "Extra request headers, e.g. Authorization"},
    {"timeout", GLEANER_CONFIG_DURATION, "30s", 0, "Longest a whole request may take before it is retried"},
};

}  // namespace

GLEANER_PLUGIN(WebhookPlugin, "webhook", "1.0.0", "POSTs each article as JSON to a URL, optionally HMAC-signed",
               kWebhookKeys)

// webhook — POSTs each article as JSON to a URL: the whole article (`body: article`) or a compact
// summary without text and html (`body: summary`). With a `secret`, every request carries
// `X-Gleaner-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>`. Each article is posted in
// consume(), so an article is acknowledged only after the receiver answered 2xx.
#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <cctype>
#include <chrono>
#include <map>
#include <optional>
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

struct WebhookSettings {
    std::string url;
    std::string body;
    std::optional<std::string> secret;
    std::map<std::string, std::string> headers;
    std::chrono::milliseconds timeout;
};

const gleaner::Settings<WebhookSettings> kWebhookSettings{
    gleaner::key("url", &WebhookSettings::url, "http:// or https:// URL each article is POSTed to")
        .url({"http", "https"})
        .required(),
    gleaner::key("body", &WebhookSettings::body,
                 "article: the whole article JSON (text, html, provenance); summary: metadata only, with matched_terms")
        .one_of({"article", "summary"})
        .default_value("article"),
    gleaner::key("secret", &WebhookSettings::secret,
                 "Key for the X-Gleaner-Signature header: sha256=<hex HMAC-SHA256 of the body>; no signature when unset")
        .at_least(1),
    gleaner::key("headers", &WebhookSettings::headers, "Extra request headers, e.g. Authorization"),
    gleaner::key("timeout", &WebhookSettings::timeout, "Longest a whole request may take before it is retried")
        .default_value("30s")
        .at_least(1),
};

class WebhookPlugin : public gleaner::Plugin {
public:
    WebhookPlugin(gleaner::Host& host, const WebhookSettings& settings)
        : host_(host), url_(settings.url), secret_(settings.secret.value_or("")), summary_(settings.body == "summary"),
          custom_headers_(settings.headers.begin(), settings.headers.end()),
          poster_(settings.timeout, "gleaner-webhook/1.0") {}

    static void check(const WebhookSettings& settings, const gleaner::Problems& problems) {
        for (const auto& [name, value] : settings.headers) {
            if (name.empty() || name.find_first_of(":\r\n ") != std::string::npos ||
                value.find_first_of("\r\n") != std::string::npos)
                problems.add("headers." + name, "\"" + name + "\" is not a valid header name and value");
            else if (same_name(name, "X-Gleaner-Signature"))
                problems.add("headers." + name, "X-Gleaner-Signature is set by the plugin (see `secret`)");
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
    std::string url_;
    std::string secret_;
    bool summary_;
    std::vector<std::pair<std::string, std::string>> custom_headers_;
    gleaner_common::HttpPoster poster_;
};

}  // namespace

GLEANER_PLUGIN(WebhookPlugin, "webhook", "1.1.0", "POSTs each article as JSON to a URL, optionally HMAC-signed",
               kWebhookSettings)

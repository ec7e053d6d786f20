// SMTP settings and sending through libcurl (smtp:// or smtps://, optional STARTTLS, optional login),
// shared by the smtp plugin (its whole config) and the alert plugin (its `smtp:` map). What the
// server's answer means for delivery:
//   accepted                      → delivered
//   4xx (try later) or transport  → gleaner::RetryError
//   5xx (permanent refusal)       → std::runtime_error (dead-lettered), with the server's reply
#pragma once

#include <curl/curl.h>
#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace gleaner_common {

struct SmtpSettings {
    std::string url;                 // smtp://host:port or smtps://host:port
    std::string from;                // envelope and header sender address
    std::string from_name;
    std::vector<std::string> to;
    std::string username, password;  // login only when username is set
    bool starttls = false;           // smtp:// upgraded with STARTTLS, refused without it
    std::string subject;             // a template (see template.h)
};

// The keys smtp_settings() reads; the alert plugin refuses others in its `smtp:` map.
inline const std::vector<std::string>& smtp_setting_keys() {
    static const std::vector<std::string> keys = {"url", "from", "from_name", "to", "username",
                                                  "password", "starttls", "subject"};
    return keys;
}

inline void check_address(const std::string& address, const std::string& key) {
    const bool ok = address.find('@') != std::string::npos &&
                    address.find_first_of("<>\"\r\n\t ,") == std::string::npos;
    if (!ok) throw std::invalid_argument(key + ": \"" + address + "\" is not a plain e-mail address (user@host)");
}

// Reads and checks the settings in `j` (an object); `where` prefixes error messages ("smtp.").
inline SmtpSettings smtp_settings(const nlohmann::json& j, const std::string& where,
                                  const std::string& default_subject) {
    auto text = [&](const char* key, bool required) -> std::string {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) {
            if (required) throw std::invalid_argument(where + key + " is required");
            return std::string();
        }
        if (!it->is_string()) throw std::invalid_argument(where + key + " must be a string");
        return it->get<std::string>();
    };
    SmtpSettings s;
    s.url = text("url", true);
    s.from = text("from", true);
    s.from_name = text("from_name", false);
    s.username = text("username", false);
    s.password = text("password", false);
    s.subject = j.contains("subject") ? text("subject", false) : default_subject;
    check_address(s.from, where + "from");
    auto to = j.find("to");
    if (to == j.end() || !to->is_array() || to->empty())
        throw std::invalid_argument(where + "to must be a non-empty list of addresses");
    for (const auto& address : *to) {
        if (!address.is_string()) throw std::invalid_argument(where + "to must list strings");
        check_address(address.get<std::string>(), where + "to");
        s.to.push_back(address.get<std::string>());
    }
    if (auto tls = j.find("starttls"); tls != j.end() && !tls->is_null()) {
        if (!tls->is_boolean()) throw std::invalid_argument(where + "starttls must be true or false");
        s.starttls = tls->get<bool>();
    }
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
    char* scheme = nullptr;
    if (curl_url_set(parsed.get(), CURLUPART_URL, s.url.c_str(), 0) != CURLUE_OK ||
        curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
        throw std::invalid_argument(where + "url: \"" + s.url + "\" is not a valid URL");
    const std::string scheme_name = scheme;
    curl_free(scheme);
    if (scheme_name != "smtp" && scheme_name != "smtps")
        throw std::invalid_argument(where + "url: \"" + s.url + "\" must be an smtp:// or smtps:// URL");
    return s;
}

class SmtpSender {
public:
    SmtpSender(SmtpSettings settings, std::chrono::milliseconds timeout)
        : settings_(std::move(settings)), timeout_(timeout), curl_(curl_easy_init()) {
        if (!curl_) throw std::runtime_error("curl_easy_init failed");
    }
    ~SmtpSender() { curl_easy_cleanup(curl_); }
    SmtpSender(const SmtpSender&) = delete;
    SmtpSender& operator=(const SmtpSender&) = delete;

    const SmtpSettings& settings() const { return settings_; }

    // Sends one complete RFC 5322 message (see mail_message.h) to every recipient.
    void send(const std::string& message) {
        curl_slist* list = nullptr;
        for (const auto& address : settings_.to) list = curl_slist_append(list, ("<" + address + ">").c_str());
        std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(list, &curl_slist_free_all);
        Upload upload{message, 0};
        last_reply_.clear();
        char error[CURL_ERROR_SIZE] = "";

        curl_easy_reset(curl_);  // keeps the connection, forgets the previous message's options
        curl_easy_setopt(curl_, CURLOPT_URL, settings_.url.c_str());
        curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
        if (settings_.starttls) curl_easy_setopt(curl_, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
        if (!settings_.username.empty()) {
            curl_easy_setopt(curl_, CURLOPT_USERNAME, settings_.username.c_str());
            curl_easy_setopt(curl_, CURLOPT_PASSWORD, settings_.password.c_str());
        }
        curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, ("<" + settings_.from + ">").c_str());
        curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, list);
        curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl_, CURLOPT_READFUNCTION, &read_message);
        curl_easy_setopt(curl_, CURLOPT_READDATA, &upload);
        curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error);
        // The server's own refusal ("550 5.1.1 no such user") makes a better reason than curl's summary.
        curl_easy_setopt(curl_, CURLOPT_DEBUGFUNCTION, &keep_reply);
        curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, &last_reply_);
        curl_easy_setopt(curl_, CURLOPT_VERBOSE, 1L);
        const CURLcode result = curl_easy_perform(curl_);
        if (result == CURLE_OK) return;

        long code = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
        std::string reason = "smtp " + settings_.url + ": " + (error[0] ? error : curl_easy_strerror(result));
        if (!last_reply_.empty()) reason += " (server said: " + last_reply_ + ")";
        if (code >= 500 && code < 600) throw std::runtime_error(reason);
        throw gleaner::RetryError(reason);
    }

private:
    struct Upload {
        const std::string& data;
        std::size_t offset;
    };

    static size_t read_message(char* buffer, size_t size, size_t count, void* user) {
        auto* upload = static_cast<Upload*>(user);
        const size_t n = std::min(size * count, upload->data.size() - upload->offset);
        std::memcpy(buffer, upload->data.data() + upload->offset, n);
        upload->offset += n;
        return n;
    }

    // Keeps the last 4xx/5xx reply (not the "221 bye" to the QUIT curl sends after it).
    static int keep_reply(CURL*, curl_infotype type, char* data, size_t size, void* user) {
        if (type != CURLINFO_HEADER_IN || size == 0 || (data[0] != '4' && data[0] != '5')) return 0;
        std::string line(data, size);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        *static_cast<std::string*>(user) = line;
        return 0;
    }

    SmtpSettings settings_;
    std::chrono::milliseconds timeout_;
    CURL* curl_;
    std::string last_reply_;
};

}  // namespace gleaner_common

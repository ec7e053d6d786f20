// SMTP settings (their keys, declared once) and sending through libcurl (smtp:// or smtps://, optional
// STARTTLS, optional login), shared by the smtp plugin (its whole config) and the alert plugin (its
// `smtp:` mapping). What the
// server's answer means for delivery:
//   accepted                      → delivered
//   4xx (try later) or transport  → gleaner::RetryError
//   5xx (permanent refusal)       → std::runtime_error (dead-lettered), with the server's reply
#pragma once

#include <curl/curl.h>
#include <gleaner/plugin.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace gleaner_common {

// Filled by the daemon from smtp_keys() (defaults included).
struct SmtpSettings {
    std::string url;                 // smtp://host:port or smtps://host:port
    std::string from;                // envelope and header sender address
    std::string from_name;
    std::vector<std::string> to;
    std::string username, password;  // login only when username is set
    bool starttls;                   // smtp:// upgraded with STARTTLS, refused without it
    std::string subject;             // a template over `placeholders` (see <gleaner/template.hpp>)
};

// The keys of SmtpSettings, for the smtp plugin's whole config and the alert plugin's `smtp:` mapping.
// `subject` defaults to `default_subject` (YAML text) and may name `placeholders`.
inline std::vector<gleaner::Key<SmtpSettings>> smtp_keys(const char* default_subject,
                                                         const std::vector<std::string>& placeholders) {
    using gleaner::key;
    return {
        key("url", &SmtpSettings::url, "smtp://host:port (587, 25) or smtps://host:port (465)")
            .url({"smtp", "smtps"})
            .required(),
        key("from", &SmtpSettings::from, "Sender address (envelope and From header), e.g. news@example.org").required(),
        key("from_name", &SmtpSettings::from_name, "Display name in the From header"),
        key("to", &SmtpSettings::to, "Recipient addresses").required().at_least(1),
        key("username", &SmtpSettings::username, "Login name; no login when unset"),
        key("password", &SmtpSettings::password, "Login password (use ${ENV_VAR} in the config file)"),
        key("starttls", &SmtpSettings::starttls, "Upgrade an smtp:// connection with STARTTLS and refuse to send without it")
            .default_value("false"),
        key("subject", &SmtpSettings::subject, "Subject template, e.g. {{title}}")
            .text_template(placeholders)
            .default_value(default_subject),
    };
}

// What the key types cannot say: the addresses must be plain user@host. (key, message) pairs, keys
// below `prefix` ("" or "smtp.").
inline std::vector<std::pair<std::string, std::string>> smtp_problems(const SmtpSettings& s, const std::string& prefix) {
    std::vector<std::pair<std::string, std::string>> problems;
    auto check_address = [&](const std::string& address, const std::string& key) {
        const bool ok = address.find('@') != std::string::npos && address.find_first_of("<>\"\r\n\t ,") == std::string::npos;
        if (!ok) problems.emplace_back(prefix + key, "\"" + address + "\" is not a plain e-mail address (user@host)");
    };
    check_address(s.from, "from");
    for (std::size_t i = 0; i < s.to.size(); ++i) check_address(s.to[i], "to[" + std::to_string(i) + "]");
    return problems;
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

// jsonl — appends every article to a file as one JSON object per line (the article's full JSON:
// metadata, text, html and provenance). flush() makes the batch durable with fsync, so an article
// acknowledged to the daemon survives a crash.
#include <gleaner/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace {

struct JsonlSettings {
    std::string path;
    bool fsync;
};

const gleaner::Settings<JsonlSettings> kJsonlSettings{
    gleaner::key("path", &JsonlSettings::path, "File the articles are appended to, one JSON object per line")
        .path(gleaner::PathCheck::parent_must_exist)
        .required(),
    gleaner::key("fsync", &JsonlSettings::fsync,
                 "fsync the file after each batch so acknowledged articles survive a crash")
        .default_value("true"),
};

class JsonlPlugin : public gleaner::Plugin {
public:
    JsonlPlugin(gleaner::Host& host, const JsonlSettings& settings)
        : host_(host), path_(settings.path), sync_(settings.fsync) {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd_ < 0) throw std::runtime_error("cannot open " + path_ + ": " + std::strerror(errno));
    }
    ~JsonlPlugin() override { ::close(fd_); }

    gleaner::Status consume(const gleaner::Article& article) override {
        std::string line(article.json());
        line += '\n';
        write_all(line);
        host_.count("lines_written");
        return gleaner::Status::ok;
    }

    gleaner::Status flush() override {
        if (sync_ && ::fsync(fd_) != 0) throw gleaner::RetryError("fsync " + path_ + ": " + std::strerror(errno));
        return gleaner::Status::ok;
    }

private:
    void write_all(const std::string& data) {
        size_t done = 0;
        while (done < data.size()) {
            ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw gleaner::RetryError("write " + path_ + ": " + std::strerror(errno));
            done += static_cast<size_t>(n);
        }
    }

    gleaner::Host& host_;
    std::string path_;
    bool sync_;
    int fd_ = -1;
};

}  // namespace

GLEANER_PLUGIN(JsonlPlugin, "jsonl", "1.1.0", "Appends each article as one JSON line to a file", kJsonlSettings)

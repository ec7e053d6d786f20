// gleaner_hello — the smallest useful plugin: greets every article in the daemon's log and appends
// "<greeting>, <title> (<words> words)" to a file. The whole plugin is this class and one macro.
#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

namespace {

class Hello : public gleaner::Plugin {
public:
    explicit Hello(gleaner::Host& host) : host_(host) {
        // The daemon validated the config against kHelloKeys and filled in defaults, so this is
        // e.g. {"greeting":"Hello","file":"/var/lib/gleaner/hello.txt"} with `file` made absolute.
        const auto config = nlohmann::json::parse(host.config_json());
        greeting_ = config.value("greeting", "Hello");
        file_ = config.at("file").get<std::string>();
    }

    gleaner::Status consume(const gleaner::Article& article) override {
        const std::string line = greeting_ + ", " + std::string(article.title()) + " (" +
                                 std::to_string(article.word_count()) + " words)";
        host_.info(line);
        std::ofstream out(file_, std::ios::app);
        out << line << '\n';
        if (!out) throw gleaner::RetryError("cannot write " + file_);  // the daemon retries later
        host_.count("greeted");
        return gleaner::Status::ok;
    }

private:
    gleaner::Host& host_;
    std::string greeting_, file_;
};

const gleaner_config_key kHelloKeys[] = {
    {"greeting", GLEANER_CONFIG_STRING, "Hello", 0, "What to say to each article"},
    {"file", GLEANER_CONFIG_PATH, nullptr, 1, "File the greetings are appended to"},
};

}  // namespace

GLEANER_PLUGIN(Hello, "hello", "1.0.0", "Greets every article (example plugin)", kHelloKeys)

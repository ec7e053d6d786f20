// gleaner_hello — the smallest useful plugin: greets every article in the daemon's log and appends
// "<greeting>, <title> (<words> words)" to a file. The whole plugin is a settings struct with its
// keys, one class and one macro.
#include <gleaner/plugin.hpp>

#include <fstream>
#include <string>

namespace {

// What the `config:` mapping holds. The daemon checks the file against kHelloSettings (types,
// required keys, the folder of `file`), fills in the defaults and makes `file` absolute, all before
// the plugin is created; `gleaner check-config` reports every problem with its line and column.
struct HelloSettings {
    std::string greeting;
    std::string file;
};

const gleaner::Settings<HelloSettings> kHelloSettings{
    gleaner::key("greeting", &HelloSettings::greeting, "What to say to each article").default_value("Hello"),
    gleaner::key("file", &HelloSettings::file, "File the greetings are appended to")
        .path(gleaner::PathCheck::parent_must_exist)
        .required(),
};

class Hello : public gleaner::Plugin {
public:
    Hello(gleaner::Host& host, HelloSettings settings) : host_(host), settings_(std::move(settings)) {}

    gleaner::Status consume(const gleaner::Article& article) override {
        const std::string line = settings_.greeting + ", " + std::string(article.title()) + " (" +
                                 std::to_string(article.word_count()) + " words)";
        host_.info(line);
        std::ofstream out(settings_.file, std::ios::app);
        out << line << '\n';
        if (!out) throw gleaner::RetryError("cannot write " + settings_.file);  // the daemon retries later
        host_.count("greeted");
        return gleaner::Status::ok;
    }

private:
    gleaner::Host& host_;
    HelloSettings settings_;
};

}  // namespace

GLEANER_PLUGIN(Hello, "hello", "1.1.0", "Greets every article (example plugin)", kHelloSettings)

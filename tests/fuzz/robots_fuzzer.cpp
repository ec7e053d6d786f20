// libFuzzer target for robots.txt: the text after a few fuzzer-chosen bytes is parsed, then asked
// about fuzzer-chosen paths for a few user agents. Any crash, sanitizer report or exception, or
// robots.txt itself being disallowed, is a finding.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "fetch/robots_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    std::string paths[3];
    for (auto& path : paths) path = "/" + input.ConsumeRandomLengthString(64);
    const std::string text = input.ConsumeRemainingBytesAsString();
    const auto rules = gleaner::fetch::RobotsRules::parse(text);
    for (const char* agent : {"Gleaner/0.1 (+https://github.com/gleaner)", "SomeBot", ""}) {
        if (!rules.allowed(agent, "/robots.txt")) std::abort();
        for (const auto& path : paths) {
            rules.allowed(agent, path);
            rules.allowed(agent, gleaner::fetch::normalise_robots_path(path));
        }
        rules.crawl_delay(agent);
    }
    return 0;
}

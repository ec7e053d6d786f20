// libFuzzer target for the whole extractor entry point: random page bytes with a random HTTP
// Content-Type, through extract(), every renderer and the JSON form. Any crash, sanitizer report,
// exception other than ExtractError, or invalid UTF-8 in the output is a finding.
#include <fuzzer/FuzzedDataProvider.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "extract/charset/charset_convert.h"
#include "extract/extractor.h"

namespace {

// Content types worth hitting often; the fuzzer also makes up its own.
constexpr const char* kContentTypes[] = {
    "", "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1252", "text/html;charset=shift_jis",
    "text/html; charset=\"euc-jp\"", "text/html; charset=gb2312", "text/html; charset=big5", "text/html; charset=koi8-r",
    "text/html; charset=utf-16", "text/html; charset=utf-16be", "application/xhtml+xml; charset=iso-8859-7",
    "text/html; charset=iso-2022-jp", "text/html; charset=x-user-defined", "text/html; charset=replacement",
};

void require_valid_utf8(const std::string& text) {
    if (gleaner::extract::count_invalid_utf8(text, 1) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    gleaner::extract::ExtractOptions options;
    if (input.ConsumeBool()) {
        options.content_type = input.PickValueInArray(kContentTypes);
    } else {
        options.content_type = input.ConsumeRandomLengthString(80);
    }
    options.url = input.ConsumeBool() ? "https://news.example.com/2024/05/01/story.html" : "";
    options.max_input_bytes = 1u << 20;
    const std::string page = input.ConsumeRemainingBytesAsString();
    try {
        const gleaner::extract::Article article = gleaner::extract::extract(page, options);
        for (auto format : {gleaner::extract::Format::text, gleaner::extract::Format::markdown,
                            gleaner::extract::Format::html, gleaner::extract::Format::json}) {
            require_valid_utf8(gleaner::extract::render(article, format));
        }
        require_valid_utf8(gleaner::extract::to_json(article).dump());
    } catch (const gleaner::extract::ExtractError&) {
        // A refusal with a message is a correct outcome.
    }
    return 0;
}

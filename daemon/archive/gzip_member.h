// One gzip member (zlib) per WARC record: a reader can seek to any record's offset and inflate it
// alone, and a torn write damages only the last member.
#pragma once

#include <string>
#include <string_view>

namespace gleaner::archive {

std::string gzip_member(std::string_view data);

}  // namespace gleaner::archive

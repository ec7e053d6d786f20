// See gzip_member.h.
#include "archive/gzip_member.h"

#include <zlib.h>

#include <stdexcept>

namespace gleaner::archive {

std::string gzip_member(std::string_view data) {
    if (data.size() > 0xffffffffu) throw std::runtime_error("a WARC record over 4 GiB cannot be compressed in one call");
    z_stream stream{};
    constexpr int kGzipWindow = 16 + MAX_WBITS;  // 16: write a gzip header and trailer, not zlib's
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib cannot start compressing");
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    const auto written = stream.total_out;
    deflateEnd(&stream);
    if (status != Z_STREAM_END) throw std::runtime_error("zlib could not compress a record");
    out.resize(written);
    return out;
}

}  // namespace gleaner::archive

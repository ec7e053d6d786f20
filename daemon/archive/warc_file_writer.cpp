// See warc_file_writer.h.
#include "archive/warc_file_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "archive/gzip_member.h"

namespace gleaner::archive {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "gleaner-";
constexpr std::string_view kSuffix = ".warc.gz";
constexpr std::string_view kOpenSuffix = ".warc.gz.open";

std::runtime_error system_error(const std::string& what, const fs::path& path) {
    return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

void sync_folder(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// The serial of "gleaner-<time>-<serial>.warc.gz[.open]", or -1 for other names.
long long serial_of(const std::string& name) {
    if (!name.starts_with(kPrefix)) return -1;
    std::string_view rest(name);
    if (rest.ends_with(kOpenSuffix)) rest.remove_suffix(kOpenSuffix.size());
    else if (rest.ends_with(kSuffix)) rest.remove_suffix(kSuffix.size());
    else return -1;
    const auto dash = rest.rfind('-');
    if (dash == std::string_view::npos || dash + 1 >= rest.size()) return -1;
    long long serial = 0;
    for (char c : rest.substr(dash + 1)) {
        if (c < '0' || c > '9') return -1;
        serial = serial * 10 + (c - '0');
    }
    return serial;
}

// "20250102030405123": UTC to the millisecond, the Heritrix convention.
std::string file_time() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const auto length = std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &utc);
    std::snprintf(text + length, sizeof text - length, "%03lld", static_cast<long long>(millis));
    return text;
}

// Offset just past the last gzip member of `path` that inflates completely.
std::uint64_t end_of_complete_members(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw system_error("cannot open", path);
    z_stream stream{};
    inflateInit2(&stream, 16 + MAX_WBITS);
    std::array<unsigned char, 64 * 1024> input{};
    std::array<unsigned char, 64 * 1024> output{};
    std::uint64_t consumed = 0;   // input bytes zlib has taken
    std::uint64_t good_end = 0;
    bool done = false;
    while (!done) {
        const ssize_t got = ::read(fd, input.data(), input.size());
        if (got <= 0) break;
        stream.next_in = input.data();
        stream.avail_in = static_cast<uInt>(got);
        while (stream.avail_in > 0) {
            stream.next_out = output.data();
            stream.avail_out = static_cast<uInt>(output.size());
            const uInt before = stream.avail_in;
            const int status = inflate(&stream, Z_NO_FLUSH);
            consumed += before - stream.avail_in;
            if (status == Z_STREAM_END) {
                good_end = consumed;
                inflateReset(&stream);
            } else if (status != Z_OK && status != Z_BUF_ERROR) {
                done = true;  // a damaged member: everything from it on goes
                break;
            }
        }
    }
    inflateEnd(&stream);
    ::close(fd);
    return good_end;
}

}  // namespace

std::vector<RepairReport> repair_open_files(const fs::path& dir) {
    std::vector<RepairReport> reports;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return reports;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (!name.ends_with(kOpenSuffix) || serial_of(name) < 0) continue;
        const auto size = fs::file_size(entry.path());
        const auto keep = end_of_complete_members(entry.path());
        RepairReport report{entry.path(), size - keep};
        report.file.replace_extension();  // drops ".open"
        if (keep == 0) {
            fs::remove(entry.path());
        } else {
            if (keep < size && ::truncate(entry.path().c_str(), static_cast<off_t>(keep)) != 0)
                throw system_error("cannot truncate", entry.path());
            fs::rename(entry.path(), report.file);
        }
        reports.push_back(std::move(report));
    }
    if (!reports.empty()) sync_folder(dir);
    return reports;
}

WarcFileWriter::WarcFileWriter(fs::path dir, std::uint64_t max_size, std::string info)
    : dir_(std::move(dir)), max_size_(max_size), info_(std::move(info)) {
    fs::create_directories(dir_);
    long long highest = -1;
    for (const auto& entry : fs::directory_iterator(dir_))
        highest = std::max(highest, serial_of(entry.path().filename().string()));
    next_serial_ = static_cast<std::uint64_t>(highest + 1);
}

WarcFileWriter::~WarcFileWriter() {
    try {
        close();
    } catch (...) {
        // Destructors must not throw; the file keeps its .open name and is repaired at the next start.
    }
}

void WarcFileWriter::open_next() {
    char serial[32];
    std::snprintf(serial, sizeof serial, "%05llu", static_cast<unsigned long long>(next_serial_++));
    const std::string name = std::string(kPrefix) + file_time() + "-" + serial + std::string(kSuffix);
    open_path_ = dir_ / (name + ".open");
    fd_ = ::open(open_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw system_error("cannot create", open_path_);
    size_ = 0;
    WarcRecord info;
    warcinfo_id_ = new_record_id();
    info.add("WARC-Type", "warcinfo")
        .add("WARC-Record-ID", warcinfo_id_)
        .add("WARC-Date", warc_date(std::chrono::system_clock::now()))
        .add("WARC-Filename", name)
        .add("Content-Type", "application/warc-fields");
    info.block = info_;
    append(gzip_member(serialize(info)));
    warcinfo_size_ = size_;
}

void WarcFileWriter::append(const std::string& bytes) {
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const auto error = system_error("cannot write", open_path_);
            // Leave no half record behind: cut the file back to where this write began.
            if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
                // The torn member stays; repair_open_files removes it at the next start.
            }
            throw error;
        }
        written += static_cast<std::size_t>(n);
    }
    size_ += bytes.size();
}

// Each record names the warcinfo record of the file it lands in, so it is encoded for that file.
std::string WarcFileWriter::encode(const std::vector<WarcRecord>& group) const {
    std::string bytes;
    for (WarcRecord record : group) {
        const auto after_id = std::min<std::size_t>(record.fields.size(), 2);  // WARC-Type, WARC-Record-ID
        record.fields.insert(record.fields.begin() + static_cast<std::ptrdiff_t>(after_id),
                             {"WARC-Warcinfo-ID", warcinfo_id_});
        bytes += gzip_member(serialize(record));
    }
    return bytes;
}

void WarcFileWriter::write(const std::vector<WarcRecord>& group) {
    if (fd_ < 0) open_next();
    std::string bytes = encode(group);
    if (size_ > warcinfo_size_ && size_ + bytes.size() > max_size_) {
        close();
        open_next();
        bytes = encode(group);
    }
    append(bytes);
}

void WarcFileWriter::close() {
    if (fd_ < 0) return;
    const int fd = fd_;
    fd_ = -1;
    if (::fsync(fd) != 0) {
        const auto error = system_error("cannot sync", open_path_);
        ::close(fd);
        throw error;
    }
    ::close(fd);
    fs::path final_path = open_path_;
    final_path.replace_extension();
    fs::rename(open_path_, final_path);
    sync_folder(dir_);
    ++files_closed_;
}

}  // namespace gleaner::archive

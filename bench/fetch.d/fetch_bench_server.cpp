// gleaner_bench_fetch_server: the web for bench/fetch. Serves the news corpus (see corpus_sites.h)
// as --urls distinct article URLs spread over --hosts loopback addresses 127.0.0.1, 127.0.0.2, ...
// (one port for all), each host with a robots.txt and a sitemap.xml of its own articles. HTTP/1.1
// keep-alive through Beast, one thread, pages built in memory per request (no disk reads).
//
//   serve:  gleaner_bench_fetch_server --corpus DIR --hosts H --urls N --port-file FILE
//           (writes the port to FILE once every address listens; SIGTERM/SIGINT stop it and print
//           the requests served and the CPU seconds used)
//   dump:   gleaner_bench_fetch_server --corpus DIR --dump OUT_DIR --count M
//           (writes the bodies of URLs 0..M-1 to OUT_DIR/<id>.html, for the extraction-only run)
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <sys/resource.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corpus_sites.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Options {
    std::string corpus, port_file, dump_dir;
    std::size_t hosts = 100, urls = 10000, count = 0;
};

struct Site {
    std::string origin;  // "http://127.0.0.h:port"
    std::string sitemap;
};

struct World {
    const gleaner::bench::CorpusSites& corpus;
    std::vector<Site> sites;
    std::size_t urls = 0;
    std::uint64_t requests = 0;
};

// URL number `id` lives on host id % hosts: consecutive numbers on different hosts, so every host's
// articles are copies of different corpus pages.
std::string article_path(std::size_t id) { return "/a/" + std::to_string(id) + ".html"; }

std::string sitemap_of(std::size_t host, const World& world) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (std::size_t id = host; id < world.urls; id += world.sites.size())
        xml += "<url><loc>" + world.sites[host].origin + article_path(id) + "</loc></url>\n";
    return xml + "</urlset>\n";
}

// The article number in "/a/<id>.html" when it belongs to `host`.
std::optional<std::size_t> article_id(std::string_view target, std::size_t host, const World& world) {
    if (target.rfind("/a/", 0) != 0 || target.size() < 9 || target.substr(target.size() - 5) != ".html") return {};
    std::size_t id = 0;
    const char* begin = target.data() + 3;
    const char* end = target.data() + target.size() - 5;
    const auto [stop, error] = std::from_chars(begin, end, id);
    if (error != std::errc() || stop != end || id >= world.urls || id % world.sites.size() != host) return {};
    return id;
}

http::response<http::string_body> answer(const http::request<http::empty_body>& request, std::size_t host,
                                         const World& world) {
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.keep_alive(request.keep_alive());
    const std::string_view target(request.target().data(), request.target().size());
    if (target == "/robots.txt") {
        response.set(http::field::content_type, "text/plain");
        response.body() = "User-agent: *\nAllow: /\n";
    } else if (target == "/sitemap.xml") {
        response.set(http::field::content_type, "application/xml");
        response.body() = world.sites[host].sitemap;
    } else if (auto id = article_id(target, host, world)) {
        response.set(http::field::content_type, "text/html; charset=utf-8");
        response.body() = world.corpus.page(*id);
    } else {
        response.result(http::status::not_found);
        response.set(http::field::content_type, "text/plain");
        response.body() = "not found";
    }
    response.prepare_payload();
    return response;
}

asio::awaitable<void> serve_connection(tcp::socket socket, std::size_t host, World& world) {
    beast::flat_buffer buffer;
    try {
        for (;;) {
            http::request<http::empty_body> request;
            co_await http::async_read(socket, buffer, request, asio::use_awaitable);
            ++world.requests;
            auto response = answer(request, host, world);
            co_await http::async_write(socket, response, asio::use_awaitable);
            if (!request.keep_alive()) break;
        }
    } catch (const std::exception&) {
        // The client closed the connection: nothing to do.
    }
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::size_t host, World& world) {
    for (;;) {
        tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
        socket.set_option(tcp::no_delay(true));
        asio::co_spawn(acceptor.get_executor(), serve_connection(std::move(socket), host, world), asio::detached);
    }
}

asio::ip::address_v4 loopback(std::size_t host) {
    return asio::ip::address_v4(0x7F000001u + static_cast<std::uint32_t>(host));
}

// One acceptor per address, all on the port the first one got; another port when one is taken.
std::vector<std::unique_ptr<tcp::acceptor>> listen_all(asio::io_context& io, std::size_t hosts) {
    for (int attempt = 0; attempt < 20; ++attempt) {
        std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
        acceptors.push_back(std::make_unique<tcp::acceptor>(io, tcp::endpoint(loopback(0), 0)));
        const unsigned short port = acceptors.front()->local_endpoint().port();
        try {
            for (std::size_t h = 1; h < hosts; ++h)
                acceptors.push_back(std::make_unique<tcp::acceptor>(io, tcp::endpoint(loopback(h), port)));
            return acceptors;
        } catch (const boost::system::system_error&) {
            continue;  // that port is taken on some address: try another
        }
    }
    throw std::runtime_error("no port free on all loopback addresses");
}

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

int dump(const gleaner::bench::CorpusSites& corpus, const Options& options) {
    std::filesystem::create_directories(options.dump_dir);
    for (std::size_t id = 0; id < options.count; ++id)
        std::ofstream(std::filesystem::path(options.dump_dir) / (std::to_string(id) + ".html"), std::ios::binary)
            << corpus.page(id);
    return 0;
}

int serve(const gleaner::bench::CorpusSites& corpus, const Options& options) {
    if (options.hosts < 1 || options.hosts > 254) throw std::runtime_error("--hosts must be 1..254");
    asio::io_context io(1);
    auto acceptors = listen_all(io, options.hosts);
    const unsigned short port = acceptors.front()->local_endpoint().port();
    World world{corpus, {}, options.urls, 0};
    for (std::size_t h = 0; h < options.hosts; ++h)
        world.sites.push_back({"http://" + loopback(h).to_string() + ":" + std::to_string(port), {}});
    for (std::size_t h = 0; h < options.hosts; ++h) world.sites[h].sitemap = sitemap_of(h, world);
    for (std::size_t h = 0; h < options.hosts; ++h)
        asio::co_spawn(io, accept_loop(*acceptors[h], h, world), asio::detached);
    asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
    {
        // Written whole, then renamed: the script never reads half a port number.
        const std::string partial = options.port_file + ".partial";
        std::ofstream(partial) << port << "\n";
        std::filesystem::rename(partial, options.port_file);
    }
    io.run();
    std::fprintf(stderr, "server: %llu requests, %.2f s CPU\n", static_cast<unsigned long long>(world.requests),
                 cpu_seconds());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--corpus" && has_value) options.corpus = argv[++i];
        else if (arg == "--hosts" && has_value) options.hosts = std::stoul(argv[++i]);
        else if (arg == "--urls" && has_value) options.urls = std::stoul(argv[++i]);
        else if (arg == "--port-file" && has_value) options.port_file = argv[++i];
        else if (arg == "--dump" && has_value) options.dump_dir = argv[++i];
        else if (arg == "--count" && has_value) options.count = std::stoul(argv[++i]);
        else {
            std::cerr << "usage: gleaner_bench_fetch_server --corpus DIR (--hosts H --urls N --port-file FILE"
                         " | --dump OUT_DIR --count M)\n";
            return 2;
        }
    }
    try {
        const gleaner::bench::CorpusSites corpus(std::filesystem::path(options.corpus) / "html");
        if (!options.dump_dir.empty()) return dump(corpus, options);
        if (options.port_file.empty()) throw std::runtime_error("--port-file is required to serve");
        return serve(corpus, options);
    } catch (const std::exception& e) {
        std::cerr << "gleaner_bench_fetch_server: " << e.what() << "\n";
        return 1;
    }
}

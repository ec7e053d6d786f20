// gleaner_bench_frontier: the claim rate of a crawl store's URL frontier with per-host politeness,
// run by bench/frontier (which starts a throwaway PostgreSQL). It lists --urls URLs over --hosts
// hosts, then --threads nodes (each with a store handle of its own, as separate daemons have) claim
// for --seconds per mode: each claimed URL takes a host slot (cluster-wide concurrency and delay),
// lists --outlinks new URLs found on its page (on its own site; --outlinks-on any: anywhere), is
// finished and gives its slot back. Mode `batched` makes those calls once per claimed batch
// (acquire_host_slots, add_urls, finish_urls, release_host_slots), mode `per-url` once per URL. Prints URLs/s per mode. --phase list (or run)
// does only the listing (or only the claiming, on a store listed before).
//
//   gleaner_bench_frontier --backend postgres --conninfo "host=… dbname=…" [--state-dir DIR]
//       [--hosts 10000] [--urls 1000000] [--threads 8] [--seconds 30] [--batch 128] [--per-host 2]
//       [--outlinks 3] [--delay-ms 0] [--concurrency 2] [--modes batched,per-url] [--server-pid PID]
//       [--phase list|run|all] [--outlinks-on same|any]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "state/crawl_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using gleaner::state::CrawlStore;

struct Options {
    std::string backend = "postgres";
    std::string conninfo;
    std::string state_dir = "/tmp";
    long hosts = 10'000;
    long urls = 1'000'000;
    int threads = 8;
    double seconds = 30;
    long batch = 128;  // about what a node fetching over 64 connections holds (2 x fetch.concurrency)
    long per_host = 2;
    int outlinks = 3;
    long delay_ms = 0;
    int concurrency = 2;
    std::vector<std::string> modes{"batched", "per-url"};
    long server_pid = 0;
    std::string phase = "all";  // list | run | all
    std::string outlinks_on = "same";  // same (host as the page) | any
};

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> out;
    for (std::size_t start = 0; start <= list.size();) {
        const auto comma = std::min(list.find(',', start), list.size());
        out.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--backend") o.backend = value;
        else if (key == "--conninfo") o.conninfo = value;
        else if (key == "--state-dir") o.state_dir = value;
        else if (key == "--hosts") o.hosts = std::stol(value);
        else if (key == "--urls") o.urls = std::stol(value);
        else if (key == "--threads") o.threads = std::stoi(value);
        else if (key == "--seconds") o.seconds = std::stod(value);
        else if (key == "--batch") o.batch = std::stol(value);
        else if (key == "--per-host") o.per_host = std::stol(value);
        else if (key == "--outlinks") o.outlinks = std::stoi(value);
        else if (key == "--delay-ms") o.delay_ms = std::stol(value);
        else if (key == "--concurrency") o.concurrency = std::stoi(value);
        else if (key == "--modes") o.modes = split(value);
        else if (key == "--server-pid") o.server_pid = std::stol(value);
        else if (key == "--phase") o.phase = value;
        else if (key == "--outlinks-on") o.outlinks_on = value;
        else throw std::invalid_argument("unknown option " + key);
    }
    return o;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::unique_ptr<CrawlStore> open(const Options& o) {
    gleaner::state::StoreSettings settings;
    settings.backend = o.backend;
    settings.conninfo = o.conninfo;
    settings.state_dir = o.state_dir;
    return gleaner::state::open_store(settings);
}

gleaner::state::ListedUrl url_on(long host, const std::string& path) {
    const std::string name = "h" + std::to_string(host) + ".example";
    const std::string url = "https://" + name + path;
    return {url, url, name, {}};
}

// Lists the URLs 10,000 at a time, every host in each batch (as many sitemaps would).
double seed(CrawlStore& store, const Options& o) {
    const auto start = Clock::now();
    constexpr long kBatch = 10'000;
    for (long first = 0; first < o.urls; first += kBatch) {
        std::vector<gleaner::state::ListedUrl> urls;
        for (long i = first; i < std::min(o.urls, first + kBatch); ++i)
            urls.push_back(url_on(i % o.hosts, "/article/" + std::to_string(i)));
        gleaner::state::AddUrlsOptions options;
        options.now_ms = now_ms();
        store.add_urls("seed", urls, options);
    }
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Tally {
    std::atomic<long> finished{0}, refused{0}, listed{0}, claims{0};
};

using gleaner::state::UrlOutcome;
constexpr std::int64_t kLeaseMs = 60'000;

UrlOutcome outcome(UrlOutcome::Kind kind) {
    UrlOutcome o;
    o.kind = kind;
    o.http_status = kind == UrlOutcome::Kind::done ? 200 : 0;
    return o;
}

gleaner::state::AddUrlsOptions at(std::int64_t now) {
    gleaner::state::AddUrlsOptions options;
    options.now_ms = now;
    return options;
}

// Tells this run's outlinks from an earlier run's in the same database.
const std::string& run_id() {
    static const std::string id = std::to_string(now_ms());
    return id;
}

// --outlinks new article URLs found on a page of `host`: on the same site (an article links to the
// site's other stories), or with --outlinks-on any, on hosts spread over all of them.
std::vector<gleaner::state::ListedUrl> outlinks(const Options& o, const std::string& host, const std::string& node,
                                                long& next_link) {
    std::vector<gleaner::state::ListedUrl> links;
    for (int l = 0; l < o.outlinks; ++l, ++next_link) {
        const std::string path = "/link/" + run_id() + "/" + node + "/" + std::to_string(next_link);
        if (o.outlinks_on == "any")
            links.push_back(
                url_on((next_link * 7919 + static_cast<long>(std::hash<std::string>{}(node))) % o.hosts, path));
        else
            links.push_back({"https://" + host + path, "https://" + host + path, host, {}});
    }
    return links;
}

// One node, calling the store once per URL: claim a batch, then for each URL take a host slot,
// list its outlinks, finish it and give the slot back.
void node_per_url(CrawlStore& store, const Options& o, const std::string& id, Clock::time_point until,
                  Tally& tally) {
    long next_link = 0;
    while (Clock::now() < until) {
        const auto claimed = store.claim_urls(id, now_ms(), now_ms() + kLeaseMs, static_cast<std::size_t>(o.batch),
                                              static_cast<std::size_t>(o.per_host));
        ++tally.claims;
        if (claimed.empty()) break;
        for (const auto& u : claimed) {
            const auto now = now_ms();
            const auto slot = store.acquire_host_slot(u.host, id, now, o.delay_ms, o.concurrency, now + kLeaseMs);
            if (!slot.granted) {
                store.finish_url(u.id, id, outcome(UrlOutcome::Kind::returned), now);
                ++tally.refused;
                continue;
            }
            const auto links = outlinks(o, u.host, id, next_link);
            tally.listed += static_cast<long>(store.add_urls("outlinks", links, at(now)).added);
            store.finish_url(u.id, id, outcome(UrlOutcome::Kind::done), now_ms());
            store.release_host_slot(u.host, slot.slot, id);
            ++tally.finished;
        }
    }
}

// One node, calling the store once per batch: claim, take the batch's host slots, list all their
// outlinks, finish the batch, give the slots back.
void node_batched(CrawlStore& store, const Options& o, const std::string& id, Clock::time_point until,
                  Tally& tally) {
    long next_link = 0;
    while (Clock::now() < until) {
        const auto claimed = store.claim_urls(id, now_ms(), now_ms() + kLeaseMs, static_cast<std::size_t>(o.batch),
                                              static_cast<std::size_t>(o.per_host));
        ++tally.claims;
        if (claimed.empty()) break;
        std::vector<gleaner::state::HostSlotRequest> requests;
        for (const auto& u : claimed) requests.push_back({u.host, o.delay_ms, o.concurrency});
        const auto now = now_ms();
        const auto slots = store.acquire_host_slots(requests, id, now, now + kLeaseMs);
        std::vector<gleaner::state::ListedUrl> links;
        std::vector<gleaner::state::FinishedUrl> finished;
        std::vector<gleaner::state::HeldHostSlot> held;
        for (std::size_t i = 0; i < claimed.size(); ++i) {
            if (!slots[i].granted) {
                finished.push_back({claimed[i].id, outcome(UrlOutcome::Kind::returned)});
                ++tally.refused;
                continue;
            }
            const auto more = outlinks(o, claimed[i].host, id, next_link);
            links.insert(links.end(), more.begin(), more.end());
            finished.push_back({claimed[i].id, outcome(UrlOutcome::Kind::done)});
            held.push_back({claimed[i].host, slots[i].slot});
            ++tally.finished;
        }
        tally.listed += static_cast<long>(store.add_urls("outlinks", links, at(now)).added);
        store.finish_urls(id, finished, now_ms());
        store.release_host_slots(held, id);
    }
}

// CPU seconds used so far by this process, and by the PostgreSQL server whose postmaster is
// --server-pid (its processes; 0: not measured).
double own_cpu_s() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double server_cpu_s(long server_pid) {
    if (server_pid <= 0) return 0;
    double ticks = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        std::ifstream in(entry.path() / "stat");
        std::string line;
        if (!std::getline(in, line)) continue;
        const auto open = line.find('('), close = line.rfind(')');
        if (open == std::string::npos || close == std::string::npos) continue;
        std::istringstream fields(line.substr(close + 2));
        std::string field;
        double utime = 0, stime = 0;
        const long pid = std::atol(line.c_str());
        for (int i = 3; fields >> field; ++i) {
            if (i == 4 && pid != server_pid && std::stol(field) != server_pid) break;  // ppid
            if (i == 14) utime = std::stod(field);
            if (i == 15) {
                stime = std::stod(field);
                break;
            }
        }
        ticks += utime + stime;
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Runs --threads nodes for --seconds; returns URLs finished per second.
double run(const Options& o, const std::string& mode, CrawlStore& shared_store) {
    // Separate daemons each have a store of their own (a connection pool each, for PostgreSQL); a
    // one-node store is shared by the threads of its one daemon.
    std::vector<std::unique_ptr<CrawlStore>> stores;
    for (int i = 0; i < o.threads; ++i) stores.push_back(shared_store.shared() ? open(o) : nullptr);
    Tally tally;
    const double own_before = own_cpu_s(), server_before = server_cpu_s(o.server_pid);
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
    std::vector<std::thread> threads;
    std::atomic<bool> failed{false};
    for (int i = 0; i < o.threads; ++i)
        threads.emplace_back([&, i] {
            CrawlStore& store = stores[i] ? *stores[i] : shared_store;
            const std::string id = "bench-" + mode + "-" + std::to_string(i);
            try {
                if (mode == "batched") node_batched(store, o, id, until, tally);
                else node_per_url(store, o, id, until, tally);
            } catch (const std::exception& e) {
                std::cerr << id << ": " << e.what() << "\n";
                failed = true;
            }
        });
    for (auto& t : threads) t.join();
    if (failed) throw std::runtime_error("a node failed");
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const double own = own_cpu_s() - own_before, server = server_cpu_s(o.server_pid) - server_before;
    const double rate = tally.finished / elapsed;
    const auto urls = static_cast<double>(std::max(tally.finished.load(), 1L));
    std::printf("%s %-8s %d nodes: %7ld URLs in %5.1f s = %6.0f URLs/s  (%ld claims, %ld slots refused, "
                "%ld outlinks listed)\n",
                o.backend.c_str(), mode.c_str(), o.threads, tally.finished.load(), elapsed, rate, tally.claims.load(),
                tally.refused.load(), tally.listed.load());
    if (o.server_pid > 0 || !shared_store.shared())
        std::printf("%s %-8s CPU: server %.1f s + nodes %.1f s = %.3f ms per URL; %.0f URLs per CPU-second\n",
                    o.backend.c_str(), mode.c_str(), server, own, 1000 * (server + own) / urls, urls / (server + own));
    std::fflush(stdout);
    return rate;
}

}  // namespace

int main(int argc, char** argv) try {
    const Options o = parse(argc, argv);
    auto store = open(o);
    if (o.phase != "run") {
        const double seed_s = seed(*store, o);
        std::printf("%s listed   %ld URLs on %ld hosts in %.1f s = %.0f URLs/s\n", o.backend.c_str(), o.urls,
                    o.hosts, seed_s, o.urls / seed_s);
        std::fflush(stdout);
    }
    if (o.phase != "list")
        for (const auto& mode : o.modes) run(o, mode, *store);
    const auto stats = store->stats("", now_ms(), 0);
    std::printf("%s frontier now: %lld queued, %lld done\n", o.backend.c_str(),
                static_cast<long long>(stats.frontier_queued), static_cast<long long>(stats.frontier_done));
    return 0;
} catch (const std::exception& e) {
    std::cerr << "gleaner_bench_frontier: " << e.what() << "\n";
    return 1;
}

// Several daemons sharing one crawl through PostgreSQL (issue 11): three nodes, one database, three
// sites on 127.0.0.1–127.0.0.3 with Crawl-delay. Every story is stored exactly once, each feed is
// fetched once per interval by the cluster, requests to a host keep the crawl delay across nodes,
// more than one node does the work; a node killed mid-run loses nothing and rejoins; articles a dead
// node had in its outbox reach the plugins through the others. Needs the PostgreSQL server
// scripts/test starts (GLEANER_TEST_PG); skipped without it.
#include <libpq-fe.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include "e2e_fixture.h"
#include "pg_scalar.h"
#include "service_helpers.h"

using namespace gleaner::testing;
using gleaner::test::TestHttpServer;
using namespace std::chrono_literals;

namespace {

constexpr auto kCrawlDelay = 200ms;

class ClusterTest : public EndToEndTest {
protected:
    void SetUp() override {
        EndToEndTest::SetUp();
        const char* pg = std::getenv("GLEANER_TEST_PG");
        if (!pg) GTEST_SKIP() << "GLEANER_TEST_PG unset: the cluster tests need the PostgreSQL server scripts/test starts";
        server_conninfo_ = pg;
        static int counter = 0;
        database_ = "gleaner_cluster_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
        pg_scalar(server_conninfo_, "CREATE DATABASE " + database_);
        // In a libpq connection string a later keyword wins.
        conninfo_ = server_conninfo_ + " dbname=" + database_;
    }
    void TearDown() override {
        nodes_.clear();
        sites_.clear();
        if (!database_.empty()) pg_scalar(server_conninfo_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
        EndToEndTest::TearDown();
    }

    // A site on `address` with a Crawl-delay and a feed of `stories` stories.
    TestHttpServer& add_site(const std::string& address, int stories, bool crawl_delay = true) {
        auto& site = *sites_.emplace_back(std::make_unique<TestHttpServer>(address));
        site.serve_robots(crawl_delay ? "User-agent: *\nCrawl-delay: 0.2\n" : "User-agent: *\nAllow: /\n");
        std::string items;
        const int base = static_cast<int>(sites_.size()) * 1000;
        for (int i = 0; i < stories; ++i) {
            const std::string path = "/story/" + std::to_string(i) + ".html";
            site.serve(path, generated_article(base + i));
            items += "<item><title>t</title><link>" + site.url(path) + "</link></item>";
        }
        site.serve("/feed.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>" + items +
                                    "</channel></rss>",
                   "application/rss+xml");
        return site;
    }

    // One node's configuration: its own name, state folder and User-Agent; the shared database.
    std::filesystem::path node_config(const std::string& name, const std::string& plugins_extra = "") {
        std::string sources;
        for (std::size_t i = 0; i < sites_.size(); ++i)
            sources += "  - name: site" + std::to_string(i + 1) + "\n    type: feed\n    urls: [ \"" +
                       sites_[i]->url("/feed.xml") + "\" ]\n    interval: 1h\n";
        const auto folder = dir_ / name;
        std::filesystem::create_directories(folder);
        const std::string yaml =
            "state_dir: " + (folder / "state").string() + "\n"
            "node: { name: " + name + " }\n"
            "state: { backend: postgres, conninfo: \"" + conninfo_ + "\", lease: 3s }\n"
            "log: { level: debug }\n"
            "admin: { listen: \"127.0.0.1:0\" }\n"
            "fetch: { user_agent: \"GleanerNode-" + name + "/1.0\", allow_private_networks: true, per_host_concurrency: 1,"
            " retry: { max_attempts: 2, base_delay: 100ms } }\n"
            "sources:\n" + sources +
            "plugins:\n"
            "  - name: warehouse\n"
            "    type: postgres\n"
            "    config: { conninfo: \"" + conninfo_ + "\", table: stories }\n" + plugins_extra;
        std::ofstream(folder / "gleaner.yaml") << yaml;
        return folder / "gleaner.yaml";
    }

    DaemonProcess& start_node(const std::string& name, const std::string& plugins_extra = "") {
        const auto config = node_config(name, plugins_extra);
        auto& node = nodes_[name];
        node.reset();
        static int run = 0;
        node = std::make_unique<DaemonProcess>(std::vector<std::string>{"run", "--config", config.string()},
                                               dir_ / (name + "-" + std::to_string(++run) + ".log"));
        return *node;
    }

    long stored() { return std::atol(pg_scalar(conninfo_, "SELECT COUNT(*) FROM stories").c_str()); }
    long stored_distinct() {
        return std::atol(pg_scalar(conninfo_, "SELECT COUNT(DISTINCT canonical_url) FROM stories").c_str());
    }
    std::string logs() const {
        std::string all;
        for (const auto& [name, node] : nodes_) {
            if (node) all += "--- " + name + "\n" + node->log();
        }
        return all;
    }
    void stop_all() {
        for (auto& [name, node] : nodes_)
            if (node && node->running()) node->signal(SIGTERM);
        for (auto& [name, node] : nodes_) {
            if (node) {
                EXPECT_TRUE(node->wait().has_value()) << name;
            }
        }
    }

    // Story and feed requests to each site (robots.txt aside: each node reads it once itself).
    static std::vector<gleaner::test::ReceivedRequest> gated_requests(const TestHttpServer& site) {
        auto requests = site.requests();
        std::erase_if(requests, [](const auto& r) { return r.path == "/robots.txt"; });
        std::sort(requests.begin(), requests.end(),
                  [](const auto& a, const auto& b) { return a.received_at < b.received_at; });
        return requests;
    }
    void expect_crawl_delay_kept(const TestHttpServer& site) {
        const auto requests = gated_requests(site);
        for (std::size_t i = 1; i < requests.size(); ++i) {
            const auto gap = requests[i].received_at - requests[i - 1].received_at;
            EXPECT_GE(gap, kCrawlDelay) << site.origin() << ": " << requests[i - 1].path << " ("
                                        << requests[i - 1].header("User-Agent") << ") then " << requests[i].path
                                        << " (" << requests[i].header("User-Agent") << ") only "
                                        << std::chrono::duration_cast<std::chrono::milliseconds>(gap).count()
                                        << " ms apart";
        }
    }

    std::string server_conninfo_, database_, conninfo_;
    std::vector<std::unique_ptr<TestHttpServer>> sites_;
    std::map<std::string, std::unique_ptr<DaemonProcess>> nodes_;
};

}  // namespace

TEST_F(ClusterTest, ThreeNodesShareThreeSitesEachStoryOnceCrawlDelayKeptAcrossNodes) {
    for (const auto* address : {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) add_site(address, 100);
    for (const auto* name : {"a", "b", "c"}) start_node(name);
    ASSERT_TRUE(eventually([&] { return stored() >= 300; }, 240s)) << "stored " << stored() << "\n" << logs();
    stop_all();

    EXPECT_EQ(stored(), 300) << "every story exactly once";
    EXPECT_EQ(stored_distinct(), 300);
    std::set<std::string> agents;
    for (const auto& site : sites_) {
        EXPECT_EQ(site->request_count("/feed.xml"), 1u) << site->origin() << ": each feed once per interval";
        expect_crawl_delay_kept(*site);
        for (const auto& r : gated_requests(*site)) agents.insert(r.header("User-Agent"));
    }
    EXPECT_GE(agents.size(), 2u) << "more than one node did the work";
}

TEST_F(ClusterTest, ANodeKilledMidRunLosesNothingAndARestartedNodeRejoins) {
    for (const auto* address : {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) add_site(address, 60);
    for (const auto* name : {"a", "b", "c"}) start_node(name);
    ASSERT_TRUE(eventually([&] { return stored() >= 40; }, 120s)) << logs();
    nodes_["b"]->signal(SIGKILL);
    nodes_["b"]->wait();
    ASSERT_TRUE(eventually([&] { return stored() >= 180; }, 240s)) << "stored " << stored() << "\n" << logs();

    // The killed node comes back under its name and joins the cluster's heartbeats again.
    auto& again = start_node("b");
    ASSERT_TRUE(eventually([&] {
        const unsigned short port = admin_port_from_log(again.log());
        if (port == 0) return false;
        const auto m = http_get("http://127.0.0.1:" + std::to_string(port) + "/metrics").body;
        return m.find("gleaner_nodes_alive 3") != std::string::npos;
    }, 60s)) << again.log();
    stop_all();

    EXPECT_EQ(stored(), 180) << "nothing lost, nothing doubled";
    EXPECT_EQ(stored_distinct(), 180);
    for (const auto& site : sites_) {
        std::map<std::string, int> per_page;
        for (const auto& r : gated_requests(*site)) per_page[r.path]++;
        for (const auto& [path, count] : per_page) EXPECT_LE(count, 2) << site->origin() << path << " fetched too often";
    }
}

TEST_F(ClusterTest, ArticlesADeadNodeHadInItsOutboxReachEveryPluginThroughTheOthers) {
    add_site("127.0.0.1", 20, false);
    // A slow plugin every node runs, writing to a file of the node's own.
    const auto slow = [this](const std::string& node) {
        return "  - name: slow\n    path: " RECORDER_PLUGIN "\n    config: { out: " + (dir_ / (node + "-slow.txt")).string() +
               ", delay_ms: 300 }\n    batch_size: 2\n";
    };
    start_node("a", slow("a"));
    ASSERT_TRUE(eventually([&] { return stored() >= 20 && lines_of("a-slow.txt").size() >= 2; }, 120s)) << logs();
    ASSERT_LT(lines_of("a-slow.txt").size(), 20u);
    nodes_["a"]->signal(SIGKILL);
    nodes_["a"]->wait();
    start_node("b", slow("b"));
    start_node("c", slow("c"));
    std::set<std::string> titles;
    ASSERT_TRUE(eventually([&] {
        titles.clear();
        for (const auto* node : {"a", "b", "c"})
            for (const auto& line : lines_of(std::string(node) + "-slow.txt")) titles.insert(line.substr(0, line.find('\t')));
        return titles.size() >= 20;
    }, 120s)) << titles.size() << "\n" << logs();
    stop_all();
    EXPECT_EQ(titles.size(), 20u) << "every article reached the slow plugin";
    EXPECT_EQ(stored(), 20) << "and the warehouse, once each";
}

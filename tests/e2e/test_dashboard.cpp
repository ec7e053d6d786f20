// The dashboard at / in a real browser (Debian's chromium-headless-shell): the daemon runs on a local
// site, the browser loads the page, lets its script fetch /status and draw, and the test reads the DOM
// it produced — sources, plugins, the newest articles linked to their URLs, the chart's bars — and
// takes a screenshot (the README's, when GLEANER_DASHBOARD_SCREENSHOT names where to put it).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "e2e_fixture.h"
#include "service_helpers.h"

namespace gleaner::testing {
namespace {

class DashboardTest : public EndToEndTest {
protected:
    // Runs chromium-headless-shell on `url` with `extra` flags; returns what it printed on stdout.
    std::string browser(const std::string& url, const std::string& extra) {
        const auto profile = dir_ / "chromium-profile";
        // The flags the machine's notes give for a closed network, as root.
        const std::string command =
            "chromium-headless-shell --no-sandbox --disable-gpu --disable-quic --no-first-run "
            "--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars "
            "--user-data-dir='" + profile.string() + "' " + extra + " '" + url + "' 2>'" +
            (dir_ / "chromium.log").string() + "'";
        std::string out;
        if (FILE* pipe = ::popen(command.c_str(), "r")) {
            std::array<char, 4096> buffer{};
            while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
            ::pclose(pipe);
        }
        return out;
    }
};

TEST_F(DashboardTest, ThePageShowsSourcesPluginsNewestArticlesAndTheChartAndRefreshesItself) {
    serve_news_site();
    const auto config = write_config(config_with_sources(
        "  - { name: news, type: feed, urls: [\"" + server_->url("/feed.xml") + "\"], interval: 1h }\n",
        "admin: { listen: \"127.0.0.1:0\" }\n"));
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    unsigned short port = 0;
    ASSERT_TRUE(eventually([&] { return (port = admin_port_from_log(daemon.log())) != 0; })) << daemon.log();
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    ASSERT_TRUE(eventually([&] {
        const auto status = nlohmann::json::parse(http_get(base + "/status").body);
        return status["plugins"].size() == 2 && status["plugins"][1]["delivered"] == 3;
    })) << daemon.log();

    const auto page = http_get(base + "/");
    ASSERT_EQ(page.status, 200);
    EXPECT_FALSE(std::regex_search(page.body, std::regex(R"((src|href)\s*=\s*["']?(https?:)?//)")))
        << "the page loads nothing from another host";

    // 12 s of the page's own time: the first load and two refreshes (every 5 s), without a reload.
    const std::string dom = browser(base + "/", "--virtual-time-budget=12000 --dump-dom");
    ASSERT_NE(dom.find("data-loaded=\"true\""), std::string::npos) << dom.substr(0, 2000);
    std::smatch refreshes;
    ASSERT_TRUE(std::regex_search(dom, refreshes, std::regex(R"re(data-refreshes="(\d+)")re"))) << dom.substr(0, 2000);
    EXPECT_GE(std::stoi(refreshes[1]), 3) << "the page refreshes itself";
    EXPECT_NE(dom.find("data-source=\"news\""), std::string::npos);
    EXPECT_NE(dom.find("data-plugin=\"archive\""), std::string::npos);
    EXPECT_NE(dom.find("data-plugin=\"stream\""), std::string::npos);
    const auto newest = nlohmann::json::parse(http_get(base + "/status").body)["articles"];
    ASSERT_EQ(newest.size(), 3u);
    for (const auto& article : newest) {
        EXPECT_NE(dom.find("href=\"" + article["url"].get<std::string>() + "\""), std::string::npos)
            << "the newest articles link to their URLs: " << article["url"];
        EXPECT_NE(dom.find(article["title"].get<std::string>()), std::string::npos) << article["title"];
    }
    EXPECT_NE(dom.find("data-bars=\"1\""), std::string::npos) << "this hour's bar is drawn";
    EXPECT_NE(dom.find(">ok<"), std::string::npos) << "the source's last pass outcome";

    const auto shot = dir_ / "dashboard.png";
    browser(base + "/", "--virtual-time-budget=3000 --window-size=1280,760 --screenshot='" + shot.string() + "'");
    // chromium writes the screenshot into its working folder when given a bare name; here a full path.
    ASSERT_TRUE(std::filesystem::exists(shot)) << "no screenshot";
    EXPECT_GT(std::filesystem::file_size(shot), 10000u);
    if (const char* keep = std::getenv("GLEANER_DASHBOARD_SCREENSHOT")) std::filesystem::copy_file(
        shot, keep, std::filesystem::copy_options::overwrite_existing);

    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
}

}  // namespace
}  // namespace gleaner::testing

// Loading built-in plugins through the daemon's config loader and plugin host (see plugin_harness.h).
#include "plugin_harness.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "article_fixture.h"
#include "config/config_loader.h"
#include "plugins/plugin_library.h"
#include "plugins/plugin_schema_provider.h"
#include "plugins/spooled_article.h"

namespace gleaner::builtin_test {
namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "gleaner-builtin-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

namespace {

config::LoadResult load_entry(const std::string& type, const std::string& config_yaml, const fs::path& work_dir) {
    std::ostringstream yaml;
    yaml << "plugins:\n  - name: under-test\n    type: " << type << "\n    config:\n";
    std::istringstream lines(config_yaml);
    for (std::string line; std::getline(lines, line);) yaml << "      " << line << "\n";
    const fs::path file = work_dir / "gleaner.yaml";
    std::ofstream(file) << yaml.str();
    const auto provider = plugins::make_plugin_schema_provider({fs::path(BUILTIN_PLUGIN_DIR)});
    return config::load_config(file, &provider);
}

}  // namespace

std::string config_errors(const std::string& type, const std::string& config_yaml, const fs::path& work_dir) {
    std::string out;
    for (const auto& d : load_entry(type, config_yaml, work_dir).diagnostics) {
        config::Diagnostic unnamed = d;
        unnamed.file.clear();
        out += unnamed.to_string() + "\n";
    }
    return out;
}

nlohmann::json plugin_config_json(const std::string& type, const std::string& config_yaml,
                                  const fs::path& work_dir) {
    const config::LoadResult result = load_entry(type, config_yaml, work_dir);
    if (!result.ok()) {
        std::string messages;
        for (const auto& d : result.diagnostics) messages += d.to_string() + "\n";
        throw ConfigRejected(messages);
    }
    return nlohmann::json::parse(result.config->plugins.at(0).config_json);
}

std::unique_ptr<plugins::PluginInstance> load_plugin(const std::string& type, const std::string& config_yaml,
                                                     const fs::path& work_dir) {
    const nlohmann::json config = plugin_config_json(type, config_yaml, work_dir);
    fs::create_directories(work_dir / "data");
    return std::make_unique<plugins::PluginInstance>(
        plugins::PluginLibrary::open(fs::path(BUILTIN_PLUGIN_DIR) / ("gleaner_" + type + ".so")), "under-test",
        config.dump(), work_dir / "data");
}

nlohmann::json make_article(const std::string& title, const std::string& url, const std::string& text) {
    return gleaner::testing::article_json(title, url, text);
}

plugins::CallResult deliver(plugins::PluginInstance& plugin, const nlohmann::json& article,
                            const std::string& matched_terms) {
    const auto spooled = plugins::SpooledArticle::parse(1, article.dump());
    gleaner_article view = spooled->view();
    view.matched_terms = {matched_terms.c_str(), matched_terms.size()};
    return plugin.consume(view);
}

}  // namespace gleaner::builtin_test

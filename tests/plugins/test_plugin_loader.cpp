// Loading plugins with dlopen: what the loader accepts, what it refuses and how it says so, and how
// each answer of a plugin call reaches the daemon.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "article_fixture.h"
#include "plugins/plugin_instance.h"
#include "plugins/plugin_library.h"
#include "plugins/plugin_locator.h"
#include "plugins/plugin_schema_provider.h"
#include "plugins/spooled_article.h"

namespace fs = std::filesystem;
using namespace gleaner::plugins;

namespace {

fs::path test_plugin(const std::string& name) { return fs::path(TEST_PLUGIN_DIR) / (name + ".so"); }

class PluginLoaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("gleaner-plugin-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string out_file() const { return (dir_ / "out.txt").string(); }
    std::string config(const std::string& mode = "ok") const {
        return nlohmann::json{{"out", out_file()}, {"mode", mode}}.dump();
    }
    std::string read_out() const {
        std::ifstream in(out_file());
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    std::unique_ptr<PluginInstance> recorder(const std::string& mode = "ok") {
        return std::make_unique<PluginInstance>(PluginLibrary::open(test_plugin("test_recorder_plugin")), "rec",
                                                config(mode), dir_ / "data");
    }
    static std::shared_ptr<const SpooledArticle> article(const std::string& title) {
        return SpooledArticle::parse(1, gleaner::testing::article_payload(title));
    }

    fs::path dir_;
};

std::string load_error(const fs::path& file) {
    try {
        PluginLibrary::open(file);
    } catch (const PluginLoadError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_F(PluginLoaderTest, LoadsAPluginWrittenWithTheCppHelperAndDeliversToIt) {
    auto library = PluginLibrary::open(test_plugin("test_recorder_plugin"));
    EXPECT_EQ(library->name(), "recorder");
    EXPECT_EQ(library->descriptor().abi_major, GLEANER_ABI_MAJOR);
    EXPECT_EQ(library->descriptor().config_key_count, 5u);  // out, mode, delay_ms, first_delay_ms, crash_on
    PluginInstance instance(library, "rec", config(), dir_ / "data");
    auto a = article("Floods in the valley");
    EXPECT_EQ(instance.consume(a->view()).status, GLEANER_OK);
    EXPECT_EQ(instance.flush().status, GLEANER_OK);
    EXPECT_EQ(read_out(), "Floods in the valley\t\n");
    EXPECT_EQ(instance.counters()["consumed"], 1u);
    EXPECT_TRUE(fs::is_directory(dir_ / "data")) << "the daemon creates the instance's data folder";
}

TEST_F(PluginLoaderTest, LoadsAPluginWrittenInPlainC) {
    PluginInstance instance(PluginLibrary::open(test_plugin("test_c_plugin")), "c",
                            nlohmann::json{{"out", out_file()}}.dump(), {});
    EXPECT_EQ(instance.consume(article("One")->view()).status, GLEANER_OK);
    EXPECT_EQ(instance.consume(article("Two")->view()).status, GLEANER_OK);
    EXPECT_EQ(instance.flush().status, GLEANER_OK);
    EXPECT_EQ(read_out(), "1 One\n2 Two\n");
    EXPECT_EQ(instance.counters()["articles"], 2u);
}

TEST_F(PluginLoaderTest, LoadsAPluginBuiltAgainstThePreviousAbiMinorVersion) {
    auto library = PluginLibrary::open(test_plugin("test_abi_v1_0_plugin"));
    EXPECT_EQ(library->descriptor().abi_major, 1);
    EXPECT_EQ(library->descriptor().abi_minor, 0);
    ASSERT_LT(0, GLEANER_ABI_MINOR) << "this test needs the current ABI to be newer than 1.0";
    PluginInstance instance(library, "old", nlohmann::json{{"out", out_file()}}.dump(), {});
    EXPECT_EQ(instance.consume(article("Still readable")->view()).status, GLEANER_OK);
    EXPECT_EQ(instance.flush().status, GLEANER_OK);
    EXPECT_EQ(read_out(), "1 Still readable\n");
}

TEST_F(PluginLoaderTest, LoadsACppPluginWrittenTheAbi11WayWithItsKeyArrayAndConfigJson) {
    auto library = PluginLibrary::open(test_plugin("test_abi_v1_1_plugin"));
    EXPECT_EQ(library->descriptor().abi_minor, 1);
    EXPECT_EQ(library->descriptor().config_key_size, 0u) << "1.1 descriptors end before config_key_size";
    const auto keys = declared_keys(*library);
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys[1].name, "prefix");
    EXPECT_EQ(keys[1].default_yaml, "\"1.1: \"");
    EXPECT_EQ(keys[1].flags, 0u);
    PluginInstance instance(library, "old", nlohmann::json{{"out", out_file()}, {"prefix", "> "}}.dump(), {});
    EXPECT_EQ(instance.consume(article("Kept working")->view()).status, GLEANER_OK);
    EXPECT_EQ(read_out(), "> Kept working\n");
}

TEST_F(PluginLoaderTest, RefusesAnotherAbiMajorVersionNamingBothVersionsAndTheFile) {
    const auto error = load_error(test_plugin("test_wrong_abi_plugin"));
    EXPECT_NE(error.find(test_plugin("test_wrong_abi_plugin").string()), std::string::npos) << error;
    EXPECT_NE(error.find("ABI 99.3"), std::string::npos) << error;
    EXPECT_NE(error.find("ABI " + std::to_string(GLEANER_ABI_MAJOR) + "." + std::to_string(GLEANER_ABI_MINOR)),
              std::string::npos)
        << error;
}

TEST_F(PluginLoaderTest, RefusesASharedObjectWithoutTheEntrySymbolNamingTheFile) {
    const auto error = load_error(test_plugin("test_no_entry_plugin"));
    EXPECT_NE(error.find(test_plugin("test_no_entry_plugin").string()), std::string::npos) << error;
    EXPECT_NE(error.find("does not export gleaner_plugin_entry"), std::string::npos) << error;
}

TEST_F(PluginLoaderTest, RefusesAMissingOrNonSharedObjectFile) {
    EXPECT_NE(load_error(dir_ / "nope.so").find("cannot load plugin " + (dir_ / "nope.so").string()), std::string::npos);
    std::ofstream(dir_ / "text.so") << "not an ELF file";
    EXPECT_NE(load_error(dir_ / "text.so").find("cannot load plugin"), std::string::npos);
}

TEST_F(PluginLoaderTest, CreateFailureCarriesThePluginsReason) {
    try {
        PluginInstance instance(PluginLibrary::open(test_plugin("test_failing_create_plugin")), "db", "{}", {});
        FAIL() << "create should have failed";
    } catch (const PluginCreateError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("plugin db (failing"), std::string::npos) << what;
        EXPECT_NE(what.find("database password rejected"), std::string::npos) << what;
    }
}

TEST_F(PluginLoaderTest, ConstructorExceptionBecomesACreateError) {
    EXPECT_THROW(recorder("bad_config"), PluginCreateError);
}

TEST_F(PluginLoaderTest, RetryAndFailCarryTheReportedReason) {
    auto retrying = recorder("retry");
    const auto r = retrying->consume(article("x")->view());
    EXPECT_EQ(r.status, GLEANER_RETRY);
    EXPECT_EQ(r.error, "target unavailable");
    auto failing = recorder("fail");
    const auto f = failing->consume(article("x")->view());
    EXPECT_EQ(f.status, GLEANER_FAIL);
    EXPECT_EQ(f.error, "article rejected");
}

TEST_F(PluginLoaderTest, AnInvalidStatusIsTreatedAsFailureNotTrusted) {
    auto garbage = recorder("garbage");
    const auto r = garbage->consume(article("x")->view());
    EXPECT_EQ(r.status, GLEANER_FAIL);
    EXPECT_NE(r.error.find("invalid status 42"), std::string::npos) << r.error;
}

TEST_F(PluginLoaderTest, AnExceptionInsideThePluginBecomesFailWithItsMessage) {
    auto throwing = recorder("throw");
    const auto r = throwing->consume(article("x")->view());
    EXPECT_EQ(r.status, GLEANER_FAIL);
    EXPECT_EQ(r.error, "boom");
    // The instance stays usable.
    EXPECT_EQ(throwing->flush().status, GLEANER_OK);
}

TEST_F(PluginLoaderTest, HostApiTableStartsWithItsSizeAndVersion) {
    const auto& api = PluginInstance::host_api();
    EXPECT_EQ(api.struct_size, sizeof(gleaner_host_api));
    EXPECT_EQ(api.abi_major, GLEANER_ABI_MAJOR);
    EXPECT_EQ(api.abi_minor, GLEANER_ABI_MINOR);
}

TEST_F(PluginLoaderTest, LocatesBuiltInTypesAndListsThemWhenATypeIsUnknown) {
    const std::vector<fs::path> search{BUILTIN_PLUGIN_DIR};
    gleaner::config::PluginConfig jsonl;
    jsonl.name = "stream";
    jsonl.type = "jsonl";
    auto found = locate_plugin(jsonl, search);
    ASSERT_TRUE(found.file) << found.error;
    EXPECT_EQ(found.file->filename(), "gleaner_jsonl.so");

    gleaner::config::PluginConfig unknown;
    unknown.name = "x";
    unknown.type = "carrier-pigeon";
    auto missing = locate_plugin(unknown, search);
    EXPECT_FALSE(missing.file);
    EXPECT_NE(missing.error.find("unknown plugin type \"carrier-pigeon\""), std::string::npos) << missing.error;
    EXPECT_NE(missing.error.find("jsonl"), std::string::npos) << missing.error;
    EXPECT_NE(missing.error.find("sqlite"), std::string::npos) << missing.error;
}

TEST_F(PluginLoaderTest, ATypeCannotNameAFileOutsideThePluginFolder) {
    // plugins/gleaner_x/../../outside.so resolves to a file beside the plugin folder, not in it.
    const fs::path root = fs::temp_directory_path() / ("gleaner-locator-" + std::to_string(::getpid()));
    fs::create_directories(root / "plugins" / "gleaner_x");
    fs::copy_file(fs::path(BUILTIN_PLUGIN_DIR) / "gleaner_jsonl.so", root / "outside.so",
                  fs::copy_options::overwrite_existing);
    gleaner::config::PluginConfig escaping;
    escaping.name = "evil";
    escaping.type = "x/../../outside";

    const auto located = locate_plugin(escaping, {root / "plugins"});

    EXPECT_FALSE(located.file) << located.file->string();
    EXPECT_NE(located.error.find("not a plain name"), std::string::npos) << located.error;
    fs::remove_all(root);
}

TEST_F(PluginLoaderTest, SchemaProviderReportsTheKeysAPluginDeclares) {
    auto provider = make_plugin_schema_provider({BUILTIN_PLUGIN_DIR});
    gleaner::config::PluginConfig sqlite;
    sqlite.name = "archive";
    sqlite.type = "sqlite";
    auto answer = provider(sqlite);
    ASSERT_TRUE(std::holds_alternative<gleaner::config::PluginSchema>(answer)) << std::get<std::string>(answer);
    const auto& keys = std::get<gleaner::config::PluginSchema>(answer).keys;
    ASSERT_EQ(keys.size(), 3u);
    EXPECT_EQ(keys[0].name, "path");
    EXPECT_EQ(keys[0].type, GLEANER_CONFIG_PATH);
    EXPECT_TRUE(keys[0].required);
    EXPECT_EQ(keys[1].name, "busy_timeout");
    EXPECT_EQ(keys[1].default_yaml, "5s");

    gleaner::config::PluginConfig broken;
    broken.name = "b";
    broken.path = test_plugin("test_wrong_abi_plugin");
    auto refused = provider(broken);
    ASSERT_TRUE(std::holds_alternative<std::string>(refused));
    EXPECT_NE(std::get<std::string>(refused).find("ABI 99.3"), std::string::npos);
}

// A stored record whose numbers are not integers that fit (a float far past int64, a negative
// count) reads them as 0 instead of converting out of range (spool record fuzzer finding).
TEST(SpooledArticleNumbers, NumbersThatAreNoFittingIntegersReadAsZero) {
    const auto article = SpooledArticle::parse(
        7, R"({"canonical_url": "https://n.example/a", "title": "T", "text": "x", "word_count": 5.5,
               "provenance": {"fetched_at_ms": 17145505000004444444444444444444444444444444444444444444,
                              "redirect_count": 18446744073709551615}})");
    EXPECT_EQ(article->view().word_count, 0u);
    ASSERT_NE(article->view().provenance, nullptr);
    EXPECT_EQ(article->view().provenance->fetched_at_ms, 0);
    EXPECT_EQ(article->view().provenance->redirect_count, 0u);
    const auto fine = SpooledArticle::parse(8, R"({"canonical_url": "https://n.example/b", "word_count": 12,
                                                   "provenance": {"fetched_at_ms": 1714550500000}})");
    EXPECT_EQ(fine->view().word_count, 12u);
    EXPECT_EQ(fine->view().provenance->fetched_at_ms, 1714550500000);
}

// `gleaner rules check DIR`: reads every site rule file (ftr-site-config format) in a folder the way
// the daemon does, and prints each problem as FILE:LINE: message — bad XPath as errors, unknown or
// unsupported directives and malformed lines as warnings. Exit status 1 when there is an error.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "siterules/rule_set.h"

namespace gleaner::cli {
namespace {

namespace fs = std::filesystem;

int run_rules_check(const std::string& folder) {
    siterules::RuleSet rules;
    try {
        rules = siterules::RuleSet::load(folder);
    } catch (const siterules::RuleSetError& e) {
        std::cerr << "gleaner rules check: " << e.what() << "\n";
        return 1;
    }
    std::size_t errors = 0;
    for (const auto& d : rules.diagnostics()) {
        const bool error = d.severity == siterules::RuleDiagnostic::Severity::error;
        errors += error;
        std::cout << (fs::path(folder) / d.file).string() << (d.line > 0 ? ":" + std::to_string(d.line) : "")
                  << ": " << (error ? "error: " : "warning: ") << d.message << "\n";
    }
    std::cout.flush();
    std::cerr << rules.size() << " rules, " << errors << " errors, " << rules.diagnostics().size() - errors
              << " warnings\n";
    return errors == 0 ? 0 : 1;
}

}  // namespace

void add_rules_command(CLI::App& app) {
    auto* rules = app.add_subcommand("rules", "Work with site rules (ftr-site-config format)");
    rules->require_subcommand(1);
    auto folder = std::make_shared<std::string>();
    auto* check = rules->add_subcommand("check", "Check every rule file of a folder; exit 1 on errors");
    check->footer(
        "Reads each DIR/*.txt as the daemon would (extract.site_rules) and prints every problem as\n"
        "FILE:LINE: error|warning: message. Errors: XPath that libxml2 cannot compile or evaluate (the\n"
        "expression is skipped by the daemon). Warnings: unknown or unsupported directives, lines that are\n"
        "no directive, yes/no values that are neither (all ignored by the daemon).\n\n"
        "Example:\n"
        "  gleaner rules check /etc/gleaner/site-rules");
    check->add_option("DIR", *folder, "Folder of site rule files")->required();
    check->callback([folder] {
        const int status = run_rules_check(*folder);
        if (status != 0) throw CLI::RuntimeError(status);
    });
}

}  // namespace gleaner::cli

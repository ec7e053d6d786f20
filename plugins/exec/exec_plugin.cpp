// exec — pipes each article as one JSON line to the stdin of a long-lived program, restarting the
// program when it dies. Without `ack`, an article is delivered once its line is fully written to the
// program's stdin (the pipe buffer), not when the program has handled it. With `ack: true` the
// program answers each line with one line on stdout — "ok", "retry [reason]" or "fail [reason]" — and
// that answer is the article's delivery status, which makes delivery exact.
#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>  // re-serialises an article JSON that spans lines

#include <memory>
#include <string>
#include <vector>

#include "child_process.h"

namespace {

constexpr std::chrono::seconds kTerminateGrace{2};

struct ExecSettings {
    std::vector<std::string> command;
    bool ack;
    std::chrono::milliseconds timeout;
};

const gleaner::Settings<ExecSettings> kExecSettings{
    gleaner::key("command", &ExecSettings::command,
                 "Program and arguments, run without a shell: [\"/usr/local/bin/indexer\", \"--stdin\"]")
        .required()
        .at_least(1),
    gleaner::key("ack", &ExecSettings::ack, "The program answers each line with ok / retry [reason] / fail [reason] on stdout")
        .default_value("false"),
    gleaner::key("timeout", &ExecSettings::timeout,
                 "Longest the program may take to read a line (and, with ack, to answer) before it is restarted")
        .default_value("30s")
        .at_least(1),
};

class ExecPlugin : public gleaner::Plugin {
public:
    ExecPlugin(gleaner::Host& host, const ExecSettings& settings)
        : host_(host), command_(settings.command), ack_(settings.ack), timeout_(settings.timeout) {
        child_ = std::make_unique<gleaner_exec::ChildProcess>(command_, ack_);  // a bad command fails here
        host_.info("started " + command_[0] + " (pid " + std::to_string(child_->pid()) + ")");
    }

    static void check(const ExecSettings& settings, const gleaner::Problems& problems) {
        if (settings.command.front().empty())
            problems.add("command[0]", "must name a program, e.g. [\"/usr/local/bin/indexer\", \"--stdin\"]");
    }

    gleaner::Status consume(const gleaner::Article& article) override {
        ensure_running();
        std::string line(article.json());
        if (line.find('\n') != std::string::npos) line = nlohmann::json::parse(line).dump();  // one line each
        line += '\n';
        switch (child_->write_all(line, timeout_)) {
            case gleaner_exec::ChildProcess::Write::done:
                break;
            case gleaner_exec::ChildProcess::Write::broken_pipe:
                give_up_on_child();
                throw gleaner::RetryError(command_[0] + " stopped reading its input (" + exit_status() +
                                          "); it is restarted for the next article");
            case gleaner_exec::ChildProcess::Write::timed_out:
                give_up_on_child();
                throw gleaner::RetryError(command_[0] + " did not read its input within " +
                                          std::to_string(timeout_.count()) + " ms; restarted");
        }
        if (!ack_) {
            host_.count("lines_written");
            return gleaner::Status::ok;
        }
        return answer_for(article);
    }

private:
    // Reads the program's answer to the line just written (ack mode).
    gleaner::Status answer_for(const gleaner::Article& article) {
        bool timed_out = false;
        const auto answer = child_->read_line(timeout_, timed_out);
        if (!answer) {
            give_up_on_child();
            throw gleaner::RetryError(command_[0] + (timed_out ? " did not answer within " + std::to_string(timeout_.count()) + " ms"
                                                             : " exited before answering (" + exit_status() + ")") +
                                      "; restarted");
        }
        const auto space = answer->find(' ');
        const std::string verdict = answer->substr(0, space);
        const std::string reason = space == std::string::npos ? std::string() : answer->substr(space + 1);
        if (verdict == "ok") {
            host_.count("acknowledged");
            return gleaner::Status::ok;
        }
        if (verdict == "retry") throw gleaner::RetryError(command_[0] + " asked to retry: " + reason);
        if (verdict == "fail")
            throw std::runtime_error(command_[0] + " refused " + std::string(article.canonical_url()) + ": " + reason);
        // Lines and answers no longer pair up: only a fresh program can be trusted again.
        give_up_on_child();
        throw gleaner::RetryError(command_[0] + " answered \"" + *answer +
                                  "\" (expected ok, retry or fail); restarted");
    }

    void ensure_running() {
        if (child_ && child_->exited()) {
            host_.warn(command_[0] + " " + child_->exit_status() + "; restarting it");
            child_.reset();
        }
        if (child_) return;
        try {
            child_ = std::make_unique<gleaner_exec::ChildProcess>(command_, ack_);
        } catch (const std::runtime_error& e) {
            throw gleaner::RetryError(e.what());  // removed or broken since start-up: try again later
        }
        host_.count("restarts");
        host_.info("restarted " + command_[0] + " (pid " + std::to_string(child_->pid()) + ")");
    }

    void give_up_on_child() {
        last_exit_status_ = child_->exited() ? child_->exit_status() : "still running; terminated";
        child_->terminate(kTerminateGrace);
        child_.reset();
    }

    const std::string& exit_status() const { return last_exit_status_; }

    gleaner::Host& host_;
    std::vector<std::string> command_;
    bool ack_;
    std::chrono::milliseconds timeout_;
    std::unique_ptr<gleaner_exec::ChildProcess> child_;
    std::string last_exit_status_;
};

}  // namespace

GLEANER_PLUGIN(ExecPlugin, "exec", "1.1.0", "Pipes each article as one JSON line to a long-lived program",
               kExecSettings)

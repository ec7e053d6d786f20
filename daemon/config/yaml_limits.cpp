// check_yaml_limits: one pass over yaml-cpp's parse events (no node tree is built), counting the
// expanded size of every anchored node so an alias costs what it stands for.
#include "config/yaml_limits.h"

#include <sstream>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace gleaner::config {
namespace {

struct Cost {
    std::size_t nodes = 0;
    std::size_t bytes = 0;
};

struct LimitPassed {
    YAML::Mark mark;
    std::string message;
};

class ExpansionCounter : public YAML::EventHandler {
public:
    ExpansionCounter(std::size_t max_nodes, std::size_t max_bytes) : max_nodes_(max_nodes), max_bytes_(max_bytes) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor, {1, 0}); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
        leaf(mark, anchor, {1, value.size()});
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        // An alias inside the node its anchor names makes that node contain itself: yaml-cpp builds
        // the cycle, and everything that walks the value (the conversion of plugin settings to JSON
        // among them) would recurse without end.
        for (const Open& node : open_) {
            if (node.anchor != YAML::NullAnchor && node.anchor == anchor)
                throw LimitPassed{mark, "an alias inside the very node its anchor names (the value would contain "
                                        "itself); not loaded"};
        }
        // yaml-cpp reports unknown anchors itself.
        const auto found = anchors_.find(anchor);
        if (found != anchors_.end()) leaf(mark, YAML::NullAnchor, found->second);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Open {
        YAML::anchor_t anchor;
        Cost cost;
    };

    void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
        count(mark, {1, 0});
        open_.push_back({anchor, {1, 0}});
    }

    void close() {
        const Open done = open_.back();
        open_.pop_back();
        if (done.anchor != YAML::NullAnchor) anchors_[done.anchor] = done.cost;
        if (!open_.empty()) {
            open_.back().cost.nodes += done.cost.nodes;
            open_.back().cost.bytes += done.cost.bytes;
        }
    }

    void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, Cost cost) {
        count(mark, cost);
        if (anchor != YAML::NullAnchor) anchors_[anchor] = cost;
        if (!open_.empty()) {
            open_.back().cost.nodes += cost.nodes;
            open_.back().cost.bytes += cost.bytes;
        }
    }

    // Totals stay below the limits (we stop at the first step past one), so they cannot overflow.
    void count(const YAML::Mark& mark, Cost cost) {
        total_.nodes += cost.nodes;
        total_.bytes += cost.bytes;
        if (total_.nodes > max_nodes_)
            throw LimitPassed{mark, "the document expands to more than " + std::to_string(max_nodes_) +
                                        " values once its aliases are followed (an alias bomb?); not loaded"};
        if (total_.bytes > max_bytes_)
            throw LimitPassed{mark, "the document expands to more than " + std::to_string(max_bytes_) +
                                        " bytes of text once its aliases are followed (an alias bomb?); not loaded"};
    }

    std::size_t max_nodes_, max_bytes_;
    Cost total_;
    std::vector<Open> open_;
    std::unordered_map<YAML::anchor_t, Cost> anchors_;
};

}  // namespace

std::optional<YamlLimitError> check_yaml_limits(std::string_view text, std::size_t max_nodes,
                                                std::size_t max_scalar_bytes) {
    std::istringstream in{std::string(text)};
    ExpansionCounter counter(max_nodes, max_scalar_bytes);
    try {
        YAML::Parser parser(in);
        parser.HandleNextDocument(counter);
    } catch (const LimitPassed& passed) {
        return YamlLimitError{passed.mark.line + 1, passed.mark.column + 1, passed.message};
    } catch (const YAML::Exception&) {
        return std::nullopt;  // a syntax error: the loader reports it with its position
    }
    return std::nullopt;
}

}  // namespace gleaner::config

// gleaner/template.hpp — the "{{placeholder}}" text templates of GLEANER_CONFIG_TEMPLATE keys.
//
// One definition of the syntax for both sides: the daemon checks a template setting with it (an
// unknown placeholder or an unclosed "{{" is a configuration error with file, line and column), and a
// plugin renders it. Whitespace inside the braces is allowed ("{{ title }}"); a missing value renders
// as "". Header-only, C++17.
#ifndef GLEANER_TEMPLATE_HPP
#define GLEANER_TEMPLATE_HPP

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace gleaner {

class Template {
public:
    Template() = default;
    // `known`: the placeholder names render() will be given. Throws std::invalid_argument with
    // problem()'s message.
    Template(const std::string& text, const std::vector<std::string>& known) {
        std::string error = parse(text, known, &pieces_);
        if (!error.empty()) throw std::invalid_argument(error);
    }

    // What is wrong with `text` as a template over `known`, or "" when nothing is.
    static std::string problem(const std::string& text, const std::vector<std::string>& known) {
        return parse(text, known, nullptr);
    }

    std::string render(const std::map<std::string, std::string>& values) const {
        std::string out;
        for (const auto& piece : pieces_) {
            out += piece.literal;
            if (piece.name.empty()) continue;
            if (auto found = values.find(piece.name); found != values.end()) out += found->second;
        }
        return out;
    }

private:
    struct Piece {
        std::string literal;  // text before the placeholder
        std::string name;     // empty for the trailing literal
    };

    static std::string parse(const std::string& text, const std::vector<std::string>& known, std::vector<Piece>* out) {
        std::size_t at = 0;
        while (at < text.size()) {
            const std::size_t open = text.find("{{", at);
            if (open == std::string::npos) break;
            const std::size_t close = text.find("}}", open + 2);
            if (close == std::string::npos)
                return "\"{{\" at offset " + std::to_string(open) + " is never closed";
            std::string name = trim(text.substr(open + 2, close - open - 2));
            if (std::find(known.begin(), known.end(), name) == known.end())
                return "unknown placeholder {{" + name + "}} (known: " + join(known) + ")";
            if (out) out->push_back({text.substr(at, open - at), std::move(name)});
            at = close + 2;
        }
        if (out) out->push_back({text.substr(std::min(at, text.size())), std::string()});
        return std::string();
    }

    static std::string trim(const std::string& s) {
        const auto first = s.find_first_not_of(" \t");
        if (first == std::string::npos) return std::string();
        return s.substr(first, s.find_last_not_of(" \t") - first + 1);
    }
    static std::string join(const std::vector<std::string>& names) {
        std::string out;
        for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
        return out;
    }

    std::vector<Piece> pieces_;
};

}  // namespace gleaner

#endif  // GLEANER_TEMPLATE_HPP

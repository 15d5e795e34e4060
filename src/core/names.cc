#include "core/names.h"

#include "core/error.h"

namespace cordon {

namespace {
bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
}  // namespace

std::optional<std::string> name_problem(std::string_view name) {
    if (name.empty()) return "it is empty";
    if (name.size() > kMaxNameLength)
        return "it is longer than " + std::to_string(kMaxNameLength) + " characters";
    for (char c : name) {
        if (!is_alnum(c) && c != '-')
            return "only lower-case letters, digits and '-' are allowed";
    }
    if (!is_alnum(name.front()) || !is_alnum(name.back()))
        return "it must start and end with a letter or digit";
    if (name.find("--") != std::string_view::npos) return "it must not contain \"--\"";
    return std::nullopt;
}

void validate_name(std::string_view kind, std::string_view name) {
    if (auto problem = name_problem(name)) {
        // The name is user input: show it, but never unbounded.
        std::string shown(name.substr(0, 64));
        if (name.size() > 64) shown += "...";
        throw Error("use " + std::string(kind) + " name \"" + shown + "\"", *problem);
    }
}

}  // namespace cordon

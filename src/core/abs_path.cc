#include "core/abs_path.h"

namespace cordon {

bool is_clean_absolute_path(std::string_view path) {
    if (path.size() < 2 || path.front() != '/' || path.back() == '/') return false;
    if (path.find('\0') != std::string_view::npos) return false;
    std::string_view rest = path.substr(1);
    for (;;) {
        auto slash = rest.find('/');
        std::string_view part = rest.substr(0, slash);
        if (part.empty() || part == "." || part == "..") return false;
        if (slash == std::string_view::npos) return true;
        rest = rest.substr(slash + 1);
    }
}

bool path_is_within(std::string_view path, std::string_view dir) {
    // "/" is the one directory whose children do not start with dir + "/".
    if (dir == "/") return !path.empty() && path.front() == '/';
    if (path.size() < dir.size() || path.substr(0, dir.size()) != dir) return false;
    return path.size() == dir.size() || path[dir.size()] == '/';
}

bool path_is_strictly_within(std::string_view path, std::string_view dir) {
    return path != dir && path_is_within(path, dir);
}

std::string_view parent_of(std::string_view path) {
    auto slash = path.rfind('/');
    if (slash == 0 || slash == std::string_view::npos) return "/";
    return path.substr(0, slash);
}

std::string_view name_of(std::string_view path) {
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::vector<std::string_view> path_components(std::string_view path) {
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        auto slash = path.find('/');
        std::string_view part = path.substr(0, slash);
        if (!part.empty()) parts.push_back(part);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    return parts;
}

bool has_dot_component(const std::vector<std::string_view>& components) {
    for (std::string_view c : components)
        if (c == "." || c == "..") return true;
    return false;
}

}  // namespace cordon

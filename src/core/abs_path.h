// Absolute paths as strings (pure string work, no lookup): their shape,
// their parts, and how two of them relate. The one place that says what
// "below" means, for the host table's order, the mount profile's rules and
// the mount plan (a component boundary, never a string prefix: "/run" is
// not above "/runner").
#pragma once

#include <string_view>
#include <vector>

namespace cordon {

// True when `path` is absolute and clean, other than "/": no "." or ".."
// components, no "//", no trailing "/", no NUL byte. Only such paths are
// compared below, so no two spellings of one path meet.
bool is_clean_absolute_path(std::string_view path);

// True when `path` is `dir` or below it ("/a" of "/a" and "/a/b", not "/ab").
// Every absolute path is within "/".
bool path_is_within(std::string_view path, std::string_view dir);

// True when `path` is below `dir` and not `dir` itself ("/run/media" of
// "/run"; "/a" of "/"; not "/" of "/").
bool path_is_strictly_within(std::string_view path, std::string_view dir);

// "/a/b" for "/a/b/c", "/" for "/a" and for "/" (and for a path without a
// slash).
std::string_view parent_of(std::string_view path);

// "c" for "/a/b/c"; the whole path when it has no slash.
std::string_view name_of(std::string_view path);

// The components of a path in order, without empty ones (from a leading,
// trailing or doubled "/"): "/a//b/" gives {"a", "b"}, "/" none. "." and
// ".." are components like any other: the walkers that use this refuse
// them (has_dot_component).
std::vector<std::string_view> path_components(std::string_view path);
bool has_dot_component(const std::vector<std::string_view>& components);

}  // namespace cordon

// The parts of an absolute, normalised path ("/a/b/c"): pure string work,
// no lookup.
#pragma once

#include <string_view>

namespace cordon {

// "/a/b" for "/a/b/c", "/" for "/a" and for "/" (and for a path without a
// slash).
std::string_view parent_of(std::string_view path);

// "c" for "/a/b/c"; the whole path when it has no slash.
std::string_view name_of(std::string_view path);

}  // namespace cordon

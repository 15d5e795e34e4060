// Names of apps and bases: [a-z0-9-], 1..40 characters, starting and ending
// with a letter or digit, no "--". The rules keep a name usable as a single
// path component that can never be ".", "..", hidden, or collide with
// cordon's own entries (which all contain a '.' or start with one).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cordon {

inline constexpr std::size_t kMaxNameLength = 40;

// Returns why the name is invalid, or nothing when it is valid.
std::optional<std::string> name_problem(std::string_view name);

// Throws Error("use KIND name \"NAME\"", reason) when invalid.
void validate_name(std::string_view kind, std::string_view name);

}  // namespace cordon

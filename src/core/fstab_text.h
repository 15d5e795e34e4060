// The text level of fstab-format files (the mount profiles): fstab's \ooo
// escapes, the second level cordon adds inside option values, values
// quoted for messages, and the numbers option values hold. Pure string
// functions, shared by the profile's parser and writer so the two cannot
// disagree.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordon {

// For messages: the value in double quotes, control characters, quotes and
// backslashes as \ooo, at most 200 bytes, so an error stays one line and
// cannot fake another.
std::string in_quotes(std::string_view s);

// Decodes every backslash followed by three octal digits, as libmount's
// unmangle does for each fstab field (other backslashes stay as they are).
std::string decode_octal_escapes(std::string_view s);

// Field-level escaping (what decode_octal_escapes reads back): space, tab,
// newline, backslash and every other control character as \ooo; a '#' that
// would start the line (and make it a comment) too.
std::string mangle_field(std::string_view s, bool starts_line);

// Value-level escaping inside the options field, for path-valued options:
// ',' would end the option and '"' would start libmount's quoting, so they
// (and the backslash itself) are written as \ooo. The whole field is then
// mangled, which turns that backslash into \134.
std::string escape_option_value(std::string_view s);

// A decimal number of digits only (no sign, no space, no base prefix) and
// at most `max`; nullopt otherwise.
std::optional<std::uint64_t> parse_decimal(std::string_view v, std::uint64_t max);

// An octal file mode of digits only, at most 07777; nullopt otherwise.
std::optional<mode_t> parse_octal_mode(std::string_view v);

// The largest uid_t/gid_t a profile may name: (uid_t)-1 means "unchanged"
// to chown, so it is not an id.
inline constexpr std::uint64_t kMaxId = 0xfffffffeULL;

}  // namespace cordon

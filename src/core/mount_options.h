// Mount option strings, converted with libmount (no hand-written option
// parser): "ro,nosuid,nodev,mode=0755" <-> MS_* flags + filesystem options,
// and the key/value split that fsconfig(2) wants.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cordon {

struct ParsedOptions {
    unsigned long flags = 0;  // MS_RDONLY, MS_NOSUID, ... (VFS flags)
    std::string fs_options;   // what the filesystem itself interprets
};

// Throws Error("parse mount options \"...\"", reason) on malformed input.
ParsedOptions parse_mount_options(std::string_view optstr);

// "key=value" / "flag" items of an option string, in order; the value is
// nothing for a flag (no '=') and empty for "key=". Nothing at all when
// libmount finds the list malformed.
using OptionItem = std::pair<std::string, std::optional<std::string>>;
std::optional<std::vector<OptionItem>> split_option_items(std::string_view optstr);

// The same with flags' values as "" (fsconfig's view); throws
// Error("parse mount options ...") when malformed.
std::vector<std::pair<std::string, std::string>> split_options(std::string_view optstr);

// The MOUNT_ATTR_* bits of mount_setattr(2) for the per-mount MS_* flags
// (ro, nosuid, nodev, noexec, noatime, ...). Other flags are ignored.
std::uint64_t mount_attr_from_flags(unsigned long flags);

}  // namespace cordon

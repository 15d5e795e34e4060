// Internals of the mount profile shared by its files (mount_profile.cc:
// equality and writing; mount_profile_parse.cc: reading;
// mount_profile_options.cc: the options field both ways;
// mount_profile_check.cc: the rules of one entry). Not an API: only
// src/core/mount_profile*.cc include it.
#pragma once

#include <sys/mount.h>

#include <climits>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/line_error.h"
#include "core/mount_profile.h"

namespace cordon::profile_rules {

// The per-mount flags a profile may set (ro, nosuid, nodev, noexec).
inline constexpr unsigned long kAllowedFlags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
// The longest path a profile may name, in bytes without the NUL.
inline constexpr std::size_t kMaxPath = PATH_MAX - 1;

// "dir", "file", "symlink", "ensure-dir": the value of x-cordon.kind.
const char* kind_name(TargetKind k);

// Applies the (decoded) options field to `e`, whose fstype is set. Throws
// through `err` on unknown, repeated or role-forbidden options and bad
// values; the rules between options are entry_problem's.
void apply_options(MountEntry& e, std::string_view optstr, ProfileRole role, const LineError& err);

// The options field of `e` in the canonical order (mount_profile.h), before
// field-level mangling.
std::string options_string(const MountEntry& e);

// What is wrong with `e` on its own (not against the other lines) in a
// profile of `role`, or nullopt. The parser refuses such an entry and the
// writer refuses to write it, so neither file ever holds one.
std::optional<std::string> entry_problem(const MountEntry& e, ProfileRole role);

// Why `p` cannot be `what` (a clean absolute path of at most kMaxPath
// bytes), or nullopt.
std::optional<std::string> path_problem(const char* what, std::string_view p);

// size, mode, uid, gid, nr_inodes: the filesystem options of a tmpfs.
bool is_tmpfs_option(std::string_view name);

// Why `name=value` is not a valid tmpfs option, or nullopt.
std::optional<std::string> tmpfs_option_problem(const std::string& name, const std::optional<std::string>& value);

}  // namespace cordon::profile_rules

// Internals of the mount profile shared by its files (mount_profile.cc:
// equality, entries from and to drafts, writing; mount_profile_parse.cc: reading;
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

// What x-cordon.kind says (kDir when absent).
enum class TargetKind { kDir, kFile, kSymlink, kEnsureDir };

// "dir", "file", "symlink", "ensure-dir": the value of x-cordon.kind.
const char* kind_name(TargetKind k);
TargetKind kind_of(const MountEntry& e);

// An entry as its line spells it, one field per option, before the rules
// between the options are known to hold: what the parser fills and the
// writer writes. Only an entry_problem-free draft becomes a MountEntry
// (entry_of), so a MountEntry holds no combination that no kind has.
struct EntryDraft {
    std::string source;  // host path; in-namespace path (source_in_ns); a tmpfs word; "none"
    std::string target;
    std::string fstype;  // "none" or "tmpfs"
    bool bind = false;       // bind or rbind
    bool recursive = false;  // rbind
    bool source_in_ns = false;
    TargetKind kind = TargetKind::kDir;
    std::string symlink_target;
    Owner owner;
    unsigned long flags = 0;
    std::string fs_options;
    bool synthetic = false;
    std::string needed_by;
    MountLog log;
    unsigned line = 0;

    bool is_mount() const { return kind != TargetKind::kSymlink && kind != TargetKind::kEnsureDir; }
    bool is_tmpfs() const { return fstype == "tmpfs"; }
};

// Applies the (decoded) options field to `e`, whose fstype is set. Throws
// through `err` on unknown, repeated or role-forbidden options and bad
// values; the rules between options are entry_problem's.
void apply_options(EntryDraft& e, std::string_view optstr, ProfileRole role, const LineError& err);

// The options field of `e` in the canonical order (mount_profile.h), before
// field-level mangling.
std::string options_string(const EntryDraft& e);

// What is wrong with `e` on its own (not against the other lines) in a
// profile of `role`, or nullopt. The parser refuses such an entry and the
// writer refuses to write it, so neither file ever holds one.
std::optional<std::string> entry_problem(const EntryDraft& e, ProfileRole role);

// The entry a draft without an entry_problem spells, and back: the parser
// builds entries through the first, the writer checks and writes the
// second (mount_profile.cc).
MountEntry entry_of(EntryDraft&& d);
EntryDraft draft_of(const MountEntry& e);

// Why `p` cannot be `what` (a clean absolute path of at most kMaxPath
// bytes), or nullopt.
std::optional<std::string> path_problem(const char* what, std::string_view p);

// size, mode, uid, gid, nr_inodes: the filesystem options of a tmpfs.
bool is_tmpfs_option(std::string_view name);

// Why `name=value` is not a valid tmpfs option, or nullopt.
std::optional<std::string> tmpfs_option_problem(const std::string& name, const std::optional<std::string>& value);

}  // namespace cordon::profile_rules

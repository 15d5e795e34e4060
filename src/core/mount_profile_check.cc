// The rules of one mount profile entry on its own (mount_profile.h lists
// them): which options go together for each kind, and the ranges of the
// values. A line spells any combination of options (an EntryDraft); these
// checks decide which drafts become a MountEntry, whose types hold no
// combination no kind has, and name what is wrong with the others. Each
// kind's rules are one function here.
#include <cstdint>
#include <set>
#include <string>

#include "core/fstab_text.h"
#include "core/mount_options.h"
#include "core/mount_profile_rules.h"
#include "core/abs_path.h"

namespace cordon::profile_rules {

namespace {

using Problem = std::optional<std::string>;

bool is_tmpfs_source_word(std::string_view s) {
    if (s.empty() || s.size() > 255) return false;
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

// Nothing may be mounted where the kernel's own filesystems are: the
// launcher binds them from the host.
Problem target_problem(const EntryDraft& e) {
    if (auto p = path_problem("target", e.target)) return p;
    for (const char* dir : {"/proc", "/sys", "/dev"})
        if (path_is_within(e.target, dir)) return "target " + in_quotes(e.target) + " lies within " + dir;
    return std::nullopt;
}

// The filesystem options as apply_options would have built them: an entry
// made in code (a mimic) passes the same test as one read from a file.
Problem fs_options_problem(const EntryDraft& e) {
    if (!e.is_tmpfs()) return "filesystem options " + in_quotes(e.fs_options) + " are only for fstype tmpfs";
    auto items = split_option_items(e.fs_options);
    if (!items) return "malformed filesystem options " + in_quotes(e.fs_options);
    std::set<std::string> seen;
    for (const auto& [name, value] : *items) {
        if (!seen.insert(name).second) return "option " + in_quotes(name) + " given twice";
        if (!is_tmpfs_option(name)) return "unknown option " + in_quotes(name);
        if (auto problem = tmpfs_option_problem(name, value)) return problem;
    }
    return std::nullopt;
}

Problem values_problem(const EntryDraft& e) {
    if (e.fstype != "none" && e.fstype != "tmpfs")
        return "fstype must be \"none\" or \"tmpfs\", not " + in_quotes(e.fstype);
    if (e.flags & ~kAllowedFlags) return "unsupported mount flags";
    if (e.recursive && !e.bind) return "rbind without bind";
    if (!e.fs_options.empty())
        if (auto p = fs_options_problem(e)) return p;
    if (e.owner.mode && *e.owner.mode > 07777) return "x-cordon.mode must be at most 07777";
    if ((e.owner.uid && static_cast<std::uint64_t>(*e.owner.uid) > kMaxId) ||
        (e.owner.gid && static_cast<std::uint64_t>(*e.owner.gid) > kMaxId))
        return "x-cordon.uid and x-cordon.gid must be below 4294967295";
    return std::nullopt;
}

Problem symlink_problem(const EntryDraft& e) {
    const std::string& t = e.symlink_target;
    if (t.empty()) return "x-cordon.kind=symlink needs x-cordon.symlink=DEST";
    if (t.find('\0') != std::string::npos || t.find('\n') != std::string::npos)
        return "x-cordon.symlink must not contain a NUL byte or a newline";
    if (t.size() > kMaxPath) return "x-cordon.symlink is longer than " + std::to_string(kMaxPath) + " bytes";
    if (e.owner.any()) return "x-cordon.mode, uid and gid are not for symlinks";
    return std::nullopt;
}

// Symlinks and ensure-dirs: made, not mounted, so no source and nothing of
// a mount.
Problem non_mount_problem(const EntryDraft& e) {
    std::string k = std::string("x-cordon.kind=") + kind_name(e.kind);
    if (e.fstype != "none") return k + " needs fstype \"none\"";
    if (e.bind) return k + " is not a mount: no bind or rbind";
    if (e.source != "none") return k + " needs the source \"none\", not " + in_quotes(e.source);
    if (e.flags != 0) return k + " is not a mount: no ro, nosuid, nodev or noexec";
    if (e.source_in_ns) return k + " is not a mount: no x-cordon.source";
    return e.kind == TargetKind::kSymlink ? symlink_problem(e) : std::nullopt;
}

Problem tmpfs_problem(const EntryDraft& e) {
    if (e.bind) return "a bind mount needs fstype \"none\", not \"tmpfs\"";
    if (e.kind == TargetKind::kFile) return "a tmpfs needs a directory, not x-cordon.kind=file";
    if (e.source_in_ns) return "x-cordon.source=ns needs bind or rbind";
    if (!is_tmpfs_source_word(e.source))
        return "the source of a tmpfs must be a word of letters, digits, '_', '-' or '.' (like \"tmpfs\"), not " +
               in_quotes(e.source);
    return std::nullopt;
}

Problem bind_problem(const EntryDraft& e) {
    if (!e.bind) return "fstype \"none\" needs bind or rbind, or x-cordon.kind=symlink or x-cordon.kind=ensure-dir";
    if (e.kind == TargetKind::kFile && e.recursive)
        return "x-cordon.kind=file needs bind, not rbind (a file has no submounts)";
    return path_problem(e.source_in_ns ? "source (in the namespace)" : "source (on the host)", e.source);
}

Problem kind_problem(const EntryDraft& e) {
    if (!e.is_mount()) return non_mount_problem(e);
    return e.is_tmpfs() ? tmpfs_problem(e) : bind_problem(e);
}

// The writable mimics and the write-ahead log: cordon-update-ns writes
// them in the current profile; an admin never does.
Problem bookkeeping_problem(const EntryDraft& e, ProfileRole role) {
    bool current = role == ProfileRole::kCurrent;
    if (e.synthetic || !e.needed_by.empty()) {
        if (!current) return "x-cordon.synthetic and x-cordon.needed-by are only allowed in the current profile";
        if (!e.synthetic) return "x-cordon.needed-by is only for x-cordon.synthetic entries";
        if (e.needed_by.empty()) return "x-cordon.synthetic needs x-cordon.needed-by=TARGET";
        if (auto p = path_problem("x-cordon.needed-by", e.needed_by)) return p;
    }
    const MountLog& log = e.log;
    if (log.mount_id || log.pending != Pending::kNone) {
        if (!current) return "x-cordon.mount-id and x-cordon.pending are only allowed in the current profile";
        if (!e.is_mount()) return "x-cordon.mount-id and x-cordon.pending are only for mount entries";
        if (log.mount_id && *log.mount_id == 0) return "x-cordon.mount-id must not be 0";
    }
    if (log.over_id) {
        if (!current) return "x-cordon.over is only allowed in the current profile";
        if (log.pending != Pending::kMount) return "x-cordon.over is only for x-cordon.pending=mount";
        if (*log.over_id == 0) return "x-cordon.over must not be 0";
    }
    return std::nullopt;
}

}  // namespace

const char* kind_name(TargetKind k) {
    switch (k) {
        case TargetKind::kDir: return "dir";
        case TargetKind::kFile: return "file";
        case TargetKind::kSymlink: return "symlink";
        case TargetKind::kEnsureDir: return "ensure-dir";
    }
    return "?";
}

std::optional<std::string> path_problem(const char* what, std::string_view p) {
    if (!is_clean_absolute_path(p))
        return std::string(what) + " " + in_quotes(p) +
               " must be a clean absolute path other than \"/\" (no \".\" or \"..\" components, no \"//\", no "
               "trailing \"/\")";
    if (p.size() > kMaxPath) return std::string(what) + " is longer than " + std::to_string(kMaxPath) + " bytes";
    return std::nullopt;
}

bool is_tmpfs_option(std::string_view name) {
    return name == "size" || name == "mode" || name == "uid" || name == "gid" || name == "nr_inodes";
}

std::optional<std::string> tmpfs_option_problem(const std::string& name, const std::optional<std::string>& value) {
    if (!value) return "option " + in_quotes(name) + " needs a value";
    const std::string& v = *value;
    if (name == "size") {
        std::string_view digits = v;
        if (!digits.empty() && std::string_view("kmgKMG%").find(digits.back()) != std::string_view::npos)
            digits.remove_suffix(1);
        if (!parse_decimal(digits, UINT64_MAX))
            return "size= must be a number with an optional k, m, g or % suffix, not " + in_quotes(v);
    } else if (name == "mode") {
        if (!parse_octal_mode(v)) return "mode= must be octal and at most 07777, not " + in_quotes(v);
    } else if (name == "uid" || name == "gid") {
        if (!parse_decimal(v, kMaxId)) return name + "= must be a decimal id below 4294967295, not " + in_quotes(v);
    } else if (name == "nr_inodes") {
        if (!parse_decimal(v, UINT64_MAX)) return "nr_inodes= must be a decimal number, not " + in_quotes(v);
    } else {
        return "unknown option " + in_quotes(name);
    }
    return std::nullopt;
}

std::optional<std::string> entry_problem(const EntryDraft& e, ProfileRole role) {
    if (auto p = target_problem(e)) return p;
    if (auto p = values_problem(e)) return p;
    if (auto p = kind_problem(e)) return p;
    if (e.kind != TargetKind::kSymlink && !e.symlink_target.empty())
        return "x-cordon.symlink is only for x-cordon.kind=symlink";
    return bookkeeping_problem(e, role);
}

}  // namespace cordon::profile_rules

// Mount profiles as data: /etc/cordon/apps/APP.fstab (desired) and
// /run/cordon/ns/APP.fstab (current: the log of what cordon-update-ns has
// applied in that namespace, in order). fstab(5) format as libmount reads
// it, read by cordon's own tokenizer (mount_profile_parse.cc) so that every
// error names its line; pure (no mounts here).
//
//   SOURCE  TARGET  FSTYPE  OPTIONS  [FREQ [PASSNO]]
//
// Kinds of entries:
//   /host/dir   /target  none   bind[,ro,...]      bind a host directory
//   /host/dir   /target  none   rbind[,...]        the same, with its submounts
//   /in/ns/dir  /target  none   bind,x-cordon.source=ns   a path inside the
//                                                  namespace (layouts)
//   /host/file  /target  none   bind,x-cordon.kind=file   bind a file
//   tmpfs       /target  tmpfs  [size=..,mode=..,uid=..,gid=..,nr_inodes=..,ro,...]
//   none        /target  none   x-cordon.kind=symlink,x-cordon.symlink=DEST
//   none        /target  none   x-cordon.kind=ensure-dir[,x-cordon.mode=0755,
//                                                  x-cordon.uid=0,x-cordon.gid=0]
// Options: ro, nosuid, nodev, noexec, bind, rbind, x-cordon.source=ns,
// x-cordon.kind=file|symlink|ensure-dir, x-cordon.symlink=TARGET,
// x-cordon.mode=OCTAL, x-cordon.uid=N, x-cordon.gid=N (mode/uid/gid of a
// mount point or ensure-dir cordon creates), and for tmpfs the filesystem
// options size=, mode=, uid=, gid=, nr_inodes=. Anything else is an error.
// Only the current profile may hold x-cordon.synthetic and
// x-cordon.needed-by=TARGET (the writable mimics cordon-update-ns builds),
// and its bookkeeping: x-cordon.mount-id=N and x-cordon.pending=mount|unmount
// (below).
//
// Targets: absolute, clean (no "." or ".." components, no "//", no trailing
// "/"), not "/" and not under /proc, /sys or /dev. Host sources: absolute
// and clean as well.
//
// Rules in detail (each violation is an error naming FILE:LINE):
//  - FSTYPE is "none" or "tmpfs"; FREQ and PASSNO, when present, are 0;
//    nothing follows PASSNO. Each option at most once; ro/nosuid/nodev/
//    noexec/bind/rbind/x-cordon.synthetic take no value, the others need one.
//  - bind/rbind need fstype "none"; fstype "none" without them is only for
//    kind symlink and ensure-dir, whose SOURCE is "none" and which take no
//    ro/nosuid/nodev/noexec, x-cordon.source or tmpfs options. A symlink
//    needs x-cordon.symlink (not empty, no newline, absolute or relative)
//    and takes no mode/uid/gid; no other kind has x-cordon.symlink.
//  - kind=file needs bind (not rbind: a file has no submounts); a tmpfs is
//    a directory. x-cordon.source=ns needs bind or rbind.
//  - tmpfs SOURCE: a word of [A-Za-z0-9_.-] (conventionally "tmpfs");
//    size=[0-9]+[kmgKMG%]?, mode= octal <= 07777, uid=/gid= decimal below
//    2^32-1, nr_inodes= decimal. x-cordon.mode: octal <= 07777;
//    x-cordon.uid/gid: decimal below 2^32-1.
//  - Paths are at most PATH_MAX-1 bytes; no field may hold a NUL (nor \000).
//  - Desired profile only: every target once; nothing below the target of a
//    symlink or file entry; no x-cordon.synthetic or x-cordon.needed-by.
//  - Current profile only: x-cordon.synthetic (flag) and
//    x-cordon.needed-by=TARGET (clean absolute), each requiring the other.
//    Targets may repeat (it is a log: a mimic's tmpfs can sit on a path
//    that already holds a mount).
//  - Current profile only, mount entries only (synthetic or not):
//    x-cordon.mount-id=N (decimal, 1 to 2^32-1: the mount id of
//    statx(STATX_MNT_ID) and /proc/self/mountinfo, Linux 5.8+) of the
//    mount the entry made, so it is found and removed by identity even
//    after the app's user renamed the directories above it; and
//    x-cordon.pending=mount|unmount, the write-ahead mark (the log is
//    written with it just before the change, cleared after it): an entry
//    marked pending describes a change that may or may not have happened
//    when cordon-update-ns was killed, which the next run resolves against
//    the live mount table before planning (update-ns/profile_update.cc).
//    A pending mount also has x-cordon.over=N: the id of the mount its
//    target was on when it was written (what the new mount goes on top
//    of), so the next run can tell whether it was made; and, when the new
//    mount's id was known before it was attached (new mount API), its
//    x-cordon.mount-id already.
//    Logs written before these options existed have neither.
//
// Escaping. Fields use fstab's \ooo escapes (libmount's unmangle: a
// backslash and three octal digits). Inside the options field the values
// of x-cordon.symlink and x-cordon.needed-by have a second level, because
// ',' ends an option and '"' starts libmount's quoting: there \ooo is
// decoded again, so a ',' in a symlink target is written \134054 in the file
// (a literal '"' anywhere in the options field is refused). format writes
// both levels, so any valid entry round-trips.
//
// Lines. The parser follows libmount's line rules (split at '\n', a '\r'
// ending a line dropped, leading spaces and tabs skipped, empty and '#'
// lines skipped; fields split at runs of spaces and tabs; FREQ and PASSNO
// numbers as strtol reads them), so a profile means the same to libmount's
// readers (findmnt -F, mount -T). libmount guesses the table format from
// the first entry line, so a first line starting with two numbers
// (mountinfo) or "Filename\t" (swaps) is refused.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/abs_path.h"  // is_clean_absolute_path, path_is_within: part of this API

namespace cordon {

// An entry is one of the kinds above, each its own type with only its own
// fields (MountEntry::what): a line whose options no kind has never becomes
// one, since the parser builds entries only from lines that keep the rules
// (mount_profile_check.cc). What the types cannot rule out is a bad value
// (a path, a mode, a tmpfs option): format_mount_profile refuses those as
// the parser does.

// x-cordon.mode, uid and gid: the mode and owner of the mount point or
// directory cordon creates for an entry (unset: 0755 or 0644, root).
struct Owner {
    std::optional<mode_t> mode;
    std::optional<uid_t> uid;
    std::optional<gid_t> gid;

    bool any() const { return mode || uid || gid; }
    bool operator==(const Owner&) const = default;
};

// What a bind mounts and on what: a directory, a directory with its
// submounts (rbind), or a file (x-cordon.kind=file; a file has no
// submounts, so never rbind).
enum class BindShape { kDir, kTree, kFile };

struct Bind {
    std::string source;         // a host path, or one inside the namespace (source_in_ns)
    bool source_in_ns = false;  // x-cordon.source=ns
    BindShape shape = BindShape::kDir;
    unsigned long flags = 0;    // MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
    Owner owner;

    bool recursive() const { return shape == BindShape::kTree; }
    bool operator==(const Bind&) const = default;
};

struct Tmpfs {
    std::string source_word = "tmpfs";  // SOURCE: only a name in the mount table
    unsigned long flags = 0;            // as Bind::flags
    std::string fs_options;             // size=, mode=, uid=, gid=, nr_inodes=, in the order given
    Owner owner;

    bool operator==(const Tmpfs&) const = default;
};

// No mount: a symlink to `dest` (x-cordon.kind=symlink), SOURCE "none".
struct Symlink {
    std::string dest;

    bool operator==(const Symlink&) const = default;
};

// No mount: a directory (x-cordon.kind=ensure-dir), SOURCE "none".
struct EnsureDir {
    Owner owner;

    bool operator==(const EnsureDir&) const = default;
};

// x-cordon.pending: the write-ahead mark of the current profile.
enum class Pending { kNone, kMount, kUnmount };

// The bookkeeping of a mount in the current profile (x-cordon.mount-id,
// x-cordon.pending, x-cordon.over; below). Not part of what an entry is:
// the same entry whichever mount carries it and whatever state the log
// was in.
struct MountLog {
    std::optional<std::uint32_t> mount_id;
    Pending pending = Pending::kNone;
    std::optional<std::uint32_t> over_id;  // only with pending == kMount

    // The change happened (or did not): no mark, and so no x-cordon.over.
    void clear_mark() {
        pending = Pending::kNone;
        over_id.reset();
    }
};

struct Mounted {
    std::variant<Bind, Tmpfs> how;
    MountLog log;  // current profile only

    // The SOURCE field: a bind's source, a tmpfs's word.
    const std::string& source() const {
        const Bind* b = std::get_if<Bind>(&how);
        return b ? b->source : std::get<Tmpfs>(how).source_word;
    }
    unsigned long flags() const {
        return std::visit([](const auto& h) { return h.flags; }, how);
    }
    const Owner& owner() const {
        return std::visit([](const auto& h) -> const Owner& { return h.owner; }, how);
    }
};

struct MountEntry {
    std::string target;
    std::variant<Mounted, Symlink, EnsureDir> what;
    // Set: a writable mimic or part of one (x-cordon.synthetic and
    // x-cordon.needed-by=TARGET, current profile only): the target that
    // needed it. An entry of any kind, as older logs hold them.
    std::optional<std::string> needed_by;
    unsigned line = 0;  // where it was read (not part of equality)

    bool is_mount() const { return std::holds_alternative<Mounted>(what); }
    bool is_synthetic() const { return needed_by.has_value(); }
    const Mounted* mounted() const { return std::get_if<Mounted>(&what); }
    Mounted* mounted() { return std::get_if<Mounted>(&what); }
    // A bind mount's, a tmpfs mount's, a symlink's: null for other kinds.
    const Bind* bind() const { return is_mount() ? std::get_if<Bind>(&mounted()->how) : nullptr; }
    const Tmpfs* tmpfs() const { return is_mount() ? std::get_if<Tmpfs>(&mounted()->how) : nullptr; }
    const Symlink* symlink() const { return std::get_if<Symlink>(&what); }
    // A mount's, or null.
    const MountLog* log() const { return is_mount() ? &mounted()->log : nullptr; }
    MountLog* log() { return is_mount() ? &mounted()->log : nullptr; }
    // The log's, for any kind (a non-mount has no mount and is never pending).
    std::optional<std::uint32_t> mount_id() const { return log() ? log()->mount_id : std::nullopt; }
    Pending pending() const { return log() ? log()->pending : Pending::kNone; }
    // Null for a symlink.
    const Owner* owner() const {
        if (const Mounted* m = mounted()) return &m->owner();
        const auto* d = std::get_if<EnsureDir>(&what);
        return d ? &d->owner : nullptr;
    }
    // Whether the target is a file (a file bind), not a directory or symlink.
    bool targets_file() const { return bind() && bind()->shape == BindShape::kFile; }
    // Everything but `line` and the log.
    bool same_as(const MountEntry& other) const;
};

struct MountProfile {
    std::vector<MountEntry> entries;
};

enum class ProfileRole { kDesired, kCurrent };

// Parses `text`. Errors throw Error("parse FILE:LINE", reason): malformed
// lines, unknown options, bad values, bad paths, and in a desired profile
// the current profile's options. Nothing is partially returned;
// of several bad lines the first is reported.
MountProfile parse_mount_profile(std::string_view text, const std::string& filename, ProfileRole role);

// The profile as fstab text, one line per entry, written with fstab's
// escaping (fstab_text.h), so parse(format(p)) gives p back (same_as, entry by entry).
// Lines read "SOURCE TARGET FSTYPE OPTIONS" (no FREQ/PASSNO; no OPTIONS
// field when there are none), options in a fixed order: bind|rbind, ro,
// nosuid, nodev, noexec, tmpfs options as given, then x-cordon.source,
// kind, symlink, mode (4 octal digits), uid, gid, synthetic, needed-by,
// mount-id, pending, over.
// An entry that parse would refuse in a current profile throws
// Error("format mount profile entry \"TARGET\"", reason): nothing writes
// a profile that cannot be read back.
std::string format_mount_profile(const MountProfile& profile);

}  // namespace cordon

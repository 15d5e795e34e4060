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
#include <vector>

#include "core/abs_path.h"  // is_clean_absolute_path, path_is_within: part of this API

namespace cordon {

enum class TargetKind {
    kDir,        // a directory mount point (default)
    kFile,       // a file mount point (x-cordon.kind=file)
    kSymlink,    // no mount: a symlink (x-cordon.kind=symlink)
    kEnsureDir,  // no mount: a directory (x-cordon.kind=ensure-dir)
};

struct MountEntry {
    std::string source;  // host path; in-namespace path (source_in_ns); "tmpfs"; "none"
    std::string target;
    std::string fstype;  // "none" or "tmpfs"
    bool bind = false;       // bind or rbind
    bool recursive = false;  // rbind
    bool source_in_ns = false;
    TargetKind kind = TargetKind::kDir;
    std::string symlink_target;  // kSymlink
    std::optional<mode_t> mode;  // x-cordon.mode
    std::optional<uid_t> uid;    // x-cordon.uid
    std::optional<gid_t> gid;    // x-cordon.gid
    unsigned long flags = 0;     // MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
    std::string fs_options;      // tmpfs options, canonical order as given
    bool synthetic = false;      // a writable mimic (current profile only)
    std::string needed_by;       // target that needed the mimic (synthetic only)
    // Bookkeeping of the current profile (not part of equality: an entry
    // is the same whichever mount carries it and whatever state the log
    // was in).
    std::optional<std::uint32_t> mount_id;  // x-cordon.mount-id
    enum class Pending { kNone, kMount, kUnmount };
    Pending pending = Pending::kNone;       // x-cordon.pending
    std::optional<std::uint32_t> over_id;   // x-cordon.over (pending mounts only)
    unsigned line = 0;           // where it was read (not part of equality)

    bool is_mount() const { return kind != TargetKind::kSymlink && kind != TargetKind::kEnsureDir; }
    bool is_tmpfs() const { return fstype == "tmpfs"; }
    // Everything but `line`, `mount_id`, `pending` and `over_id`.
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

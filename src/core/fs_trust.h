// Facts about directory entries that decide whether root may create,
// chmod or chown something there, as pure functions of stat values (the
// syscalls are src/os/secure_fs's).
//
// Root creating a name in a directory is only as safe as the directory:
// whoever can rename entries in it can swap the new name for a symlink
// (renameat2 RENAME_EXCHANGE) between the creation and whatever root does
// next by name. A directory whose entries only root can rename is
// root-owned and either not writable by group or others, or sticky (in a
// sticky directory an entry can be renamed or removed only by its owner or
// the directory's, here root).
//
// The app's private /tmp (root's, 1777) is such a directory; a directory
// the app's user made in it is not: it is theirs. Creating there is
// refused rather than done with verification only: the object could be
// made safely (created, verified and changed through its fd), but what
// root does next with the name (mounting on it: the mounter reopens it by
// name) and later (finding the mount by its path) would still be steered
// by the user's renames. An admin who wants a mount point there makes the
// directory another way (a tmpfs entry of the profile above it, or the
// base).
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <optional>
#include <string>

namespace cordon {

// The permission bits (with setuid, setgid and sticky) as four octal
// digits, "0755": how modes read in cordon's messages and mount options.
std::string octal_mode(mode_t mode);

// Why root must not trust what steers it (a config file, a base, a
// directory above them) with this owner and mode: "owned by uid 1000, not
// root", "writable by group or others (mode 0664)"; nothing when it is
// root's and only root can write it.
std::optional<std::string> untrusted_reason(uid_t owner, mode_t mode);

// The commands that make such a path trusted ("chown root: PATH",
// "chmod go-w PATH", or both joined by " && "); "" when it is.
std::string untrusted_fix(const std::string& path, uid_t owner, mode_t mode);

// Why someone other than root could rename root's entries in a directory
// with this owner and mode (e.g. "owned by uid 1000, not root"), or
// nothing when only root can.
std::optional<std::string> unsafe_parent_reason(uid_t owner, mode_t mode);

// What a freshly created object must look like, seen through an fd opened
// on its name without following symlinks, before root changes its owner or
// mode: the type asked for; for a directory on the parent's filesystem (no
// mount, no other filesystem renamed in) and with no subdirectory yet (at
// most 2 links: btrfs counts 1 for every directory); for a file or symlink
// no other hard link; owned by the creating uid, with no permission bits
// beyond the ones it was created with. Returns why not, or nothing when it
// matches.
enum class NewKind { kDir, kFile, kSymlink };
std::optional<std::string> not_fresh_reason(NewKind kind, const struct stat& st, dev_t parent_dev, uid_t creator,
                                            mode_t created_mode);

}  // namespace cordon

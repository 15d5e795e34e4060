// Walking and creating paths as root without trusting anything a user can
// change: every walk is fd-relative, component by component or with
// openat2(RESOLVE_NO_SYMLINKS), never following a symlink; what steers root
// (config, state dirs) is checked for root ownership and mode.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/fs_trust.h"
#include "os/unique_fd.h"

namespace cordon {

// fstat that throws Error("inspect WHAT", ...).
struct stat stat_fd(int fd, const std::string& what);

// A path root must not trust (owned by a user, or writable by group or
// others), named apart for callers that say how to fix it.
// Its owner and mode say what makes it trusted (core/fs_trust's
// untrusted_fix).
class UntrustedPath : public Error {
public:
    UntrustedPath(std::string path, std::string reason, uid_t owner, mode_t mode)
        : Error("trust " + path, std::move(reason)), path_(std::move(path)), owner_(owner), mode_(mode) {}
    // The same path, told as a failure of action with another reason.
    UntrustedPath(std::string action, std::string reason, const UntrustedPath& cause)
        : Error(std::move(action), std::move(reason)), path_(cause.path_), owner_(cause.owner_), mode_(cause.mode_) {}
    const std::string& path() const { return path_; }
    uid_t owner() const { return owner_; }
    mode_t mode() const { return mode_; }

private:
    std::string path_;
    uid_t owner_;
    mode_t mode_;
};

// Opens an absolute path whose every directory (including "/") and the final
// object are root-owned and not writable by group/others, walking one
// component at a time with O_NOFOLLOW. `flags` are for the last component
// (O_PATH|O_DIRECTORY, O_RDONLY, ...); O_NOFOLLOW|O_CLOEXEC are added.
UniqueFd open_trusted(const std::string& abs_path, int flags);

// Reads a small regular file through open_trusted (the file and every
// directory above it root-owned, not writable by group or others). When
// it does not exist: nothing if missing_ok, else the SysError of the open.
// mtime, if given, receives the file's modification time.
std::optional<std::string> read_trusted_file(const std::string& abs_path, std::size_t max, bool missing_ok,
                                             struct timespec* mtime = nullptr);

// Opens `rel` below `dirfd` without following any symlink and without
// leaving the tree (openat2 RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS|
// RESOLVE_NO_MAGICLINKS; per-component O_NOFOLLOW walk where openat2 is
// missing). `display` names the path in errors. Returns -1 fd with errno set
// to ENOENT when `missing_ok` and a component does not exist.
// open_beneath's walk for kernels without openat2 (Linux < 5.6), exposed
// for its tests: returns the fd, or -1 with errno (EXDEV for "..").
int walk_nofollow_fallback(int dirfd, std::string_view rel, int flags);

UniqueFd open_beneath(int dirfd, std::string_view rel, int flags, const std::string& display,
                      bool missing_ok = false);

// Opens `path` below `rootfd` as if rootfd were "/": symlinks are followed
// but resolved inside that tree, never leaving it, and never crossing into
// another mount (openat2 RESOLVE_IN_ROOT | RESOLVE_NO_XDEV, no magic
// links): only the symlinks of rootfd's own filesystem are followed, so a
// mount of a user-writable directory inside the tree (/var/tmp) cannot
// steer the lookup. For a tree root owns (a base, as it is being made into
// a new root), where an admin's symlinks such as merged-/usr's /lib ->
// usr/lib are meant. EXDEV when the path crosses a mount. Without openat2,
// as open_beneath (no symlinks).
UniqueFd open_in_root(int rootfd, std::string_view path, int flags, const std::string& display,
                      bool missing_ok = false);

// Same as open_beneath, from the process root, for an absolute path.
UniqueFd open_nofollow(const std::string& abs_path, int flags, bool missing_ok = false);

// Opens a system directory of the host (/dev, /lib/modules, ...) as
// O_PATH|O_DIRECTORY. Symlinks are followed (merged-/usr hosts have /lib ->
// usr/lib) but magic links are not, and the directory reached must be
// root-owned: every parent of the table's paths is root's, so only root
// could have planted a symlink there.
UniqueFd open_system_dir(const std::string& abs_path, bool missing_ok);

// Expected owner and exact mode of a directory cordon creates or reuses.
struct DirSpec {
    uid_t uid = 0;
    gid_t gid = 0;
    mode_t mode = 0755;  // permission bits incl. sticky
};

// mkdirat(parent, name, spec.mode) unless it exists, then opens it
// (O_PATH|O_DIRECTORY|O_NOFOLLOW) and verifies it is a directory with exactly
// spec's owner, group and mode. Never repairs, renames or removes something
// that fails the check: it throws.
UniqueFd ensure_dir(int parentfd, const char* name, const DirSpec& spec, const std::string& display);

// Throws Error("create PATH", ...) unless only root can rename or remove
// entries in parentfd (core/fs_trust.h's unsafe_parent_reason): a name
// root creates anywhere else could be swapped for a symlink before root
// uses it.
void require_safe_parent(int parentfd, const std::string& parent_display, const std::string& path_display);

// What create_verified makes.
struct NewObject {
    NewKind kind = NewKind::kDir;
    mode_t mode = 0755;  // exact permission bits of a dir or file (no umask)
    uid_t uid = 0;
    gid_t gid = 0;
    std::string symlink_target;  // kSymlink
};

// Creates parentfd/name (mkdirat, openat O_CREAT|O_EXCL|O_NOFOLLOW or
// symlinkat), opens exactly what was created without following symlinks,
// checks it is (type, filesystem, owner, mode, links:
// core/fs_trust.h's not_fresh_reason), then sets owner and mode on that
// fd (a symlink's owner through fchownat(AT_EMPTY_PATH) on an O_PATH fd).
// Nothing is ever changed or removed by name. Refuses (Error) to create in
// a parent that is not safe (require_safe_parent). Throws SysError (EEXIST,
// EROFS, ...) when the creation itself fails, and Error when what is found
// at the name is not what was created (then nothing is removed). Returns
// the verified fd: O_RDONLY|O_DIRECTORY for a dir, the O_CREAT fd
// (O_RDONLY) for a file, O_PATH|O_NOFOLLOW for a symlink.
UniqueFd create_verified(int parentfd, const std::string& name, const NewObject& obj,
                         const std::string& parent_display, const std::string& display);

// Sets mode and/or owner (nothing for the unset ones) of the existing
// directory parentfd/name through an fd opened O_DIRECTORY|O_NOFOLLOW: a
// symlink swapped in is never followed. Whether the caller may change it
// at all is its own decision.
void change_dir(int parentfd, const std::string& name, std::optional<mode_t> mode, std::optional<uid_t> uid,
                std::optional<gid_t> gid, const std::string& display);

// Opens the directory `dir` (absolute, clean) below rootfd one component at
// a time, never following a symlink. A missing component is made by
// make_missing(parent, parent_path, name), which returns the new
// directory's fd and may replace parent (a mimic built over it).
using MakeMissingDir = std::function<UniqueFd(UniqueFd& parent, const std::string& parent_path,
                                              const std::string& name)>;
UniqueFd walk_dirs(int rootfd, const std::string& dir, const MakeMissingDir& make_missing);

// Detaches the mount whose root fd is (umount2 on /proc/self/fd/N, which
// names exactly that mount, whatever path now leads to it).
void unmount_fd(int fd, const std::string& what);

// Creates a fresh directory NAME_PREFIX + 6 random characters below
// parentfd (mkdtemp, fd-relative). Returns its name.
std::string make_temp_dir(int parentfd, const std::string& prefix, mode_t mode);

// Reads a whole (small) regular file; throws if longer than max.
std::string read_file(int fd, std::size_t max, const std::string& display);

enum class Durability {
    kVolatile,  // temp file + rename: atomic, for files under /run (gone at reboot anyway)
    kDurable,   // also fsync the file before and the directory after the rename
};

// Writes dirfd/name (root-owned, `mode`) atomically: readers see the old or
// the new content, never a mix. dirfd must be a real (not O_PATH) fd.
void write_file_atomically(int dirfd, const std::string& name, std::string_view content, mode_t mode,
                           Durability durability, const std::string& display);

// True when `entry` is a temporary name write_file_atomically uses for
// `name` (".NAME." and six hex digits): what a writer killed before its
// rename leaves behind.
bool is_temp_name_of(std::string_view entry, std::string_view name);

// Removes every temporary name of `name` in dirfd (is_temp_name_of): what
// writers killed before their rename left. Only for a caller that holds
// the lock every writer of `name` holds. Returns how many were removed.
std::size_t remove_temp_files_of(int dirfd, const std::string& name, const std::string& dir_display);

// The names in directory dirfd (an O_PATH fd will do), "." and ".." left
// out, in readdir order. `display` names it in errors.
std::vector<std::string> dir_entries(int dirfd, const std::string& display);

// The target of the symlink `name` in dirfd (readlinkat; with name "" the
// symlink dirfd itself, opened O_PATH|O_NOFOLLOW), or nothing with errno
// set: ENAMETOOLONG when the target does not fit in PATH_MAX bytes.
std::optional<std::string> read_link_at(int dirfd, const std::string& name);

// unlinkat that ignores ENOENT.
void remove_if_exists(int dirfd, const std::string& name, int flags, const std::string& display);

// True when fd is the root of a mount (statx STATX_ATTR_MOUNT_ROOT).
bool is_mount_root(int fd);

}  // namespace cordon

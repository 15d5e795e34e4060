// Who called cordon, and the one-way trip from root back to them.
//
// cordon is setuid root: the kernel gives it euid 0 while the real ids stay
// the caller's. Whether the caller is root is decided from the real uid,
// never from geteuid() (which is always 0 here).
#pragma once

#include <sys/types.h>

#include <vector>

#include "core/capability_names.h"

namespace cordon {

struct Caller {
    uid_t uid = 0;  // real uid
    gid_t gid = 0;  // real gid
    uid_t euid = 0, suid = 0;
    gid_t egid = 0, sgid = 0;
    std::vector<gid_t> groups;  // supplementary groups, as the caller had them
    mode_t umask = 022;

    bool is_root() const { return uid == 0; }
};

// Reads the caller's ids, groups and umask.
Caller capture_caller();

// Requires euid 0 (the setuid bit); sets the real and saved uid to 0 as
// well, so that the caller can no longer signal (stop, kill) the process
// until the drop; makes files cordon creates belong to root's group, not
// the caller's (egid 0), with umask 0 (modes are explicit); keeps only the
// launcher's own capabilities (os/capabilities), and for a root caller
// also those its application may keep.
void assume_root_identity(const Caller& caller);

// On the way out after a failure (every lock released): all uids back to
// the caller's and every capability gone, so that the caller can kill the
// process if writing the error to its stderr blocks. Best effort.
void give_up_root_to_exit(const Caller& caller);

// A non-root caller: supplementary groups, gid and uid set for good (real,
// effective, saved), every capability set emptied (bounding and ambient
// too), then verified; a failed check aborts the launch.
// A root caller keeps uid 0 and gets its own gids back; its bounding set is
// cut to root_caps, which is what it holds after exec, with nothing
// inheritable or ambient.
// Both get their umask back.
//
// held_until_exec (CAP_SYS_ADMIN to load a seccomp filter where
// no_new_privs cannot be set, see launcher/confinement) stays in the
// permitted set, not effective, and nothing else does. The exec takes it
// away: for a non-root uid with empty bounding, ambient and inheritable
// sets, and no file capabilities (the tree is nosuid), the kernel gives the
// new program an empty permitted set; for uid 0 it gives exactly the
// bounding set, root_caps (capabilities(7), "Transformation of
// capabilities during execve()").
void drop_privileges(const Caller& caller, CapMask root_caps, CapMask held_until_exec);

}  // namespace cordon

// Running cordon-update-ns: from the launcher while it builds a namespace,
// and from `cordonctl ns update`. The helper is found at a compile-time
// path (never through /proc/self/exe, which a hardlink can redirect:
// CVE-2021-44730), opened O_PATH|O_NOFOLLOW and checked root-owned, and
// executed from that fd, so it need not be visible in the app's namespace.
//
// The helper holds the app's lock itself and dies with its parent (issue
// 8, class 3): it inherits the locked open file description (flock locks
// belong to it, so the lock stays held while the helper lives, even when
// its parent was killed), and it is killed (PR_SET_PDEATHSIG) when its
// parent dies. So no helper outlives the launch or update that started it
// and goes on changing a namespace nobody owns any more.
//
// Its stdout and stderr are memfds, read when it is done: never the
// caller's fds, which a caller could leave unread to block the helper
// while the lock is held (issue 8, class 2).
#pragma once

#include <string>

#include "base/unique_fd.h"

namespace cordon {

// $(libexecdir)/cordon/cordon-update-ns, verified.
UniqueFd open_update_ns_helper();

struct UpdateNsRequest {
    int helper = -1;  // open_update_ns_helper()
    std::string app;
    int host_ns = -1, app_ns = -1;  // namespace fds
    int lock_fd = -1;               // the app's lock, held (FileLock::fd)
    std::string ns_tag;             // app_ns's tag (launch/ns_tag)
    bool quiet = false;             // no summary line on its stdout
};

struct UpdateNsResult {
    bool ok = false;
    std::string how;  // "exit status 1", "signal 9" when not ok
    std::string out;  // its stdout and stderr, as printed
    std::string err;
};

// Forks, makes the child root through and through (real, effective and
// saved ids 0, no supplementary groups), has it die with this process,
// and execs the helper with the namespace and lock fds, the caller's pid,
// the tag, and a minimal environment. Waits for it.
UpdateNsResult run_update_ns(const UpdateNsRequest& request);

// For the launcher: run_update_ns, the helper's debug lines forwarded to
// cordon's (base/debug), and an Error carrying the helper's own error
// message unless it succeeded.
void apply_mount_profile_with_helper(const UpdateNsRequest& request);

}  // namespace cordon

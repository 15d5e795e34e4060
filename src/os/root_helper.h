// Running one of cordon's own root helper programs (cordon-seccomp-compile,
// cordon-update-ns) from a privileged process (the setuid launcher, or
// cordonctl) so that nothing of the caller's reaches it. This is the one
// place that starts them. The caller owns the launcher's real uid, its
// resource limits, signal mask and dispositions, umask, working directory,
// session and open fds; a root helper must inherit none of them:
//
//   - the program is found at a compile-time path, opened O_PATH through
//     root-owned directories only, and executed from that fd (execveat):
//     never through /proc/self/exe, which a hardlink can redirect
//     (CVE-2021-44730), and it need not be visible in the mount namespace
//     the launcher is in by then;
//   - optionally, a mount namespace entered first (setns): cordon-update-ns
//     runs from the host's, so its dynamic loader and libraries are the
//     host's (an app's base need not have any);
//   - real, effective and saved uids and gids 0, no supplementary groups:
//     the caller can neither signal nor trace it, and glibc does not run it
//     in secure mode (which is fine: its environment is fixed);
//   - with HelperCapabilities::kNone, no capability at all: uid 0 owns
//     every file it needs (SECBIT_NOROOT, locked, keeps the exec from
//     granting root's capabilities); with kAll, root's (the bounding set);
//   - the environment is PATH (fixed) and CORDON_DEBUG (0 or 1), nothing
//     else; the working directory is /, the umask 022;
//   - fds: stdin /dev/null, stdout and stderr two memfds that the parent
//     reads once the helper exited, and the fds the caller lists, at 3, 4,
//     ... in the order given (inherited_fd()); nothing else. So a caller's
//     stderr that nobody reads (a full pipe) can never block the helper
//     (nor a lock it holds: issue 8, class 2), and what the helper says ends
//     up where the launcher decides. Two streams, so that cordonctl can
//     print the helper's summary on stdout and its errors on stderr;
//   - resource limits reset to kRootHelperLimits, soft and hard, before the
//     exec: a caller's `ulimit -v 4096` or `ulimit -f 0` must not make a
//     root program fail half-way (libseccomp segfaulted under the former,
//     and a helper killed by SIGXFSZ half-way through a write leaves its
//     temporary file). Raising a hard limit needs CAP_SYS_RESOURCE, raised
//     for the fork; where the launcher does not have it (a bounding set
//     without it, as in some containers: nobody there can raise a hard
//     limit) soft limits go up to the hard ones and the helper may fail,
//     cleanly, under a tiny hard limit;
//   - no signal blocked, every disposition the default;
//   - a session of its own (setsid): the caller's terminal sends SIGINT,
//     SIGTSTP, ... to its whole foreground process group without any
//     permission check, and a helper stopped or killed half-way could
//     leave a temporary file behind or hold a lock;
//   - PR_SET_PDEATHSIG(SIGKILL), set after the credential change (which
//     clears it) and checked against the parent's death in between: it dies
//     with the launcher (issue 8, class 3: a helper must not go on changing
//     what its dead parent's lock no longer protects).
//     Kernel quirk: an exec that gives the process capabilities it did not
//     have clears the parent-death signal (commit_creds), which is what an
//     exec as root with SECBIT_NOROOT unset does. So it survives into a
//     kNone helper; a kAll helper must set it again itself and then check
//     getppid() against its parent's pid, which the caller passes it in
//     argv (cordon-update-ns --parent-pid).
// Needs CAP_SETUID, CAP_SETGID and CAP_SETPCAP, CAP_SYS_ADMIN and
// CAP_SYS_CHROOT to enter a namespace, and CAP_SYS_RESOURCE when it can
// have it, in the permitted set (raised here around the fork).
#pragma once

#include <sys/resource.h>

#include <string>
#include <vector>

#include "os/unique_fd.h"

namespace cordon {

// path must be absolute and compile-time (paths.h); the file and every
// directory above it root-owned, not writable by group or others, and a
// regular file.
UniqueFd open_root_helper(const char* path);

struct RootHelperLimit {
    int resource;
    rlim_t value;  // soft and hard
};
// What the helper gets: no limit on memory or file size, a CPU bound far
// above any legitimate run, no core dumps, ordinary fd and lock limits.
extern const std::vector<RootHelperLimit> kRootHelperLimits;

enum class HelperCapabilities {
    kNone,  // uid 0 without capabilities: enough to write root's own files
    kAll,   // root's full set (the bounding set), for a helper that mounts
};

struct RootHelperRequest {
    int helper = -1;                // from open_root_helper
    std::vector<std::string> argv;  // argv[0] first
    HelperCapabilities caps = HelperCapabilities::kNone;
    // Kept open across the exec, the i-th as inherited_fd(i), for argv to
    // name. They share their open file description with the caller's (a
    // lock held through one stays held while the helper lives).
    std::vector<int> inherited_fds;
    int mount_ns = -1;  // entered before the exec when not -1
};

// The number the helper has inherited_fds[i] at.
constexpr int inherited_fd(std::size_t i) { return 3 + static_cast<int>(i); }

struct RootHelperResult {
    int status = 0;   // as from waitpid
    std::string out;  // its stdout, at most kMaxOutput bytes
    std::string err;  // its stderr (and, exit status 126, why it did not start)
    // More than a helper ever prints, debug lines of a large mount
    // profile included; the rest is dropped.
    static constexpr std::size_t kMaxOutput = 1024 * 1024;

    bool succeeded() const;
    std::string how_it_ended() const;  // "exit status 1", "signal 11 (Segmentation fault)"
};

// Forks, sets the child up as above, execs the helper with argv, waits for
// it and returns how it ended and what it printed. Throws only when it
// cannot start the helper or wait for it.
RootHelperResult run_root_helper(const RootHelperRequest& request);

}  // namespace cordon

// Running one of cordon's own root helper programs from a privileged
// process (the setuid launcher) so that nothing of the caller's reaches it.
// The caller owns the launcher's real uid, its resource limits, signal
// mask and dispositions, umask, working directory and open fds; a root
// helper must inherit none of them:
//
//   - the program is found at a compile-time path, opened O_PATH through
//     root-owned directories only, and executed from that fd (execveat);
//   - real, effective and saved uids and gids 0, no supplementary groups:
//     the caller can neither signal nor trace it, and glibc does not run it
//     in secure mode (which is fine: its environment is fixed);
//   - with HelperCapabilities::kNone, no capability at all: uid 0 owns
//     every file it needs (SECBIT_NOROOT, locked, keeps the exec from
//     granting root's capabilities);
//   - the environment is PATH (fixed) and CORDON_DEBUG (0 or 1), nothing
//     else; the working directory is /, the umask 022;
//   - fds 0-2 only: stdin is /dev/null, stdout and stderr one memfd that
//     the parent reads once the helper exited. So a caller's stderr that
//     nobody reads (a full pipe) can never block the helper, and what the
//     helper says ends up in the launcher's own error line;
//   - resource limits reset to kRootHelperLimits, soft and hard, before the
//     exec: a caller's `ulimit -v 4096` or `ulimit -f 0` must not make a
//     root program fail half-way (libseccomp segfaulted under the former).
//     Raising a hard limit needs CAP_SYS_RESOURCE, raised for the fork;
//     where the launcher does not have it (a bounding set without it, as in
//     some containers: nobody there can raise a hard limit) soft limits go
//     up to the hard ones and the helper may fail, cleanly, under a tiny
//     hard limit;
//   - no signal blocked, every disposition the default;
//   - PR_SET_PDEATHSIG(SIGKILL), set after the credential change (which
//     clears it) and checked against the parent's death in between: it dies
//     with the launcher. Kernel quirk: an exec that gives the process
//     capabilities it did not have clears the parent-death signal
//     (commit_creds), which is what an exec as root with SECBIT_NOROOT
//     unset does. So it survives into a kNone helper; a kAll helper must
//     set it again itself (and check getppid()).
// Needs CAP_SETUID, CAP_SETGID and CAP_SETPCAP, and CAP_SYS_RESOURCE when
// it can have it, in the permitted set (raised here around the fork). Nothing in it depends on which helper
// runs: cordon-seccomp-compile uses it; cordon-update-ns can.
#pragma once

#include <sys/resource.h>

#include <string>
#include <vector>

#include "base/unique_fd.h"

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

struct RootHelperResult {
    int status = 0;      // as from waitpid
    std::string output;  // its stdout and stderr, at most kMaxOutput bytes
    static constexpr std::size_t kMaxOutput = 64 * 1024;

    bool succeeded() const;
    std::string how_it_ended() const;  // "exit status 1", "signal 11 (Segmentation fault)"
};

enum class HelperCapabilities {
    kNone,  // uid 0 without capabilities: enough to write root's own files
    kAll,   // root's full set (the bounding set), for a helper that mounts
};

// Forks, sets the child up as above, execs helper (an fd from
// open_root_helper) with argv (argv[0] first), waits for it and returns how
// it ended and what it printed. Runs in the caller's mount namespace.
// Throws only when it cannot start the helper or wait for it.
RootHelperResult run_root_helper(int helper, const std::vector<std::string>& argv, HelperCapabilities caps);

}  // namespace cordon

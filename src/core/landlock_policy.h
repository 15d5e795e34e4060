// What the Landlock layer of a launch enforces, from the running kernel's
// Landlock ABI and the app's configuration (`landlock`, `landlock-scope`).
// Pure: the ABI is asked once by os/landlock; the launcher applies the
// result (launcher/confinement).
//
// The layer is one domain per launch: a ruleset handling every filesystem
// right the ABI knows, with one rule granting them all beneath the app's
// root. Nothing the app sees by path changes; what it gains is that a
// process in a domain fails ptrace_may_access against every task outside
// it, and procfs gates /proc/PID/{root,cwd,exe,fd,environ,mem} on that
// check, so the host's filesystem is no longer reachable through a host
// process of the same user.
//
// ABIs: 1 (5.13) base rights; 2 (5.19) REFER; 3 (6.2) TRUNCATE; 4 (6.7)
// TCP; 5 (6.10) IOCTL_DEV; 6 (6.12) scoping of abstract unix sockets and
// signals; 7 (6.15) audit flags.
#pragma once

#include <linux/landlock.h>

#include <cstdint>
#include <string>
#include <vector>

// Debian 12's linux-libc-dev (6.1) knows Landlock up to ABI 2: the rights
// and scopes of later ABIs, with their uapi values, for building there.
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)  // ABI 3
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)  // ABI 5
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)  // ABI 6
#endif
#ifndef LANDLOCK_SCOPE_SIGNAL
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)  // ABI 6
#endif

namespace cordon {

// `landlock-scope`: what the app is cut off from outside its domain.
enum class LandlockScope { kNone, kAbstractSockets, kSignals, kAll };

// The first ABIs with REFER (without it every cross-directory rename and
// link is denied), with TRUNCATE, with IOCTL_DEV, with scoping.
constexpr int kLandlockAbiRefer = 2;
constexpr int kLandlockAbiTruncate = 3;
constexpr int kLandlockAbiIoctlDev = 5;
constexpr int kLandlockAbiScope = 6;

struct LandlockPolicy {
    // Both 0: no domain at all (Landlock off, missing, or ABI 1).
    std::uint64_t handled_fs = 0;
    std::uint64_t scoped = 0;
    // For CORDON_DEBUG: what is enforced, and what is not and why.
    std::vector<std::string> notes;

    bool active() const { return handled_fs != 0 || scoped != 0; }
};

// Every filesystem right ABI `abi` knows (0 for abi < 1).
std::uint64_t landlock_fs_rights(int abi);

// The scope bits `scope` asks for, where the ABI has them (0 below 6).
std::uint64_t landlock_scope_bits(LandlockScope scope, int abi);

// abi: 0 when the kernel has no Landlock (not built, or not enabled at
// boot). enabled: `landlock = on`.
LandlockPolicy plan_landlock(int abi, bool enabled, LandlockScope scope);

// The rights of a rule on one of fds 0-2 that the caller handed to the app
// (a regular file or a character device outside the app's root), so that
// re-opening it by path (/dev/stdout is /proc/self/fd/1) works: READ_FILE
// and WRITE_FILE as the fd was opened (open_flags: F_GETFL's answer; an
// O_PATH fd gets nothing), TRUNCATE with write on a
// regular file and IOCTL_DEV on a character device where the ABI has them
// (the fd itself already allows ftruncate and ioctl). Restricted to
// `handled`, since a rule may not grant a right the ruleset does not handle.
std::uint64_t landlock_inherited_file_rights(int open_flags, bool char_device, std::uint64_t handled);

// "none", "abstract-sockets", "signals", "all".
const char* landlock_scope_name(LandlockScope scope);

}  // namespace cordon

// The process state a setuid launcher must not trust, and what the
// application must get back: standard fds, signal mask and dispositions,
// dumpability, and the caller's environment.
#pragma once

#include <signal.h>
#include <sys/resource.h>

#include <array>

#include <string>
#include <vector>

namespace cordon {

// fds 0, 1 and 2 open and usable: a closed one (or glibc's unusable
// setuid stand-in for it) becomes /dev/null read-write, so no file cordon
// opens later can become someone's stdout/stderr by accident, and the
// application gets what a closed fd means to it.
void ensure_standard_fds();

// Not dumpable, so the caller cannot ptrace or read the memory of the
// process while it is privileged (the kernel resets this at the exec of an
// ordinary program).
void make_undumpable();

// The caller's signal mask and ignored signals.
struct SignalState {
    sigset_t blocked;
    sigset_t ignored;
};
SignalState capture_signal_state();

// While privileged, no signal may stop, kill or interrupt cordon half-way
// (issue 8, class 2). The caller cannot send any once the real uid is 0
// (assume_root_identity), but the terminal can: SIGINT, SIGQUIT, SIGTSTP,
// SIGTTIN, SIGTTOU and SIGHUP from the tty driver bypass the permission
// check, as does SIGCONT from the same session (harmless: it only
// continues). So every blockable signal is blocked, and every disposition
// set to its default: an ignored SIGCHLD inherited from the caller would
// make the kernel reap cordon-update-ns and waitpid fail. (SIGKILL and
// SIGSTOP cannot be blocked; only root can send them now.)
void block_all_signals();

// The caller's mask back, and every disposition at its default, except the
// signals the caller ignored (exec keeps SIG_IGN, as nohup relies on).
void restore_signal_state(const SignalState& s);

// The caller's resource limits, and the launcher's own while privileged
// (issue 8, class 4): a limit the caller lowered must not make a
// privileged step fail half-way and leave root-owned residue (RLIMIT_FSIZE
// made SIGXFSZ kill cordon inside the atomic writer of APP.info). Each
// limit is only ever raised, never lowered, so the caller's values are
// restored by lowering, which needs no capability. The application gets
// the caller's limits back (restore_resource_limits).
struct ResourceLimits {
    struct Entry {
        int resource;
        struct rlimit limit;
    };
    std::array<Entry, 7> entries;
};

// Reads the caller's limits, then raises those below what a privileged
// step may need (CAP_SYS_RESOURCE for past the hard limit). Returns the
// caller's.
ResourceLimits reset_resource_limits();

// Lowers every limit back to the caller's value. Before any step the
// application's seccomp filter could refuse setrlimit to.
void restore_resource_limits(const ResourceLimits& caller);

// The environment exactly as the caller passed it, from /proc/self/environ.
// glibc scrubs LD_PRELOAD, LD_LIBRARY_PATH, TMPDIR, ... out of `environ` in a
// setuid program before main(): that protects cordon itself; the
// application, which runs with the caller's own privileges, gets them back.
std::vector<std::string> read_caller_environment();

}  // namespace cordon

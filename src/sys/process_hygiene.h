// The process state a setuid launcher must not trust, and what the
// application must get back: standard fds, signal mask and dispositions,
// dumpability, and the caller's environment.
#pragma once

#include <signal.h>

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

// The caller's mask back, and every disposition at its default, except the
// signals the caller ignored (exec keeps SIG_IGN, as nohup relies on).
void restore_signal_state(const SignalState& s);

// The environment exactly as the caller passed it, from /proc/self/environ.
// glibc scrubs LD_PRELOAD, LD_LIBRARY_PATH, TMPDIR, ... out of `environ` in a
// setuid program before main(): that protects cordon itself; the
// application, which runs with the caller's own privileges, gets them back.
std::vector<std::string> read_caller_environment();

}  // namespace cordon

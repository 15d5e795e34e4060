// A terminal of its own for a process run as another user from an
// admin's terminal (cordonctl ns shell), and the relay between the two.
//
// A process that holds a terminal as an fd can ioctl it: TIOCSTI (where
// the kernel still has it) pushes characters into its input, as if typed,
// to be read by the root shell once cordonctl exits, and the rest
// (TIOCSETD, modes, TIOCNOTTY...) can be as bad; sudo's use_pty and su's
// --pty exist for this. So such a process gets a new pty whose master only
// cordonctl holds, and cordonctl copies bytes between it and its own
// terminal (in raw mode, so that ^C, ^Z and the like reach the shell as
// bytes) until the process ended. That holds for each of fds 0-2 that is
// a terminal, not only stdin: a piped script whose output goes to the
// admin's terminal must not hand that terminal over either.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <termios.h>

#include <optional>

#include "os/unique_fd.h"

namespace cordon {

// Which of this process's fds 0, 1 and 2 are terminals: in the child,
// each of them is the pty's slave; the others are passed through.
struct StdTerminals {
    bool fd[3] = {false, false, false};

    static StdTerminals of_this_process();  // isatty(0), isatty(1), isatty(2)
    bool any() const { return fd[0] || fd[1] || fd[2]; }
    // The terminal the pty takes its settings and window size from.
    int model() const { return fd[0] ? 0 : fd[1] ? 1 : 2; }
    // Where what the shell writes to the pty goes: stdout if it is a
    // terminal, else stderr if it is one, else the terminal on stdin (open
    // for writing too, as a login's is), which must see the echo.
    int output() const { return fd[1] ? 1 : fd[2] ? 2 : 0; }
};

struct Pty {
    UniqueFd master;  // O_RDWR|O_NOCTTY|O_CLOEXEC|O_NONBLOCK
    UniqueFd slave;   // O_RDWR|O_NOCTTY|O_CLOEXEC, for the child
};

// posix_openpt, grantpt, unlockpt, then the slave opened by its name
// (ptsname_r); the slave gets the settings and window size of
// `terminal` (the admin's), so the shell sees the same kind of terminal.
Pty open_pty_like(int terminal);

// In a forked child, before its exec (async-signal-safe calls only): a
// session of its own whose controlling terminal is `slave`, and `slave` as
// each of fds 0-2 that `which` marks. False with errno set when a step fails.
bool take_terminal(int slave, const StdTerminals& which);

// The terminal `fd` in raw mode while this lives: what is typed goes to
// the relay byte by byte, unechoed, signals and all. Restored at the end
// of the scope, whatever ends it.
class RawTerminal {
public:
    explicit RawTerminal(int fd);
    ~RawTerminal();
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

private:
    int fd_;
    struct termios saved_;
};

// The signals the relay handles (SIGCHLD, SIGWINCH, and SIGHUP, SIGINT,
// SIGQUIT, SIGTERM, which it passes to the child), blocked from here on
// and read from a signalfd; the old mask back at the end. Made before the
// fork, so that none is lost in between; the child empties its mask
// before its exec.
class RelaySignals {
public:
    RelaySignals();
    ~RelaySignals();
    RelaySignals(const RelaySignals&) = delete;
    RelaySignals& operator=(const RelaySignals&) = delete;
    int fd() const { return fd_.get(); }

private:
    UniqueFd fd_;
    sigset_t old_mask_;
};

// The relay's side of a pty.
struct PtyEnds {
    int master;
    StdTerminals terminals;  // the admin's, as the child's fds took them
};

// Until the child `pid` exited: the signals above passed on to it, and,
// with a pty, stdin copied to it when stdin is a terminal, what comes out
// of it to terminals.output(), and the window size of the admin's terminal
// to it on SIGWINCH; once the child exited, what it wrote is drained
// (until no one holds the slave, or it stays quiet for a moment: a
// background job of the shell may hold it). Returns the child's wait status.
int relay_until_exit(pid_t pid, const RelaySignals& signals, std::optional<PtyEnds> pty);

}  // namespace cordon

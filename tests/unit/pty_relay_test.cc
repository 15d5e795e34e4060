// os/pty_relay runs unprivileged: a pty, a child on it, the relay.
#include "os/pty_relay.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>

namespace cordon {
namespace {

const StdTerminals kAllThree{{true, true, true}};

// fd `target` replaced by `with` for the scope (the relay uses 0 and 1).
class Redirect {
public:
    Redirect(int target, int with) : target_(target), saved_(dup(target)) { dup2(with, target); }
    ~Redirect() {
        dup2(saved_, target_);
        close(saved_);
    }

private:
    int target_, saved_;
};

std::string contents(int fd) {
    std::string out;
    char buf[256];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
}

TEST(PtyRelay, NewPtyTakesTheWindowSizeOfTheTerminal) {
    Pty terminal = open_pty_like(-1);  // no terminal to copy: defaults
    struct winsize ws = {33, 77, 0, 0};
    ASSERT_EQ(ioctl(terminal.slave.get(), TIOCSWINSZ, &ws), 0);
    Pty pty = open_pty_like(terminal.slave.get());
    struct winsize got = {};
    ASSERT_EQ(ioctl(pty.slave.get(), TIOCGWINSZ, &got), 0);
    EXPECT_EQ(got.ws_row, 33);
    EXPECT_EQ(got.ws_col, 77);
    EXPECT_TRUE(fcntl(pty.master.get(), F_GETFD) & FD_CLOEXEC);
    EXPECT_TRUE(fcntl(pty.slave.get(), F_GETFD) & FD_CLOEXEC);
}

TEST(PtyRelay, ChildOnThePtyIsRelayedAndItsStatusReturned) {
    Pty pty = open_pty_like(-1);
    UniqueFd out(memfd_create("relay-out", MFD_CLOEXEC));
    UniqueFd devnull(open("/dev/null", O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(out && devnull);
    RelaySignals signals;
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        if (!take_terminal(pty.slave.get(), kAllThree) || !isatty(0) || getsid(0) != getpid()) _exit(90);
        if (write(1, "hello from the pty\n", 19) != 19) _exit(91);
        _exit(3);
    }
    pty.slave.reset();
    int status;
    {
        Redirect in(0, devnull.get()), to(1, out.get());
        status = relay_until_exit(pid, signals, PtyEnds{pty.master.get(), kAllThree});
    }
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 3);
    EXPECT_NE(contents(out.get()).find("hello from the pty"), std::string::npos) << contents(out.get());
}

// A piped stdin stays the child's own, stdout alone is the pty's slave,
// and what the child writes there reaches the admin's stdout.
TEST(PtyRelay, OnlyTheFdsThatAreTerminalsBecomeThePty) {
    Pty pty = open_pty_like(-1);
    UniqueFd out(memfd_create("relay-out", MFD_CLOEXEC));
    int ends[2];
    ASSERT_EQ(pipe2(ends, O_CLOEXEC), 0);
    UniqueFd pipe_in(ends[0]), pipe_out(ends[1]);
    const StdTerminals stdout_only{{false, true, false}};
    RelaySignals signals;
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        if (dup2(pipe_in.get(), 0) < 0 || !take_terminal(pty.slave.get(), stdout_only)) _exit(90);
        if (isatty(0) || !isatty(1)) _exit(91);
        char c;
        if (read(0, &c, 1) != 1 || c != 'x') _exit(92);
        if (write(1, "through the pty\n", 16) != 16) _exit(93);
        _exit(4);
    }
    pty.slave.reset();
    pipe_in.reset();
    ASSERT_EQ(write(pipe_out.get(), "x", 1), 1);
    int status;
    {
        Redirect to(1, out.get());
        status = relay_until_exit(pid, signals, PtyEnds{pty.master.get(), stdout_only});
    }
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 4);
    EXPECT_NE(contents(out.get()).find("through the pty"), std::string::npos) << contents(out.get());
}

TEST(PtyRelay, WindowSizeChangesArePassedOn) {
    Pty terminal = open_pty_like(-1);  // stands for the admin's terminal
    Pty pty = open_pty_like(-1);
    struct winsize ws = {44, 99, 0, 0};
    ASSERT_EQ(ioctl(terminal.slave.get(), TIOCSWINSZ, &ws), 0);
    RelaySignals signals;
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        if (!take_terminal(pty.slave.get(), kAllThree)) _exit(90);
        for (int i = 0; i < 20000; ++i) {
            struct winsize now = {};
            if (ioctl(0, TIOCGWINSZ, &now) == 0 && now.ws_row == 44 && now.ws_col == 99) _exit(0);
            usleep(1000);
        }
        _exit(1);
    }
    pty.slave.reset();
    raise(SIGWINCH);  // blocked: it waits in the signalfd
    int status;
    {
        Redirect in(0, terminal.slave.get());
        status = relay_until_exit(pid, signals, PtyEnds{pty.master.get(), kAllThree});
    }
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "the child never saw the new window size";
}

TEST(PtyRelay, WithoutPtySignalsArePassedToTheChild) {
    RelaySignals signals;
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        for (;;) pause();
    }
    // Blocked here: it waits in the signalfd, and the relay passes it on.
    kill(getpid(), SIGTERM);
    int status = relay_until_exit(pid, signals, std::nullopt);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

}  // namespace
}  // namespace cordon

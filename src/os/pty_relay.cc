#include "os/pty_relay.h"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/error.h"

namespace cordon {

namespace {

// How long the pty may stay quiet after the child exited before the relay
// stops draining it (only when something else still holds the slave).
constexpr int kDrainQuietMs = 200;

void copy_window_size(int from, int to) {
    struct winsize ws;
    if (ioctl(from, TIOCGWINSZ, &ws) == 0) ioctl(to, TIOCSWINSZ, &ws);
}

// All of data to fd (a blocking fd: the admin's stdout).
void write_all(int fd, const char* data, size_t size) {
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the admin's stdout is gone: what the shell says is lost
        data += n;
        size -= static_cast<size_t>(n);
    }
}

}  // namespace

Pty open_pty_like(int terminal) {
    Pty pty;
    pty.master.reset(posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!pty.master) throw_errno("open a new pseudo-terminal");
    if (grantpt(pty.master.get()) != 0 || unlockpt(pty.master.get()) != 0) throw_errno("set up a new pseudo-terminal");
    char name[64];
    if (int err = ptsname_r(pty.master.get(), name, sizeof name); err != 0)
        throw SysError("name the new pseudo-terminal", err);
    pty.slave.reset(open(name, O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!pty.slave) throw_errno(std::string("open ") + name);
    struct termios settings;
    if (tcgetattr(terminal, &settings) == 0) tcsetattr(pty.slave.get(), TCSANOW, &settings);
    copy_window_size(terminal, pty.slave.get());
    int flags = fcntl(pty.master.get(), F_GETFL);
    if (flags < 0 || fcntl(pty.master.get(), F_SETFL, flags | O_NONBLOCK) != 0)
        throw_errno("set up a new pseudo-terminal");
    return pty;
}

StdTerminals StdTerminals::of_this_process() {
    StdTerminals t;
    for (int fd = 0; fd <= 2; ++fd) t.fd[fd] = isatty(fd);
    return t;
}

bool take_terminal(int slave, const StdTerminals& which) {
    if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) != 0) return false;
    for (int fd = 0; fd <= 2; ++fd)
        if (which.fd[fd] && dup2(slave, fd) < 0) return false;
    return true;
}

RawTerminal::RawTerminal(int fd) : fd_(fd) {
    if (tcgetattr(fd_, &saved_) != 0) throw_errno("read the settings of the terminal");
    struct termios raw = saved_;
    cfmakeraw(&raw);
    if (tcsetattr(fd_, TCSADRAIN, &raw) != 0) throw_errno("put the terminal in raw mode");
}

RawTerminal::~RawTerminal() { tcsetattr(fd_, TCSADRAIN, &saved_); }

RelaySignals::RelaySignals() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGCHLD, SIGWINCH, SIGHUP, SIGINT, SIGQUIT, SIGTERM}) sigaddset(&set, sig);
    if (sigprocmask(SIG_BLOCK, &set, &old_mask_) != 0) throw_errno("block signals");
    fd_.reset(signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!fd_) {
        int err = errno;
        sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
        throw SysError("read signals", err);
    }
}

RelaySignals::~RelaySignals() {
    fd_.reset();
    sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
}

namespace {

// One relay: the child, its pty (if any) and what is on the way to it.
class Relay {
public:
    Relay(pid_t pid, int signal_fd, std::optional<PtyEnds> pty) : pid_(pid), signals_(signal_fd) {
        if (!pty) return;
        master_ = pty->master;
        stdin_open_ = pty->terminals.fd[0];  // a piped stdin is the child's own
        output_ = pty->terminals.output();
        model_ = pty->terminals.model();
    }

    int run() {
        while (!done()) {
            pollfd fds[3] = {{signals_, POLLIN, 0}, {-1, POLLIN, 0}, {-1, 0, 0}};
            if (master_) {
                if (stdin_open_ && to_pty_.empty()) fds[1].fd = 0;
                fds[2] = {*master_, static_cast<short>(POLLIN | (to_pty_.empty() ? 0 : POLLOUT)), 0};
            }
            int n = poll(fds, 3, status_ ? kDrainQuietMs : -1);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw_errno("wait for the shell");
            if (n == 0) break;  // exited, and the pty stayed quiet
            if (fds[0].revents) take_signals();
            if (fds[1].revents) read_stdin();
            if (fds[2].revents & POLLOUT) write_pty();
            if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) read_pty();
        }
        if (!status_) reap(0);
        return *status_;
    }

private:
    bool done() const { return status_ && (!master_ || !pty_open_); }

    void reap(int flags) {
        int status = 0;
        pid_t r;
        while ((r = waitpid(pid_, &status, flags)) < 0 && errno == EINTR) {
        }
        if (r < 0) throw_errno("wait for the shell");
        if (r == pid_) status_ = status;
    }

    void take_signals() {
        signalfd_siginfo info;
        while (read(signals_, &info, sizeof info) == sizeof info) {
            int sig = static_cast<int>(info.ssi_signo);
            if (sig == SIGCHLD) {
                if (!status_) reap(WNOHANG);
            } else if (sig == SIGWINCH) {
                if (master_) copy_window_size(model_, *master_);
            } else if (!status_) {
                kill(pid_, sig);
            }
        }
    }

    void read_stdin() {
        char buf[4096];
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0 && errno == EINTR) return;
        if (n <= 0) {
            stdin_open_ = false;  // the terminal is gone: the shell gets SIGHUP when cordonctl exits
            return;
        }
        to_pty_.append(buf, static_cast<size_t>(n));
    }

    void write_pty() {
        ssize_t n = write(*master_, to_pty_.data(), to_pty_.size());
        if (n > 0) to_pty_.erase(0, static_cast<size_t>(n));
        if (n < 0 && errno != EAGAIN && errno != EINTR) to_pty_.clear();
    }

    void read_pty() {
        char buf[4096];
        ssize_t n = read(*master_, buf, sizeof buf);
        if (n > 0) {
            write_all(output_, buf, static_cast<size_t>(n));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            // EIO: no one holds the slave any more.
            pty_open_ = false;
            if (!status_) reap(0);
        }
    }

    pid_t pid_;
    int signals_;
    std::optional<int> master_;
    std::optional<int> status_;
    bool stdin_open_ = false;
    bool pty_open_ = true;
    int output_ = 1;
    int model_ = 0;
    std::string to_pty_;
};

}  // namespace

int relay_until_exit(pid_t pid, const RelaySignals& signals, std::optional<PtyEnds> pty) {
    return Relay(pid, signals.fd(), pty).run();
}

}  // namespace cordon

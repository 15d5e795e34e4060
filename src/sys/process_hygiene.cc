#include "sys/process_hygiene.h"

#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "base/error.h"
#include "base/unique_fd.h"
#include "sys/secure_fs.h"

namespace cordon {

namespace {
constexpr std::size_t kMaxEnvironment = 16 * 1024 * 1024;
}

namespace {

// In a setuid program glibc fills a closed fd 0 with /dev/full opened
// write-only and closed fds 1 and 2 with /dev/null opened read-only, before
// main(): safe for cordon, useless to the application, which would get
// EBADF on stdin/stdout/stderr. Those exact stand-ins are replaced.
bool is_glibc_stand_in(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode)) return false;
    int mode = fcntl(fd, F_GETFL) & O_ACCMODE;
    if (fd == 0) return st.st_rdev == makedev(1, 7) && mode == O_WRONLY;  // /dev/full
    return st.st_rdev == makedev(1, 3) && mode == O_RDONLY;               // /dev/null
}

void open_dev_null_at(int fd) {
    // Not O_CLOEXEC: the application inherits it as its stdin/out/err.
    int nul = open("/dev/null", O_RDWR | O_NOCTTY);
    if (nul < 0) std::abort();  // cannot even report it safely
    if (nul != fd) {
        if (dup2(nul, fd) < 0) std::abort();
        close(nul);
    }
}

}  // namespace

void ensure_standard_fds() {
    bool secure = getauxval(AT_SECURE) != 0;
    for (int fd = 0; fd <= 2; ++fd) {
        bool closed = fcntl(fd, F_GETFD) == -1 && errno == EBADF;
        if (closed || (secure && is_glibc_stand_in(fd))) open_dev_null_at(fd);
    }
}

void make_undumpable() {
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) throw_errno("make the process undumpable");
}

SignalState capture_signal_state() {
    SignalState s;
    sigemptyset(&s.ignored);
    if (sigprocmask(SIG_SETMASK, nullptr, &s.blocked) != 0) throw_errno("read the signal mask");
    for (int sig = 1; sig < NSIG; ++sig) {
        struct sigaction sa {};
        if (sigaction(sig, nullptr, &sa) == 0 && sa.sa_handler == SIG_IGN) sigaddset(&s.ignored, sig);
    }
    return s;
}

void restore_signal_state(const SignalState& s) {
    for (int sig = 1; sig < NSIG; ++sig) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        struct sigaction sa {};
        sa.sa_handler = sigismember(&s.ignored, sig) ? SIG_IGN : SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sigaction(sig, &sa, nullptr);  // fails only for signals that cannot be set
    }
    if (sigprocmask(SIG_SETMASK, &s.blocked, nullptr) != 0) throw_errno("restore the signal mask");
}

std::vector<std::string> read_caller_environment() {
    UniqueFd fd(open("/proc/self/environ", O_RDONLY | O_CLOEXEC));
    if (!fd) throw_errno("open /proc/self/environ");
    std::string all = read_file(fd.get(), kMaxEnvironment, "/proc/self/environ");
    std::vector<std::string> env;
    std::size_t start = 0;
    while (start < all.size()) {
        std::size_t end = all.find('\0', start);
        if (end == std::string::npos) end = all.size();
        if (end > start) env.emplace_back(all, start, end - start);
        start = end + 1;
    }
    return env;
}

}  // namespace cordon

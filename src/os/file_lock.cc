#include "os/file_lock.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "core/debug.h"
#include "core/error.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

void on_alarm(int) {}

// While it lives, SIGALRM runs a handler that does nothing, without
// SA_RESTART (so a blocking call returns EINTR), and is unblocked; the
// previous action and signal mask come back when it goes.
class AlarmInterrupts {
public:
    explicit AlarmInterrupts(const std::string& display) {
        struct sigaction sa {};
        sa.sa_handler = on_alarm;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;  // no SA_RESTART
        if (sigaction(SIGALRM, &sa, &old_action_) != 0) throw_errno("install timer for " + display);
        // The launcher blocks every signal while privileged: let the
        // timer's through for the wait (only root can send one to it, and
        // the handler does nothing).
        sigset_t alarm_only;
        sigemptyset(&alarm_only);
        sigaddset(&alarm_only, SIGALRM);
        sigprocmask(SIG_UNBLOCK, &alarm_only, &old_mask_);
    }
    ~AlarmInterrupts() {
        sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
        sigaction(SIGALRM, &old_action_, nullptr);
    }
    AlarmInterrupts(const AlarmInterrupts&) = delete;
    AlarmInterrupts& operator=(const AlarmInterrupts&) = delete;

private:
    struct sigaction old_action_ {};
    sigset_t old_mask_{};
};

// Blocks in flock() but wakes up once a second (SIGALRM) to check the
// deadline.
void flock_with_timeout(int fd, unsigned timeout_seconds, const std::string& display) {
    AlarmInterrupts interrupts(display);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc;
    for (;;) {
        alarm(1);
        rc = flock(fd, LOCK_EX);
        int err = errno;
        alarm(0);
        if (rc == 0) break;
        if (err != EINTR) {
            errno = err;
            throw_errno("lock " + display);
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= static_cast<time_t>(timeout_seconds)) {
            throw Error("lock " + display, "sanity timeout of " + std::to_string(timeout_seconds) +
                                               " s expired (is another cordon stuck?)");
        }
    }
}

}  // namespace

FileLock FileLock::acquire(int dirfd, const std::string& name, unsigned timeout_seconds,
                           const std::string& display) {
    UniqueFd fd(openat(dirfd, name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd) throw_errno("open " + display);
    struct stat st = stat_fd(fd.get(), display);
    if (!S_ISREG(st.st_mode) || st.st_uid != 0) throw Error("trust " + display, "not a root-owned regular file");
    if (flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK) throw_errno("lock " + display);
        debug("waiting for %s", display.c_str());
        flock_with_timeout(fd.get(), timeout_seconds, display);
    }
    return FileLock(std::move(fd));
}

}  // namespace cordon

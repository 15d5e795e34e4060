#include "os/process_hygiene.h"

#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <tuple>

#include <linux/capability.h>

#include "core/debug.h"
#include "core/error.h"
#include "os/capabilities.h"
#include "os/secure_fs.h"
#include "os/unique_fd.h"

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

void block_all_signals() {
    sigset_t all;
    sigfillset(&all);
    if (sigprocmask(SIG_SETMASK, &all, nullptr) != 0) throw_errno("block signals");
    for (int sig = 1; sig < NSIG; ++sig) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        struct sigaction sa {};
        sa.sa_handler = SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sigaction(sig, &sa, nullptr);  // fails only for signals that cannot be set
    }
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

namespace {

// What the privileged steps need at least, per limit: ample for a launch
// (a few small files, a few dozen fds, milliseconds of CPU), and below the
// usual defaults, so that normally only limits a caller lowered are
// raised. The others do not matter to cordon: NPROC (the fork of
// cordon-update-ns is by real uid 0, which the kernel exempts), MEMLOCK
// (nothing is locked), SIGPENDING (every signal is blocked; a lost one
// changes nothing), MSGQUEUE (no message queues), LOCKS (no longer
// enforced), CORE (undumpable), NICE and RTPRIO (only the caller's).
struct LimitFloor {
    int resource;
    rlim_t floor;
    const char* name;
};
constexpr rlim_t kMiB = 1024 * 1024;
constexpr LimitFloor kFloors[] = {
    {RLIMIT_FSIZE, 64 * kMiB, "FSIZE"},  // SIGXFSZ, or EFBIG, half-way through a file
    {RLIMIT_CPU, 60, "CPU"},             // seconds; the hard limit is a SIGKILL
    {RLIMIT_RTTIME, 60 * 1000000, "RTTIME"},  // microseconds, under a real-time policy
    {RLIMIT_AS, 1024 * kMiB, "AS"},
    {RLIMIT_DATA, 1024 * kMiB, "DATA"},
    {RLIMIT_STACK, 8 * kMiB, "STACK"},  // applies to the running stack's growth
    {RLIMIT_NOFILE, 1024, "NOFILE"},
};
static_assert(std::size(kFloors) == std::tuple_size_v<decltype(ResourceLimits::entries)>);

// rlim_t compares with RLIM_INFINITY as the largest value.
rlim_t at_least(rlim_t value, rlim_t floor) { return value >= floor ? value : floor; }

}  // namespace

ResourceLimits reset_resource_limits() {
    ResourceLimits caller;
    // Past a hard limit only with CAP_SYS_RESOURCE, which the caller's
    // bounding set may lack: then a hard limit below what cordon needs
    // ends the launch here, before anything is changed.
    CapMask resource = cap_bit(CAP_SYS_RESOURCE);
    bool may_raise_hard = (read_process_capabilities().permitted & resource) != 0;
    std::optional<EffectiveCapabilities> raise;
    if (may_raise_hard) raise.emplace(resource);
    for (std::size_t i = 0; i < std::size(kFloors); ++i) {
        const LimitFloor& f = kFloors[i];
        struct rlimit now;
        if (getrlimit(f.resource, &now) != 0) throw_errno(std::string("read resource limit ") + f.name);
        caller.entries[i] = {f.resource, now};
        struct rlimit want;
        want.rlim_cur = at_least(now.rlim_cur, f.floor);
        want.rlim_max = at_least(now.rlim_max, want.rlim_cur);
        if (want.rlim_cur == now.rlim_cur && want.rlim_max == now.rlim_max) continue;
        if (want.rlim_max != now.rlim_max && !may_raise_hard)
            throw Error(std::string("raise resource limit ") + f.name,
                        "the caller's hard limit is below what cordon needs, and the caller's bounding set "
                        "lacks CAP_SYS_RESOURCE (raise the hard limit)");
        if (setrlimit(f.resource, &want) != 0) throw_errno(std::string("raise resource limit ") + f.name);
        debug("raised resource limit %s while privileged", f.name);
    }
    return caller;
}

void restore_resource_limits(const ResourceLimits& caller) {
    for (const ResourceLimits::Entry& e : caller.entries) {
        // Only lowering: unprivileged, and done only after every step that
        // leaves state behind.
        if (setrlimit(e.resource, &e.limit) != 0) throw_errno("restore the caller's resource limits");
    }
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

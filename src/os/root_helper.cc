#include "os/root_helper.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/debug.h"
#include "core/error.h"
#include "os/capabilities.h"
#include "os/secure_fs.h"

namespace cordon {

const std::vector<RootHelperLimit> kRootHelperLimits = {
    {RLIMIT_AS, RLIM_INFINITY},
    {RLIMIT_DATA, RLIM_INFINITY},
    {RLIMIT_STACK, 8 * 1024 * 1024},
    {RLIMIT_FSIZE, RLIM_INFINITY},
    {RLIMIT_CPU, 60},
    {RLIMIT_CORE, 0},
    {RLIMIT_NOFILE, 1024},
    {RLIMIT_NPROC, RLIM_INFINITY},
    {RLIMIT_MEMLOCK, 8 * 1024 * 1024},
    {RLIMIT_LOCKS, RLIM_INFINITY},
    {RLIMIT_SIGPENDING, 4096},
    {RLIMIT_MSGQUEUE, 819200},
    {RLIMIT_NICE, 0},
    {RLIMIT_RTPRIO, 0},
    {RLIMIT_RTTIME, RLIM_INFINITY},
};

UniqueFd open_root_helper(const char* path) {
    UniqueFd fd = open_trusted(path, O_PATH);
    if (!S_ISREG(stat_fd(fd.get(), path).st_mode)) throw Error("use " + std::string(path), "not a regular file");
    return fd;
}

bool RootHelperResult::succeeded() const { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

std::string RootHelperResult::how_it_ended() const {
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
    return "status " + std::to_string(status);
}

namespace {

// Everything the child needs, prepared before fork: after it the child
// only makes system calls (no allocation, no exception).
struct ChildPlan {
    int helper = -1;
    int mount_ns = -1;
    pid_t parent = 0;
    bool no_capabilities = true;
    // What the helper gets as fds 0, 1, 2, 3, ... in that order.
    std::vector<int> fds;
    // Room for their copies above all those numbers (and for the helper's).
    mutable std::vector<int> moved;
    std::vector<char*> argv;
    std::vector<char*> envp;
};

// The child's last words, "cannot WHAT: REASON", into the stderr memfd,
// where the parent finds them; exit status 126 like a shell's "cannot
// execute".
[[noreturn]] void child_fail(int err_fd, const char* what) {
    int err = errno;
    const char* reason = strerror(err);
    const char* parts[] = {"cannot ", what, ": ", reason, "\n"};
    for (const char* p : parts) {
        if (write(err_fd, p, strlen(p)) < 0) break;
    }
    _exit(126);
}

UniqueFd checked(UniqueFd fd, const std::string& what) {
    if (!fd) throw_errno(what);
    return fd;
}

// Soft and hard limit to l.value. Above the caller's hard limit that needs
// CAP_SYS_RESOURCE; without it (a container whose bounding set lacks it:
// nobody there can raise a hard limit) the soft limit goes up to the hard
// one, which undoes a soft-only `ulimit -S`.
void reset_limit(int err_fd, const RootHelperLimit& l) {
    struct rlimit r {l.value, l.value};
    if (setrlimit(l.resource, &r) == 0) return;
    struct rlimit now {};
    if (errno != EPERM || getrlimit(l.resource, &now) != 0) child_fail(err_fd, "reset the helper's resource limits");
    r = {now.rlim_max, now.rlim_max};
    if (setrlimit(l.resource, &r) != 0) child_fail(err_fd, "reset the helper's resource limits");
}

// Credentials, limits, capabilities, parent-death signal, session,
// signals, umask and working directory (see root_helper.h for why each).
void set_up_process(const ChildPlan& p, int err_fd) {
    if (p.mount_ns >= 0 && setns(p.mount_ns, CLONE_NEWNS) != 0)
        child_fail(err_fd, "enter the helper's mount namespace");
    if (setgroups(0, nullptr) != 0) child_fail(err_fd, "clear the helper's groups");
    if (setresgid(0, 0, 0) != 0) child_fail(err_fd, "set the helper's gids to 0");
    if (setresuid(0, 0, 0) != 0) child_fail(err_fd, "set the helper's uids to 0");
    // While CAP_SYS_RESOURCE is still effective.
    for (const RootHelperLimit& l : kRootHelperLimits) reset_limit(err_fd, l);
    // The exec of a uid-0 program then grants no capability; the ones this
    // child still holds go at the exec (nothing inheritable or ambient).
    if (p.no_capabilities && prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED) != 0)
        child_fail(err_fd, "drop the helper's capabilities");
    // After the credential change, which resets the parent-death signal;
    // the parent may have died before it was set: then there is no one to
    // report to.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(err_fd, "set the helper's parent-death signal");
    if (getppid() != p.parent) _exit(126);
    if (setsid() < 0) child_fail(err_fd, "give the helper a session of its own");
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, nullptr) != 0) child_fail(err_fd, "unblock the helper's signals");
    for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);  // fails harmlessly for KILL, STOP
    umask(022);
    if (chdir("/") != 0) child_fail(err_fd, "enter / for the helper");
}

// p.fds to 0, 1, 2, 3, ... and every other fd closed at the exec. Each
// is first copied above all the target numbers, so that placing one never
// overwrites another, whatever numbers they had (cordonctl may start with
// a standard fd closed). Returns the helper's fd, moved likewise (it is
// needed until the exec, which closes it).
int place_fds(const ChildPlan& p) {
    const int floor = static_cast<int>(p.fds.size());
    const int stderr_at = 2;
    for (std::size_t i = 0; i < p.fds.size(); ++i) {
        p.moved[i] = fcntl(p.fds[i], F_DUPFD_CLOEXEC, floor);
        if (p.moved[i] < 0) child_fail(p.fds[stderr_at], "move the helper's fds");
    }
    int err_fd = p.moved[stderr_at];
    int helper = fcntl(p.helper, F_DUPFD_CLOEXEC, floor);
    if (helper < 0) child_fail(err_fd, "move the helper's fds");
    // dup2 leaves the new fd open across the exec.
    for (int i = 0; i < floor; ++i)
        if (dup2(p.moved[i], i) < 0) child_fail(err_fd, "set up the helper's fds");
    if (close_range(floor, ~0U, CLOSE_RANGE_CLOEXEC) != 0) child_fail(stderr_at, "close the helper's other fds");
    return helper;
}

[[noreturn]] void run_child(const ChildPlan& p) {
    set_up_process(p, p.fds[2]);
    int helper = place_fds(p);
    execveat(helper, "", p.argv.data(), p.envp.data(), AT_EMPTY_PATH);
    child_fail(2, "execute the helper");
}

std::string read_output(int fd) {
    std::string out;
    char buf[4096];
    off_t off = 0;
    while (out.size() < RootHelperResult::kMaxOutput) {
        ssize_t n = pread(fd, buf, sizeof buf, off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
        off += n;
    }
    if (out.size() > RootHelperResult::kMaxOutput) out.resize(RootHelperResult::kMaxOutput);
    return out;
}

CapMask capabilities_for_fork(const RootHelperRequest& r, const std::string& name) {
    CapMask raised = cap_bit(CAP_SETUID) | cap_bit(CAP_SETGID) | cap_bit(CAP_SETPCAP);
    if (r.mount_ns >= 0) raised |= cap_bit(CAP_SYS_ADMIN) | cap_bit(CAP_SYS_CHROOT);
    CapMask resource = cap_bit(CAP_SYS_RESOURCE);
    if (read_process_capabilities().permitted & resource)
        raised |= resource;
    else
        debug("no CAP_SYS_RESOURCE: %s keeps the caller's hard resource limits", name.c_str());
    return raised;
}

// What the child is given, owned here so that the plan's pointers into the
// strings stay valid until the fork: stdin /dev/null, stdout and stderr
// memfds the parent reads after the wait, the request's fds, argv and a
// fixed environment (nothing of the caller's).
struct ChildSetup {
    UniqueFd devnull, out, err;
    std::vector<std::string> args;
    std::string debug_env = std::string("CORDON_DEBUG=") + (debug_enabled() ? "1" : "0");
    std::string path_env = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
    ChildPlan plan;
};

void prepare_child(const RootHelperRequest& r, const std::string& name, ChildSetup& s) {
    s.devnull = checked(UniqueFd(open("/dev/null", O_RDONLY | O_CLOEXEC)), "open /dev/null");
    s.out = checked(UniqueFd(memfd_create("cordon-helper-stdout", MFD_CLOEXEC)),
                    "create a buffer for the output of " + name);
    s.err = checked(UniqueFd(memfd_create("cordon-helper-stderr", MFD_CLOEXEC)),
                    "create a buffer for the errors of " + name);
    s.args = r.argv;
    ChildPlan& plan = s.plan;
    plan.helper = r.helper;
    plan.mount_ns = r.mount_ns;
    plan.parent = getpid();
    plan.no_capabilities = r.caps == HelperCapabilities::kNone;
    plan.fds = {s.devnull.get(), s.out.get(), s.err.get()};
    for (int fd : r.inherited_fds) {
        if (fd < 0) throw Error("start " + name, "an fd to pass it is not open");
        plan.fds.push_back(fd);
    }
    plan.moved.resize(plan.fds.size());
    for (std::string& a : s.args) plan.argv.push_back(a.data());
    plan.argv.push_back(nullptr);
    plan.envp = {s.debug_env.data(), s.path_env.data(), nullptr};
}

int wait_for(pid_t pid, const std::string& name) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw_errno("wait for " + name);
    }
    return status;
}

}  // namespace

RootHelperResult run_root_helper(const RootHelperRequest& r) {
    const std::string& name = r.argv.at(0);
    ChildSetup setup;
    prepare_child(r, name, setup);
    debug("running %s (root, reset limits, output captured)", name.c_str());
    pid_t pid;
    {
        EffectiveCapabilities raise(capabilities_for_fork(r, name));
        pid = fork();
        if (pid < 0) throw_errno("start " + name);
        if (pid == 0) run_child(setup.plan);
    }
    RootHelperResult result;
    result.status = wait_for(pid, name);
    result.out = read_output(setup.out.get());
    result.err = read_output(setup.err.get());
    debug("%s ended with %s", name.c_str(), result.how_it_ended().c_str());
    return result;
}

}  // namespace cordon

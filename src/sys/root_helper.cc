#include "sys/root_helper.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/securebits.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/debug.h"
#include "base/error.h"
#include "sys/capabilities.h"
#include "sys/secure_fs.h"

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
    int devnull = -1;
    int output = -1;
    pid_t parent = 0;
    bool no_capabilities = true;
    std::vector<char*> argv;
    std::vector<char*> envp;
};

// The child's last words, "cannot WHAT: REASON", into the output memfd
// (fd 2 by then, or still the memfd's own number before the dup2s), where
// the parent finds them; exit status 126 like a shell's "cannot execute".
[[noreturn]] void child_fail(int out, const char* what) {
    int err = errno;
    const char* reason = strerror(err);
    const char* parts[] = {"cannot ", what, ": ", reason, "\n"};
    for (const char* p : parts) {
        if (write(out, p, strlen(p)) < 0) break;
    }
    _exit(126);
}

// An fd at 3 or above, so that placing 0, 1 and 2 cannot overwrite it.
UniqueFd above_standard(UniqueFd fd, const char* what) {
    if (!fd) throw_errno(what);
    if (fd.get() > 2) return fd;
    UniqueFd moved(fcntl(fd.get(), F_DUPFD_CLOEXEC, 3));
    if (!moved) throw_errno(what);
    return moved;
}

// Soft and hard limit to l.value. Above the caller's hard limit that needs
// CAP_SYS_RESOURCE; without it (a container whose bounding set lacks it:
// nobody there can raise a hard limit) the soft limit goes up to the hard
// one, which undoes a soft-only `ulimit -S`.
void reset_limit(int out, const RootHelperLimit& l) {
    struct rlimit r {l.value, l.value};
    if (setrlimit(l.resource, &r) == 0) return;
    struct rlimit now {};
    if (errno != EPERM || getrlimit(l.resource, &now) != 0) child_fail(out, "reset the helper's resource limits");
    r = {now.rlim_max, now.rlim_max};
    if (setrlimit(l.resource, &r) != 0) child_fail(out, "reset the helper's resource limits");
}

[[noreturn]] void run_child(const ChildPlan& p) {
    int out = p.output;
    if (setgroups(0, nullptr) != 0) child_fail(out, "clear the helper's groups");
    if (setresgid(0, 0, 0) != 0) child_fail(out, "set the helper's gids to 0");
    if (setresuid(0, 0, 0) != 0) child_fail(out, "set the helper's uids to 0");
    // While CAP_SYS_RESOURCE is still effective.
    for (const RootHelperLimit& l : kRootHelperLimits) reset_limit(out, l);
    // The exec of a uid-0 program then grants no capability; the ones this
    // child still holds go at the exec (nothing inheritable or ambient).
    if (p.no_capabilities && prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED) != 0)
        child_fail(out, "drop the helper's capabilities");
    // After the credential change, which resets the parent-death signal;
    // the parent may have died before it was set: then there is no one to
    // report to.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(out, "set the helper's parent-death signal");
    if (getppid() != p.parent) _exit(126);
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, nullptr) != 0) child_fail(out, "unblock the helper's signals");
    for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);  // fails harmlessly for KILL, STOP
    umask(022);
    if (chdir("/") != 0) child_fail(out, "enter / for the helper");
    if (dup2(p.devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
        child_fail(out, "set up the helper's standard fds");
    // Every other fd closes at exec (the helper's own O_PATH fd included:
    // it is needed until then).
    if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) child_fail(2, "close the helper's other fds");
    execveat(p.helper, "", p.argv.data(), p.envp.data(), AT_EMPTY_PATH);
    child_fail(2, "execute the helper");
}

std::string read_output(int fd) {
    std::string out(RootHelperResult::kMaxOutput, '\0');
    ssize_t n = pread(fd, out.data(), out.size(), 0);
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

}  // namespace

RootHelperResult run_root_helper(int helper, const std::vector<std::string>& argv, HelperCapabilities caps) {
    const std::string& name = argv.at(0);
    UniqueFd devnull = above_standard(UniqueFd(open("/dev/null", O_RDONLY | O_CLOEXEC)), "open /dev/null");
    UniqueFd output = above_standard(UniqueFd(memfd_create("cordon-helper-output", MFD_CLOEXEC)),
                                     ("create a buffer for the output of " + name).c_str());
    std::vector<std::string> args = argv;
    std::string debug_env = std::string("CORDON_DEBUG=") + (debug_enabled() ? "1" : "0");
    std::string path_env = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
    ChildPlan plan;
    plan.helper = helper;
    plan.devnull = devnull.get();
    plan.output = output.get();
    plan.parent = getpid();
    plan.no_capabilities = caps == HelperCapabilities::kNone;
    for (std::string& a : args) plan.argv.push_back(a.data());
    plan.argv.push_back(nullptr);
    plan.envp = {debug_env.data(), path_env.data(), nullptr};

    debug("running %s (root, reset limits, output captured)", name.c_str());
    CapMask raised = (CapMask{1} << CAP_SETUID) | (CapMask{1} << CAP_SETGID) | (CapMask{1} << CAP_SETPCAP);
    CapMask resource = CapMask{1} << CAP_SYS_RESOURCE;
    if (read_process_capabilities().permitted & resource)
        raised |= resource;
    else
        debug("no CAP_SYS_RESOURCE: %s keeps the caller's hard resource limits", name.c_str());
    pid_t pid;
    {
        EffectiveCapabilities raise(raised);
        pid = fork();
        if (pid < 0) throw_errno("start " + name);
        if (pid == 0) run_child(plan);
    }
    RootHelperResult result;
    while (waitpid(pid, &result.status, 0) < 0) {
        if (errno != EINTR) throw_errno("wait for " + name);
    }
    result.output = read_output(output.get());
    debug("%s ended with %s", name.c_str(), result.how_it_ended().c_str());
    return result;
}

}  // namespace cordon

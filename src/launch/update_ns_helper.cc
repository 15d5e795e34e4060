#include "launch/update_ns_helper.h"

#include <fcntl.h>
#include <sched.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "base/debug.h"
#include "base/error.h"
#include "base/paths.h"
#include "sys/capabilities.h"
#include "sys/secure_fs.h"

namespace cordon {

UniqueFd open_update_ns_helper() {
    UniqueFd fd = open_trusted(paths::kUpdateNsHelper, O_PATH);
    if (!S_ISREG(stat_fd(fd.get(), paths::kUpdateNsHelper).st_mode))
        throw Error("use " + std::string(paths::kUpdateNsHelper), "not a regular file");
    return fd;
}

namespace {

// More than the helper ever prints, debug lines of a large profile
// included; the rest is dropped.
constexpr std::size_t kMaxOutput = 1024 * 1024;

// Fds the child needs, opened (O_CLOEXEC) before the fork.
struct ChildFds {
    UniqueFd null, out, err;
};

UniqueFd make_memfd(const char* name) {
    UniqueFd fd(memfd_create(name, MFD_CLOEXEC));
    if (!fd) throw_errno("create a memfd for cordon-update-ns");
    return fd;
}

// In the child, between fork and exec (the parent is single-threaded, so
// allocating here is safe); any failure is exit 126.
[[noreturn]] void child(const UpdateNsRequest& r, pid_t parent, const ChildFds& fds) {
    // Exec'd from the host's namespace: the helper's dynamic loader and
    // libraries are the host's (an app's base need not have any).
    if (setns(r.host_ns, CLONE_NEWNS) != 0) _exit(126);
    // Root through and through: the user who ran the launcher must not be
    // able to signal or trace the helper.
    if (setgroups(0, nullptr) != 0 || setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0) _exit(126);
    // Dies with its parent. A credential change clears the death signal,
    // so it is set after the last one, and the parent may have died
    // before: then getppid() is no longer it. (The helper sets it again
    // after exec, which may clear it too.)
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || getppid() != parent) _exit(126);
    // A session of its own: the caller's terminal sends SIGINT, SIGTSTP,
    // ... to its whole foreground process group without any permission
    // check, and a helper killed half-way could leave a temporary file
    // behind. It still dies with its parent (above).
    if (setsid() < 0) _exit(126);

    // Every fd it keeps moved to 10 and up first, so that none is
    // overwritten below whatever numbers they had (cordonctl may start
    // with a standard fd closed).
    int moved[6];
    const int wanted[6] = {fds.null.get(), fds.out.get(), fds.err.get(), r.host_ns, r.app_ns, r.lock_fd};
    for (int i = 0; i < 6; ++i)
        if ((moved[i] = fcntl(wanted[i], F_DUPFD_CLOEXEC, 10)) < 0) _exit(126);
    // The caller's stdin, stdout and stderr never reach it.
    for (int i = 0; i < 3; ++i)
        if (dup2(moved[i], i) < 0) _exit(126);
    // The namespace and lock fds are the only others it inherits.
    if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) _exit(126);
    for (int i = 3; i < 6; ++i)
        if (fcntl(moved[i], F_SETFD, 0) != 0) _exit(126);

    std::string hs = std::to_string(moved[3]), as = std::to_string(moved[4]), ls = std::to_string(moved[5]),
                ps = std::to_string(parent), tag = r.ns_tag, app = r.app;
    std::vector<char*> argv = {const_cast<char*>("cordon-update-ns")};
    if (r.quiet) argv.push_back(const_cast<char*>("--quiet"));
    for (char* arg : {const_cast<char*>("--host-ns-fd"), hs.data(), const_cast<char*>("--app-ns-fd"), as.data(),
                      const_cast<char*>("--lock-fd"), ls.data(), const_cast<char*>("--parent-pid"), ps.data(),
                      const_cast<char*>("--ns-tag"), tag.data(), app.data()})
        argv.push_back(arg);
    argv.push_back(nullptr);
    std::string debug_env = std::string("CORDON_DEBUG=") + (debug_enabled() ? "1" : "0");
    std::vector<char*> envp = {debug_env.data(), const_cast<char*>("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), nullptr};
    // The launcher blocks every signal while privileged; the helper starts
    // with none blocked.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execveat(r.helper, "", argv.data(), envp.data(), AT_EMPTY_PATH);
    _exit(127);
}

std::string read_memfd(int fd) {
    std::string out;
    char buf[4096];
    off_t off = 0;
    while (out.size() < kMaxOutput) {
        ssize_t n = pread(fd, buf, sizeof buf, off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
        off += n;
    }
    if (out.size() > kMaxOutput) out.resize(kMaxOutput);
    return out;
}

}  // namespace

UpdateNsResult run_update_ns(const UpdateNsRequest& r) {
    debug("running cordon-update-ns for %s", r.app.c_str());
    ChildFds fds;
    fds.null.reset(open("/dev/null", O_RDWR | O_CLOEXEC));
    if (!fds.null) throw_errno("open /dev/null");
    fds.out = make_memfd("cordon-update-ns stdout");
    fds.err = make_memfd("cordon-update-ns stderr");

    pid_t parent = getpid();
    pid_t pid;
    {
        EffectiveCapabilities raise((CapMask{1} << CAP_SETUID) | (CapMask{1} << CAP_SETGID) |
                                    (CapMask{1} << CAP_SYS_ADMIN) | (CapMask{1} << CAP_SYS_CHROOT));
        pid = fork();
        if (pid < 0) throw_errno("start cordon-update-ns");
        if (pid == 0) child(r, parent, fds);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw_errno("wait for cordon-update-ns");
    }
    UpdateNsResult result;
    result.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!result.ok)
        result.how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                       : "signal " + std::to_string(WTERMSIG(status));
    result.out = read_memfd(fds.out.get());
    result.err = read_memfd(fds.err.get());
    return result;
}

void apply_mount_profile_with_helper(const UpdateNsRequest& request) {
    UpdateNsResult r = run_update_ns(request);
    static const std::string_view kDebugPrefix = "cordon: debug: ";
    std::string debug_lines, errors;
    std::string_view rest = r.err;
    while (!rest.empty()) {
        auto nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        if (line.substr(0, kDebugPrefix.size()) == kDebugPrefix) {
            debug_lines.append(line).append("\n");
        } else if (!line.empty()) {
            if (!errors.empty()) errors += "; ";
            errors.append(line);
        }
    }
    debug_forward(debug_lines);
    if (r.ok) return;
    throw Error("apply the mount profile of " + request.app,
                errors.empty() ? "cordon-update-ns failed (" + r.how + ")" : errors);
}

}  // namespace cordon

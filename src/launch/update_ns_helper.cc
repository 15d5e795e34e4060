#include "launch/update_ns_helper.h"

#include <fcntl.h>
#include <sched.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
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

[[noreturn]] void child(int helper, const std::string& app, int host_ns, int app_ns, bool quiet) {
    // Exec'd from the host's namespace: the helper's dynamic loader and
    // libraries are the host's (an app's base need not have any).
    if (setns(host_ns, CLONE_NEWNS) != 0) _exit(126);
    // Root through and through: the user who ran the launcher must not be
    // able to signal or trace the helper, and glibc must not run it in
    // secure mode.
    if (setgroups(0, nullptr) != 0 || setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0) _exit(126);
    // The namespace fds are the only ones it inherits on purpose.
    // Nothing else of the caller's reaches it (the user's own fds included).
    int h = fcntl(host_ns, F_DUPFD, 10), a = fcntl(app_ns, F_DUPFD, 10);
    if (h < 0 || a < 0) _exit(126);
    if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) _exit(126);
    if (fcntl(h, F_SETFD, 0) != 0 || fcntl(a, F_SETFD, 0) != 0) _exit(126);
    std::string hs = std::to_string(h), as = std::to_string(a);
    std::vector<char*> argv = {const_cast<char*>("cordon-update-ns")};
    if (quiet) argv.push_back(const_cast<char*>("--quiet"));
    for (char* arg : {const_cast<char*>("--host-ns-fd"), hs.data(), const_cast<char*>("--app-ns-fd"), as.data(),
                    const_cast<char*>(app.c_str())})
        argv.push_back(arg);
    argv.push_back(nullptr);
    std::string debug_env = std::string("CORDON_DEBUG=") + (debug_enabled() ? "1" : "0");
    std::vector<char*> envp = {debug_env.data(), const_cast<char*>("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), nullptr};
    execveat(helper, "", argv.data(), envp.data(), AT_EMPTY_PATH);
    _exit(127);
}

}  // namespace

void run_update_ns(int helper, const std::string& app, int host_ns, int app_ns, bool quiet) {
    debug("running cordon-update-ns for %s", app.c_str());
    pid_t pid;
    {
        EffectiveCapabilities raise((CapMask{1} << CAP_SETUID) | (CapMask{1} << CAP_SETGID) |
                                    (CapMask{1} << CAP_SYS_ADMIN) | (CapMask{1} << CAP_SYS_CHROOT));
        pid = fork();
        if (pid < 0) throw_errno("start cordon-update-ns");
        if (pid == 0) child(helper, app, host_ns, app_ns, quiet);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw_errno("wait for cordon-update-ns");
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                        : "signal " + std::to_string(WTERMSIG(status));
    throw Error("apply the mount profile of " + app, "cordon-update-ns failed (" + how + ")");
}

}  // namespace cordon

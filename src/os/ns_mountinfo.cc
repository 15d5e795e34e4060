#include "os/ns_mountinfo.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "core/error.h"
#include "os/secure_fs.h"
#include "os/unique_fd.h"

namespace cordon {

namespace {

// A mountinfo line is a few hundred bytes; this allows well over 100000
// mounts and still bounds what a runaway namespace makes cordonctl hold.
constexpr std::size_t kMaxMountinfo = 64 * 1024 * 1024;

// Exit status of the child: 0, or the errno of the step that failed.
[[noreturn]] void copy_in_namespace(int nsfd, int procfd, int out) {
    char rel[32];
    std::snprintf(rel, sizeof rel, "%d/mountinfo", static_cast<int>(getpid()));
    if (setns(nsfd, CLONE_NEWNS) != 0) _exit(errno);
    // Opened after setns: the kernel fixes the namespace and root a
    // mountinfo file shows at open.
    int in = openat(procfd, rel, O_RDONLY | O_CLOEXEC);
    if (in < 0) _exit(errno);
    char buf[65536];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) _exit(errno);
        if (n == 0) _exit(0);
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, static_cast<std::size_t>(n - done));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) _exit(errno);
            done += w;
        }
    }
}

int wait_for(pid_t pid, const std::string& action) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw_errno(action);
    return status;
}

}  // namespace

std::string own_mountinfo() {
    UniqueFd fd(open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC));
    if (!fd) throw_errno("open /proc/self/mountinfo");
    return read_file(fd.get(), kMaxMountinfo, "/proc/self/mountinfo");
}

std::string mountinfo_of_namespace(int nsfd, const std::string& what) {
    const std::string action = "read the mount table of " + what;
    UniqueFd procfd(open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!procfd) throw_errno("open /proc");
    UniqueFd out(memfd_create("cordon-mountinfo", MFD_CLOEXEC));
    if (!out) throw_errno(action);
    pid_t pid = fork();
    if (pid < 0) throw_errno(action);
    if (pid == 0) copy_in_namespace(nsfd, procfd.get(), out.get());
    int status = wait_for(pid, action);
    if (!WIFEXITED(status)) throw Error(action, "the reading process was killed");
    if (WEXITSTATUS(status) != 0) throw SysError(action, WEXITSTATUS(status));
    if (lseek(out.get(), 0, SEEK_SET) != 0) throw_errno(action);
    return read_file(out.get(), kMaxMountinfo, "the mount table of " + what);
}

}  // namespace cordon

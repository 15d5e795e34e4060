#include "os/spawn_as_user.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "os/pty_relay.h"
#include "os/unique_fd.h"

namespace cordon {

namespace {

// What a failed child tells its parent through the pipe.
struct ChildFailure {
    int err = 0;
    char what[96] = {};
};

[[noreturn]] void child_fail(int report_fd, const char* what, int err = errno) {
    ChildFailure f;
    f.err = err;
    std::strncpy(f.what, what, sizeof f.what - 1);
    if (write(report_fd, &f, sizeof f) < 0) _exit(127);
    _exit(127);
}

// initgroups, setgid, setuid: the groups while still root, the uid last.
// Then, for another user than root, proof that the way back is closed.
void become_user(const SpawnAsUser& r, int report_fd) {
    if (initgroups(r.user.c_str(), r.gid) != 0) child_fail(report_fd, "set the user's groups");
    if (setgid(r.gid) != 0) child_fail(report_fd, "set the user's gid");
    if (setuid(r.uid) != 0) child_fail(report_fd, "set the user's uid");
    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0) child_fail(report_fd, "check the user's ids");
    if (ru != r.uid || eu != r.uid || su != r.uid || rg != r.gid || eg != r.gid || sg != r.gid)
        child_fail(report_fd, "check the user's ids", EPERM);
    if (r.uid != 0 && (setuid(0) == 0 || setgid(0) == 0 || seteuid(0) == 0))
        child_fail(report_fd, "drop root for good (it could be regained)", EPERM);
}

[[noreturn]] void run_child(const SpawnAsUser& r, char* const* argv, char* const* envp, int report_fd) {
    for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);  // fails harmlessly for KILL, STOP
    if (r.terminal >= 0) {
        if (!take_terminal(r.terminal, r.terminals)) child_fail(report_fd, "make the new pseudo-terminal the shell's");
    } else if (setsid() < 0) {
        child_fail(report_fd, "give the shell a session of its own");
    }
    become_user(r, report_fd);
    umask(022);
    if (chdir("/") != 0) child_fail(report_fd, "enter /");
    // The program's fd and the report pipe are O_CLOEXEC as well: they
    // last until the exec.
    if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) child_fail(report_fd, "close the other fds");
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, nullptr) != 0) child_fail(report_fd, "unblock signals");
    execveat(r.program, "", argv, envp, AT_EMPTY_PATH);
    child_fail(report_fd, "execute the launcher");
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
    std::vector<char*> p;
    for (const std::string& s : strings) p.push_back(const_cast<char*>(s.c_str()));
    p.push_back(nullptr);
    return p;
}

}  // namespace

pid_t spawn_as_user(const SpawnAsUser& request) {
    std::vector<char*> argv = pointers(request.argv);
    std::vector<char*> envp = pointers(request.envp);
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) throw_errno("start the shell");
    UniqueFd read_end(ends[0]), write_end(ends[1]);
    pid_t pid = fork();
    if (pid < 0) throw_errno("start the shell");
    if (pid == 0) run_child(request, argv.data(), envp.data(), write_end.get());
    write_end.reset();
    // Nothing (end of file) once the exec closed the pipe.
    ChildFailure failure;
    ssize_t n;
    while ((n = read(read_end.get(), &failure, sizeof failure)) < 0 && errno == EINTR) {
    }
    if (n <= 0) return pid;
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    failure.what[sizeof failure.what - 1] = '\0';
    throw SysError(failure.what, failure.err);
}

}  // namespace cordon

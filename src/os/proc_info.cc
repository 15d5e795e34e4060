#include "os/proc_info.h"

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>

#include "core/error.h"
#include "core/ns_overview.h"
#include "os/unique_fd.h"

namespace cordon {

namespace {

constexpr std::size_t kMaxProcFile = 64 * 1024;

// A file of /proc/PID, or nothing when the process has exited (ENOENT,
// ESRCH) or hides it (a kernel thread's empty cmdline reads as "").
std::optional<std::string> read_proc_file(int piddir, const char* name, const std::string& display) {
    UniqueFd fd(openat(piddir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd) {
        if (errno == ENOENT || errno == ESRCH) return std::nullopt;
        throw_errno("open " + display + "/" + name);
    }
    // At most kMaxProcFile bytes: a long command line is the app user's to
    // make, and must cut the listing short, not fail it.
    std::string text(kMaxProcFile, '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        ssize_t n = read(fd.get(), text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == ESRCH) return std::nullopt;
        if (n < 0) throw_errno("read " + display + "/" + name);
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    return text;
}

}  // namespace

std::optional<ProcessFacts> read_process(pid_t pid) {
    std::string dir = "/proc/" + std::to_string(pid);
    UniqueFd piddir(open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!piddir) return std::nullopt;
    ProcessFacts f;
    f.pid = pid;
    auto status = read_proc_file(piddir.get(), "status", dir);
    auto cmdline = read_proc_file(piddir.get(), "cmdline", dir);
    auto comm = read_proc_file(piddir.get(), "comm", dir);
    if (!status || !cmdline || !comm) return std::nullopt;
    f.uid = real_uid_from_status(*status);
    f.cmdline = *cmdline;
    f.comm = *comm;
    if (!f.comm.empty() && f.comm.back() == '\n') f.comm.pop_back();
    return f;
}

std::string user_name(uid_t uid) {
    struct passwd pw;
    struct passwd* found = nullptr;
    char buf[4096];
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found) return found->pw_name;
    return std::to_string(uid);
}

}  // namespace cordon

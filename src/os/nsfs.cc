#include "os/nsfs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <utility>

#include "core/error.h"

namespace cordon {

namespace {
constexpr long kNsfsMagic = 0x6e736673;
// From <linux/nsfs.h> of newer kernels than Debian 12's headers.
constexpr unsigned kNsIo = 0xb7;
constexpr unsigned long kNsGetMntnsId = _IOR(kNsIo, 0x5, std::uint64_t);  // 6.8+
constexpr unsigned long kNsGetId = _IOR(kNsIo, 0xd, std::uint64_t);       // 6.18+
}  // namespace

bool is_nsfs(int fd) {
    struct statfs sfs;
    if (fstatfs(fd, &sfs) != 0) throw_errno("inspect namespace file");
    return sfs.f_type == kNsfsMagic;
}

UniqueFd open_own_mount_ns() {
    UniqueFd fd(open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC));
    if (!fd) throw_errno("open /proc/self/ns/mnt");
    return fd;
}

UniqueFd open_init_mount_ns(int& error) {
    error = 0;
    UniqueFd fd(open("/proc/1/ns/mnt", O_RDONLY | O_CLOEXEC));
    if (fd) return fd;
    if (errno != EACCES && errno != EPERM) throw_errno("open /proc/1/ns/mnt");
    error = errno;
    return fd;
}

std::optional<std::uint64_t> mount_ns_id(int nsfd) {
    std::uint64_t id = 0;
    if (ioctl(nsfd, kNsGetId, &id) == 0) return id;
    if (errno != ENOTTY && errno != EINVAL) throw_errno("read mount namespace id");
    if (ioctl(nsfd, kNsGetMntnsId, &id) == 0) return id;
    if (errno != ENOTTY && errno != EINVAL) throw_errno("read mount namespace id");
    return std::nullopt;
}

void enter_mount_ns(int nsfd, const std::string& what) {
    if (setns(nsfd, CLONE_NEWNS) != 0) throw_errno("enter mount namespace " + what);
}

namespace {

bool is_number(const char* s) { return *s >= '0' && *s <= '9'; }

// Visits each namespace the tasks under /proc/PID/task are in, once. Every
// thread is looked at, not only PID's own ns/mnt: once a thread-group
// leader has exited (a zombie), /proc/PID/ns/mnt is unreadable while its
// other threads still live in the namespace. False when visit said stop.
bool visit_tasks_of(int procfd, const char* pid, const MountNsVisitor& visit) {
    std::string dir = std::string(pid) + "/task";
    UniqueFd fd(openat(procfd, dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return true;  // exited meanwhile
    UniqueDir tasks = dir_from_fd(std::move(fd));
    if (!tasks) throw_errno("read /proc/" + dir);
    std::vector<std::pair<dev_t, ino_t>> seen;  // a process's tasks share one or, rarely, a few
    while (dirent* t = readdir(tasks.get())) {
        if (!is_number(t->d_name)) continue;
        std::string link = std::string(t->d_name) + "/ns/mnt";
        struct stat st;
        // Follows the magic link to the namespace inode. Tasks that exit
        // meanwhile, or whose links are not readable (pid 1 on some VMs),
        // are skipped: they cannot be inside an app's namespace unnoticed,
        // since only cordon (as root) joins one.
        if (fstatat(dirfd(tasks.get()), link.c_str(), &st, 0) != 0) continue;
        std::pair<dev_t, ino_t> ns{st.st_dev, st.st_ino};
        if (std::find(seen.begin(), seen.end(), ns) != seen.end()) continue;
        seen.push_back(ns);
        if (!visit(static_cast<pid_t>(std::stol(pid)), ns.first, ns.second)) return false;
    }
    return true;
}

}  // namespace

void scan_mount_ns_members(const MountNsVisitor& visit) {
    UniqueDir proc(opendir("/proc"));
    if (!proc) throw_errno("open /proc");
    int procfd = dirfd(proc.get());
    while (dirent* e = readdir(proc.get())) {
        if (is_number(e->d_name) && !visit_tasks_of(procfd, e->d_name, visit)) return;
    }
}

bool mount_ns_in_use(dev_t dev, ino_t ino) {
    bool found = false;
    scan_mount_ns_members([&](pid_t, dev_t d, ino_t i) {
        found = d == dev && i == ino;
        return !found;
    });
    return found;
}

std::vector<pid_t> mount_ns_members(dev_t dev, ino_t ino) {
    std::vector<pid_t> pids;
    scan_mount_ns_members([&](pid_t pid, dev_t d, ino_t i) {
        if (d == dev && i == ino) pids.push_back(pid);
        return true;
    });
    std::sort(pids.begin(), pids.end());
    return pids;
}

std::string ns_label(ino_t ino) { return "mnt:[" + std::to_string(ino) + "]"; }

}  // namespace cordon

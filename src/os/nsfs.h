// Mount namespace handles: nsfs files, their ids, joining, and whether any
// process is still inside one.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "os/unique_fd.h"

namespace cordon {

// True when fd is a namespace file (fstatfs reports NSFS_MAGIC).
bool is_nsfs(int fd);

// The calling process's own mount namespace (/proc/self/ns/mnt).
UniqueFd open_own_mount_ns();

// pid 1's mount namespace (/proc/1/ns/mnt). Opening it is a ptrace-read
// access check on pid 1: with fewer permitted capabilities than pid 1 has,
// it needs CAP_SYS_PTRACE effective. An invalid fd when the file cannot be
// read (EACCES, EPERM: some virtual machines and containers deny it even
// to root), with that errno in `error`; other errors throw.
UniqueFd open_init_mount_ns(int& error);

// The namespace's 64-bit id (NS_GET_ID, or NS_GET_MNTNS_ID on 6.8..6.17);
// nothing on kernels that have neither (their ids are allocated in order).
std::optional<std::uint64_t> mount_ns_id(int nsfd);

// setns(fd, CLONE_NEWNS). The process must be single-threaded.
void enter_mount_ns(int nsfd, const std::string& what);

// The scan behind the next three: every task (any thread of any process,
// /proc/PID/task/TID/ns/mnt) with the mount namespace it is in, reported
// once per process and namespace (a process whose threads are all inside
// is one member). visit returns false to stop the scan.
using MountNsVisitor = std::function<bool(pid_t pid, dev_t dev, ino_t ino)>;
void scan_mount_ns_members(const MountNsVisitor& visit);

// True when some task is in the namespace (dev, ino).
bool mount_ns_in_use(dev_t dev, ino_t ino);

// The processes with a task in the namespace (dev, ino), sorted.
std::vector<pid_t> mount_ns_members(dev_t dev, ino_t ino);

// "mnt:[INODE]", as /proc/PID/ns/mnt reads.
std::string ns_label(ino_t ino);

}  // namespace cordon

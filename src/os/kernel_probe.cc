#include "os/kernel_probe.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "os/nsfs.h"

namespace cordon {

namespace {

// From <linux/mount.h> and the syscall table of kernels newer than
// Debian 12's headers (the numbers are the same on every architecture
// since 5.1's unified table).
constexpr long kSysStatmount = 457;   // Linux 6.8
constexpr long kSysListmount = 458;   // Linux 6.8
constexpr unsigned kMoveMountBeneath = 0x00000200;  // Linux 6.5
constexpr unsigned kAllBits = ~0u;  // flags no kernel defines all of

// A probe's return: -1 and errno as the call left them.
ProbeResult judge(long rc, int err, int missing = ENOSYS) {
    if (rc >= 0) {
        close(static_cast<int>(rc));  // not expected: every probe is invalid
        return {true, 0};
    }
    if (err == missing || err == EPERM || err == EACCES) return {false, err};
    return {true, 0};
}

}  // namespace

// Every flag set: open_tree rejects unknown flags with EINVAL first.
ProbeResult probe_open_tree() {
    long rc = syscall(SYS_open_tree, -1, "", kAllBits);
    return judge(rc, errno);
}

// Unknown flags: EINVAL before any path is looked up.
ProbeResult probe_move_mount() {
    long rc = syscall(SYS_move_mount, -1, "", -1, "", kAllBits);
    return judge(rc, errno);
}

// Unknown flags: EINVAL (after the CAP_SYS_ADMIN check, which root passes).
ProbeResult probe_fsopen() {
    long rc = syscall(SYS_fsopen, "", kAllBits);
    return judge(rc, errno);
}

// Unknown flags: EINVAL before the path or the attributes are read.
ProbeResult probe_mount_setattr() {
    long rc = syscall(SYS_mount_setattr, -1, "", kAllBits, nullptr, 0);
    return judge(rc, errno);
}

// MOVE_MOUNT_BENEATH alone and no source: a kernel that knows the flag
// goes on to the (empty, flagless) path and fails ENOENT or EBADF; one
// that does not rejects the flag with EINVAL, which here means "absent".
ProbeResult probe_move_mount_beneath() {
    long rc = syscall(SYS_move_mount, -1, "", -1, "", kMoveMountBeneath);
    int err = errno;
    if (rc < 0 && err == EINVAL) return {false, EINVAL};
    return judge(rc, err);
}

// Nonzero flags: statmount rejects them with EINVAL before reading its
// request; listmount likewise for flags it does not know.
ProbeResult probe_statmount() {
    long rc = syscall(kSysStatmount, nullptr, nullptr, 0, kAllBits);
    return judge(rc, errno);
}

ProbeResult probe_listmount() {
    long rc = syscall(kSysListmount, nullptr, nullptr, 0, kAllBits);
    return judge(rc, errno);
}

// SECCOMP_GET_ACTION_AVAIL asks whether the kernel takes an action
// (here SECCOMP_RET_ERRNO, what cordon's filters answer with) and changes
// nothing; EINVAL for the operation means filters are not configured in.
ProbeResult probe_seccomp_filter() {
    std::uint32_t action = SECCOMP_RET_ERRNO;
    long rc = syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
    int err = errno;
    if (rc == 0) return {true, 0};
    if (err == EINVAL || err == EOPNOTSUPP) return {false, err};
    return judge(rc, err);
}

// A null struct open_how of size 0: EINVAL (size too small) before any
// path is looked up.
ProbeResult probe_openat2() {
    long rc = syscall(SYS_openat2, AT_FDCWD, "", nullptr, 0);
    return judge(rc, errno);
}

ProbeResult probe_mount_ns_id() {
    UniqueFd own = open_own_mount_ns();
    if (mount_ns_id(own.get())) return {true, 0};
    return {false, ENOTTY};
}

}  // namespace cordon

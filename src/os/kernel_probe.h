// Which of the kernel interfaces cordon uses this kernel has, for
// cordonctl doctor. Each probe calls the interface with arguments it must
// reject before doing anything (invalid flags, no path), so nothing on the
// host changes: the errno tells an interface that is there (EINVAL,
// EBADF, ENOENT, ...) from one that is not (ENOSYS), or one a seccomp
// filter or LSM refuses to this process (EPERM, EACCES).
#pragma once

namespace cordon {

struct ProbeResult {
    bool available = false;
    int error = 0;  // the errno that says not available
};

ProbeResult probe_open_tree();
ProbeResult probe_move_mount();
ProbeResult probe_fsopen();
ProbeResult probe_mount_setattr();
ProbeResult probe_move_mount_beneath();
ProbeResult probe_statmount();
ProbeResult probe_listmount();
ProbeResult probe_seccomp_filter();
ProbeResult probe_openat2();
// Mount namespace ids (NS_GET_MNTNS_ID / NS_GET_ID on /proc/self/ns/mnt).
ProbeResult probe_mount_ns_id();

}  // namespace cordon

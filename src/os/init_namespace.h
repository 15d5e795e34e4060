// The launch's first move: into pid 1's mount namespace (core/init_ns_choice
// says why), before anything under /run/cordon, /etc/cordon or
// /var/lib/cordon is opened.
#pragma once

namespace cordon {

// When the process is not in pid 1's mount namespace and can read it,
// enters it (setns; the process must be single-threaded and able to raise
// CAP_SYS_ADMIN, CAP_SYS_CHROOT and CAP_SYS_PTRACE). The working directory
// and root become that namespace's /: anything the caller named by path
// must have been read before. When pid 1's namespace cannot be read, stays
// (a debug line says so). Nothing the caller controls changes the choice.
void join_init_mount_namespace();

}  // namespace cordon

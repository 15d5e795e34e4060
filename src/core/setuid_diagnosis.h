// Why a setuid-root launcher did not start as root, from facts the kernel
// gives, as one reason an admin can act on. The kernel silently ignores the
// setuid bit under no_new_privs (systemd's NoNewPrivileges= and the options
// that imply it), on a nosuid mount, and of course without the bit: without
// this, the first privileged step fails with a misleading EACCES.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace cordon {

struct SetuidFacts {
    std::string exe;        // the running binary's path (/proc/self/exe)
    bool no_new_privs = false;
    bool nosuid_mount = false;  // the binary's mount has nosuid
    uid_t owner = 0;            // of the binary
    mode_t mode = 0;            // of the binary (with the setuid bit)
    uid_t euid = 0;             // the process's effective uid now
};

// The reason and the fix, for an Error("run as root", ...).
std::string setuid_problem(const SetuidFacts& facts);

// Why the installed launcher (facts of the file, not of a process) would
// not run apps as root for its callers: not a regular file (a symlink is
// not followed), not setuid root, or on a nosuid mount. Nothing when it
// would. cordonctl doctor reports it, cordonctl ns shell refuses to run it.
std::optional<std::string> installed_launcher_problem(const SetuidFacts& file);

}  // namespace cordon

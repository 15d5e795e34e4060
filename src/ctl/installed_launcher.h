// The installed launcher ($(bindir)/cordon) as cordonctl sees it: doctor
// reports whether it would run apps as root, ns shell runs it. Both look
// at the same file through the same fd: opened O_PATH without following
// any symlink, its facts read from that fd.
#pragma once

#include <optional>
#include <string>

#include "core/setuid_diagnosis.h"
#include "os/unique_fd.h"

namespace cordon::ctl {

struct InstalledLauncher {
    UniqueFd fd;        // O_PATH|O_CLOEXEC, not following symlinks
    SetuidFacts facts;  // of the file (exe, owner, mode with its type, nosuid mount)
};

// $(bindir)/cordon
const std::string& installed_launcher_path();

// Nothing when there is no file there.
std::optional<InstalledLauncher> open_installed_launcher();

// The launcher's fd, for execveat, once it is a regular, setuid-root
// file on a mount without nosuid (core/setuid_diagnosis); else throws
// Error("run PATH", why and how to fix).
UniqueFd open_verified_launcher();

}  // namespace cordon::ctl

// The files of an app's seccomp filter, read as root: the policy source
// /etc/cordon/apps/APP.seccomp and the compiled filter
// /var/lib/cordon/seccomp/APP.bpf. Shared by the launcher, which only loads
// (launcher/seccomp_filter), and the compiler (seccomp/compiler); no
// parser and no libseccomp here.
#pragma once

#include <ctime>
#include <optional>
#include <string>

#include "core/seccomp_blob.h"

namespace cordon {

inline constexpr std::size_t kMaxPolicySize = 1024 * 1024;

struct SeccompPolicyFile {
    std::optional<std::string> text;  // nothing: the app has no policy file
    std::string path;
    struct timespec mtime {};
};

// APP.seccomp through a root-owned path (file and every directory above it
// root's, not writable by group or others), or nothing when it is missing.
SeccompPolicyFile read_seccomp_policy_file(const std::string& app);

struct StoredSeccompBlob {
    SeccompBlob blob;
    struct timespec mtime {};
};

// APP.bpf through a root-owned path, decoded; nothing when it is missing.
// A file that is not root-owned, is writable by group or others (or a
// directory above it is), is not a regular file, or is malformed is refused
// (Error naming it), never repaired: only root can have put it there.
std::optional<StoredSeccompBlob> read_stored_seccomp_blob(const std::string& app);

}  // namespace cordon

#include "core/caller_filter.h"

#include <cerrno>

namespace cordon {

std::string caller_filter_hint(const FailureContext& context) {
    if (!context.started_under_filter || context.error_code != EPERM) return "";
    return " (cordon was started under a seccomp filter, which stays on it: does a systemd unit's "
           "RestrictNamespaces= or SystemCallFilter= forbid the call? cordon needs mount namespaces "
           "(setns, unshare), the mount calls and seccomp: RestrictNamespaces=mnt, or no such option, "
           "and no SystemCallFilter= in the unit that starts it)";
}

}  // namespace cordon

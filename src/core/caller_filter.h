// A seccomp filter cordon was started under. Filters are inherited across
// fork and exec and can never be removed, so a systemd unit's
// SystemCallFilter= or RestrictNamespaces= (both seccomp filters) still
// applies to setuid cordon, with every capability raised: a call it refuses
// fails with EPERM (or kills cordon with SIGSYS, systemd's default action
// for SystemCallFilter=, before any message). The hint names the options.
#pragma once

#include <string>

namespace cordon {

// What cordon knows when a step fails.
struct FailureContext {
    int error_code = 0;                  // errno of the failure, 0 if none
    bool started_under_filter = false;   // PR_GET_SECCOMP said 2 at start
};

// " (cordon was started under a seccomp filter ...)" when the failure is an
// EPERM under a filter cordon did not load, else "".
std::string caller_filter_hint(const FailureContext& context);

}  // namespace cordon

// Running cordon-update-ns: from the launcher while it builds a namespace,
// and from `cordonctl ns update`. The helper is found at a compile-time
// path (never through /proc/self/exe, which a hardlink can redirect:
// CVE-2021-44730), opened O_PATH|O_NOFOLLOW and checked root-owned, and
// executed from that fd, so it need not be visible in the app's namespace.
#pragma once

#include <string>

#include "base/unique_fd.h"

namespace cordon {

// $(libexecdir)/cordon/cordon-update-ns, verified.
UniqueFd open_update_ns_helper();

// Forks, makes the child root through and through (real, effective and
// saved ids 0, no supplementary groups), and execs the helper with the two
// namespace fds and a minimal environment. Waits; throws unless it exits 0.
// The caller holds the app's lock (the helper checks).
// quiet: no summary line (the launcher's stdout is the application's).
void run_update_ns(int helper, const std::string& app, int host_ns, int app_ns, bool quiet);

}  // namespace cordon

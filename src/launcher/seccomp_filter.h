// The launcher's side of seccomp: load-only. It reads the compiled filter
// /var/lib/cordon/seccomp/APP.bpf and checks that it is current; when it is
// missing or stale it has the root helper cordon-seccomp-compile compile it
// (os/root_helper: run by fd, root through and through, clean environment,
// reset resource limits, output captured) and reads the result back. The
// launcher links neither libseccomp nor the policy parser: a caller's
// resource limits or fds cannot make that code misbehave in a setuid
// process, and spread/main/launcher-load-only checks the binary.
//
// "Current" (core/seccomp_blob: seccomp_blob_staleness): same format, the
// same default template as this cordon (kDefaultTemplateDigest, a build-time
// constant), the digest of the source bytes (APP.seccomp, or the template
// for an app without one), and not older than APP.seccomp. So editing a
// policy, removing it, or upgrading cordon takes effect at the next launch.
#pragma once

#include <string>

#include "core/seccomp_blob.h"

namespace cordon {

// Privileged, in the host's mount namespace, with no lock held (the
// compile takes a fork and an exec and up to tens of milliseconds).
// Throws when the filter is refused (ownership, mode, malformed), when the
// compile fails (the helper's own error line, e.g. "cannot parse
// FILE:LINE:COL: ..."), or when the source changed again meanwhile.
SeccompBlob load_current_seccomp(const std::string& app);

}  // namespace cordon

// An app's seccomp filter: its policy source (APP.seccomp or the shipped
// template), compiled with libseccomp into the two raw programs of
// plan/seccomp_blob.h, stored as /var/lib/cordon/seccomp/APP.bpf.
#pragma once

#include <ctime>
#include <string>

#include "plan/seccomp_blob.h"
#include "plan/seccomp_policy.h"

namespace cordon {

struct SeccompSource {
    std::string text;
    std::string filename;         // for errors; the template's pseudo-name if none
    struct timespec mtime {};     // zero for the built-in template
};

// /etc/cordon/apps/APP.seccomp through a root-owned path, or the default
// template when the app has no policy file.
SeccompSource read_seccomp_source(const std::string& app);

// Parses and compiles for the native architecture and its compat ones
// (x86_64: i386 and x32). Errors name FILE:LINE:COL.
SeccompBlob compile_seccomp(const SeccompSource& source);

std::string seccomp_blob_path(const std::string& app);

// Writes the blob atomically (root 0644) below a root-owned
// /var/lib/cordon/seccomp (created 0755 when missing).
void store_seccomp_blob(const std::string& app, const SeccompBlob& blob);

// The filter to load for the app: the stored one when it is current (same
// source digest, not older than the source), else compiled and stored now.
// A stored file that is not root-owned, is writable by others (or a
// directory above it is), or is malformed, is refused, never repaired.
SeccompBlob load_or_compile_seccomp(const std::string& app);

}  // namespace cordon

// Compiling an app's seccomp filter: its policy source (APP.seccomp or the
// shipped template) parsed and compiled with libseccomp into the two raw
// programs of core/seccomp_blob.h, stored as /var/lib/cordon/seccomp/APP.bpf.
// Only the compiler side links this: `cordonctl seccomp compile` and the
// root helper cordon-seccomp-compile, which the setuid launcher runs when a
// stored filter is missing or stale (launcher/seccomp_filter). The launcher
// itself contains neither libseccomp nor the policy parser.
#pragma once

#include <ctime>
#include <string>

#include "core/seccomp_blob.h"

namespace cordon {

struct SeccompSource {
    std::string text;
    std::string filename;         // for errors; the template's pseudo-name if none
    struct timespec mtime {};     // zero for the built-in template
};

// /etc/cordon/apps/APP.seccomp through a root-owned path, or the default
// template when the app has no policy file.
SeccompSource read_seccomp_source(const std::string& app);

struct CompiledSeccomp {
    SeccompBlob blob;
    std::size_t rules = 0;  // in the policy, includes expanded
};

// Parses and compiles for the native architecture and its compat ones
// (x86_64: i386 and x32). Errors name FILE:LINE:COL. The blob records the
// source's digest and this build's kDefaultTemplateDigest.
CompiledSeccomp compile_seccomp(const SeccompSource& source);

// Writes the blob atomically (root 0644) below a root-owned
// /var/lib/cordon/seccomp (created 0755 when missing), first removing the
// temp files of APP's earlier writes that were killed half-way.
void store_seccomp_blob(const std::string& app, const SeccompBlob& blob);

}  // namespace cordon

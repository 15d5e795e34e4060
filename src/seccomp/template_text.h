// The text of the shipped default seccomp template, the file
// data/seccomp/default.policy (grammar and semantics: docs/seccomp.md),
// compiled in through seccomp/default_policy.h, which the build generates
// from it (scripts/embed-text).
//
// A header, so that its digest is a compile-time constant: the setuid
// launcher compares compiled filters with kDefaultTemplateDigest and never
// contains the text itself (nothing it runs reads kDefaultSeccompTemplate;
// spread/main/launcher-load-only checks the binary). The compiler side
// returns the text through default_seccomp_template()
// (seccomp/default_template.cc).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/seccomp_blob.h"
#include "seccomp/default_policy.h"  // generated: kDefaultSeccompTemplateText

namespace cordon {

inline constexpr std::string_view kDefaultSeccompTemplate{kDefaultSeccompTemplateText,
                                                         sizeof kDefaultSeccompTemplateText - 1};

// What a filter compiled by this cordon records in its header, and what
// the launcher expects there (core/seccomp_blob.h).
inline constexpr std::uint64_t kDefaultTemplateDigest = policy_digest(kDefaultSeccompTemplate);

}  // namespace cordon

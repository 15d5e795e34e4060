// The compiled seccomp filter file /var/lib/cordon/seccomp/APP.bpf
// (format 2; every field little endian):
//
//   offset  size  field
//   0       8     magic "CRDNBPF\0"
//   8       4     version (2)
//   12      4     instructions in the allow program (A)
//   16      4     instructions in the deny program (D)
//   20      4     reserved, 0
//   24      8     digest of the policy source (policy_digest of APP.seccomp,
//                 or of the default template for an app without one)
//   32      8     digest of the default template the compiler carried
//                 (kDefaultTemplateDigest of the cordon that compiled it)
//   40      8*A   allow program: struct sock_filter[A]
//   40+8*A  8*D   deny program:  struct sock_filter[D]
//
// Format 1 (cordon 0.1) is the same without the template digest (header of
// 32 bytes); it is still read, and always found stale (a launcher compiles
// it again), so an upgrade needs no manual step.
//
// Two programs because denies must win over allows: the allow program
// (default ENOSYS, named syscalls allowed) is loaded first, the deny program
// (default allow, denied syscalls EPERM) second; the kernel runs both and the
// stricter result wins, and for two errnos the later filter's.
//
// Why a template digest: a policy's "@include default" expands the template
// built into the compiler, so a filter compiled by another cordon may differ
// although the policy file's bytes did not change. The setuid launcher knows
// the template's digest as a constant computed at build time
// (seccomp/template_text.h, from data/seccomp/default.policy) without
// linking the template text or the parser.
// Pure: encoding and validating bytes; no file or syscall here.
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon {

struct SeccompBlob {
    std::uint32_t version = 2;         // of the file it was read from
    std::uint64_t source_digest = 0;
    std::uint64_t template_digest = 0;  // 0 in format 1
    std::vector<sock_filter> allow;
    std::vector<sock_filter> deny;
};

inline constexpr std::size_t kBlobHeaderSize = 40;
inline constexpr std::size_t kBlobV1HeaderSize = 32;
inline constexpr std::uint32_t kBlobVersion = 2;
inline constexpr std::size_t kMaxProgramLength = 4096;  // BPF_MAXINSNS
inline constexpr std::size_t kMaxBlobSize = kBlobHeaderSize + 2 * kMaxProgramLength * sizeof(sock_filter);

// 64-bit FNV-1a of the text: tells whether a compiled filter is still the
// one of its source. Not a cryptographic digest and it need not be: only
// root can write the sources and the filters; it detects edits, not attacks.
constexpr std::uint64_t policy_digest(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

// Always writes the current format (version 2, blob.version is ignored).
std::string encode_seccomp_blob(const SeccompBlob& blob);

// Throws Error("load seccomp filter FILE", reason) when the magic, version
// (1 or 2), lengths (each 1..4096 and exactly matching the data size) or
// the reserved field are wrong.
SeccompBlob decode_seccomp_blob(std::string_view bytes, const std::string& filename);

// What a stored filter is compared with.
struct SeccompSourceFacts {
    std::uint64_t digest = 0;        // policy_digest of the source text
    struct timespec mtime {};        // of APP.seccomp; zero for the template
    std::uint64_t template_digest = 0;  // the launcher's kDefaultTemplateDigest
};

// Why `stored` (whose file was last modified at stored_mtime) must be
// compiled again, or nothing when it is current: compiled from a source
// with another digest, by a cordon with another default template, in an
// older format, or older than its source file (an edit that kept the
// digest still takes effect, e.g. after a restore from backup).
std::optional<std::string> seccomp_blob_staleness(const SeccompBlob& stored, const struct timespec& stored_mtime,
                                                  const SeccompSourceFacts& source);

}  // namespace cordon

// The compiled seccomp filter file /var/lib/cordon/seccomp/APP.bpf:
//
//   offset  size  field
//   0       8     magic "CRDNBPF\0"
//   8       4     version (1), little endian like every field
//   12      4     instructions in the allow program (A)
//   16      4     instructions in the deny program (D)
//   20      4     reserved, 0
//   24      8     digest of the policy source (policy_digest)
//   32      8*A   allow program: struct sock_filter[A]
//   32+8*A  8*D   deny program:  struct sock_filter[D]
//
// Two programs because denies must win over allows: the allow program
// (default ENOSYS, named syscalls allowed) is loaded first, the deny program
// (default allow, denied syscalls EPERM) second; the kernel runs both and the
// stricter result wins, and for two errnos the later filter's.
// Pure: encoding and validating bytes; no file or syscall here.
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cordon {

struct SeccompBlob {
    std::uint64_t source_digest = 0;
    std::vector<sock_filter> allow;
    std::vector<sock_filter> deny;
};

inline constexpr std::size_t kBlobHeaderSize = 32;
inline constexpr std::uint32_t kBlobVersion = 1;
inline constexpr std::size_t kMaxProgramLength = 4096;  // BPF_MAXINSNS

std::string encode_seccomp_blob(const SeccompBlob& blob);

// Throws Error("load seccomp filter FILE", reason) when the magic, version,
// lengths (each 1..4096 and exactly matching the data size) are wrong.
SeccompBlob decode_seccomp_blob(std::string_view bytes, const std::string& filename);

}  // namespace cordon

// The fixed places cordon reads and writes. They are compile-time
// constants on purpose: no option or environment variable may move them,
// because every one of them steers what a root process mounts or trusts.
#pragma once

namespace cordon::paths {

inline constexpr const char* kAppsDir = "/etc/cordon/apps";      // APP.conf
inline constexpr const char* kStateDir = "/var/lib/cordon";
inline constexpr const char* kBasesDir = "/var/lib/cordon/bases";  // BASE/
inline constexpr const char* kSeccompDir = "/var/lib/cordon/seccomp";  // APP.bpf
inline constexpr const char* kRunDir = "/run/cordon";
inline constexpr const char* kNsDir = "/run/cordon/ns";      // APP.mnt, APP.info
inline constexpr const char* kLockDir = "/run/cordon/lock";  // APP.lock, .lock
inline constexpr const char* kPrivateDir = "/tmp/cordon-private";  // rootfs.*, APP/tmp

// The helper that applies mount profiles, at a compile-time path.
inline constexpr const char* kUpdateNsHelper = CORDON_LIBEXECDIR "/cordon/cordon-update-ns";
// The helper that compiles seccomp policies (launcher/seccomp_filter).
inline constexpr const char* kSeccompCompileHelper = CORDON_LIBEXECDIR "/cordon/cordon-seccomp-compile";

// Where the payload appears inside the application's root.
inline constexpr const char* kPayloadTarget = "/app";

}  // namespace cordon::paths

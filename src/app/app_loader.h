// Loading an app for a launch: its validated name, its configuration read
// from a root-owned file through a root-owned path, and the identity of the
// namespace it needs (base name, base dir device/inode, revision).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/app_config.h"
#include "core/ns_identity.h"
#include "os/unique_fd.h"

namespace cordon {

struct App {
    std::string name;
    AppConfig config;
    NsIdentity identity;
    bool has_mount_profile = false;  // /etc/cordon/apps/APP.fstab exists
};

App load_app(const std::string& name);

// The steps of load_app that cordonctl app check takes one by one, so
// that it judges an app exactly as a launch does.
//
// APP.conf's text, read through a root-owned path (the file and every
// directory above it root's and not writable by group or others; else
// UntrustedPath, or SysError ENOENT when there is none).
std::string read_app_config_text(const std::string& name);

// The base's directory (O_PATH), opened through a root-owned path: Error
// with the fix when it is missing, UntrustedPath when not trusted.
UniqueFd open_base_dir(const AppConfig& config);

// The payload directory (O_PATH), trusted like the base: it is what root
// callers of the app run at /app. Errors name the payload line of
// APP.conf; an untrusted one is an UntrustedPath.
UniqueFd open_payload_dir(const AppConfig& config);

// A mount point of the host table (core/host_table) in the base opened at
// `root` (O_PATH, a directory; empty when missing): the base's own
// symlinks are followed, resolved inside `root` (a merged-/usr base has
// /lib -> usr/lib, so /lib/firmware is usr/lib/firmware there), but never
// through a mount inside it (EXDEV from open_in_root): below one, followed
// by no symlink at all. The launcher mounts there; app check looks there.
UniqueFd open_table_mount_point(int root, std::string_view path, const std::string& display);

// Whether /etc/cordon/apps/APP.conf exists (an untrusted one counts: the
// step that reads it refuses it, saying why); APP must be a valid name.
bool app_is_configured(const std::string& name);

// The apps with an APP.conf in /etc/cordon/apps (reached through
// root-owned directories), sorted; files whose names are not app names are
// left out. Empty when the directory does not exist.
std::vector<std::string> configured_apps();

// /var/lib/cordon/bases/BASE as a string.
std::string base_path(const std::string& base);

}  // namespace cordon

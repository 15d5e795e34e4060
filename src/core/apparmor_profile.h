// AppArmor profiles of apps: the text cordonctl writes for an app from the
// shipped template apparmor/cordon-app.template. Pure text work.
//
// The template uses placeholders:
//   @{APP}         the app name            (profile cordon.@{APP})
//   @{BASE}        the base name
//   @{PAYLOAD}     the payload directory, or nothing
//   @{MOUNT_RULES} the rules for the targets of the app's mount profile
//                  (mount_target_rules), or nothing
// and is rendered by replacing each placeholder; an unknown @{NAME} in the
// template is an error, so a typo cannot silently produce a weaker profile.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/mount_profile.h"

namespace cordon {

// The profile name an app runs under: "cordon.APP".
std::string app_profile_name(std::string_view app);

// Where cordonctl apparmor generate writes an app's profile (the
// distribution's apparmor.service loads it from there at boot).
inline constexpr const char* kAppArmorDir = "/etc/apparmor.d";

// The launcher's own profile (apparmor/usr.bin.cordon), and the file it is
// installed as in PROFILE_DIR (/etc/apparmor.d).
inline constexpr const char* kLauncherProfile = "cordon";
std::string launcher_profile_file(std::string_view profile_dir);

// Whether the launcher's AppArmor label and mode (as aa_getcon gives them)
// are its own profile in a mode that confines it (enforce or kill).
bool launcher_is_confined(std::string_view label, std::string_view mode);

// Why a non-root launch is refused when the launcher is not confined, and
// how an admin fixes it (the reason of Error("run", ...)).
std::string launcher_not_confined_reason(std::string_view label, std::string_view mode,
                                         std::string_view profile_dir);

// Throws Error("render AppArmor template", reason) on an unknown or
// unterminated placeholder.
std::string render_app_profile(std::string_view tmpl, std::string_view app, std::string_view base,
                               const std::optional<std::string>& payload, std::string_view mount_rules = {});

// The rules an app needs for what its mount profile (APP.fstab) puts in
// its namespace, one per line, indented for the profile body: a read-only
// mount is read, mapped and run like the payload; a writable one (and an
// ensured directory) is read by anyone and written by the file's owner,
// never run; a file mount likewise, for the file alone; a symlink needs
// nothing of its own (what it points to does). Empty for no entries.
// Throws Error("render AppArmor template", reason) for a target AppArmor
// cannot take unquoted.
std::string mount_target_rules(const MountProfile& profile);

}  // namespace cordon

// AppArmor profiles of apps: the text cordonctl writes for an app from the
// shipped template apparmor/cordon-app.template. Pure text work.
//
// The template uses placeholders:
//   @{APP}         the app name            (profile cordon.@{APP})
//   @{BASE}        the base name
//   @{PAYLOAD}     the payload directory, or nothing
// and is rendered by replacing each placeholder; an unknown @{NAME} in the
// template is an error, so a typo cannot silently produce a weaker profile.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cordon {

// The profile name an app runs under: "cordon.APP".
std::string app_profile_name(std::string_view app);

// Throws Error("render AppArmor template", reason) on an unknown or
// unterminated placeholder.
std::string render_app_profile(std::string_view tmpl, std::string_view app, std::string_view base,
                               const std::optional<std::string>& payload);

}  // namespace cordon

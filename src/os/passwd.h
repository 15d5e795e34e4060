// Users of the host's passwd database (NSS: files, LDAP, systemd-userdb...).
#pragma once

#include <optional>
#include <string>

#include "core/shell_request.h"

namespace cordon {

// The user `user` names: a name (getpwnam_r) or, failing that, a uid of
// digits (getpwuid_r). Nothing when there is no such user; throws when
// the lookup itself fails.
std::optional<ShellUser> find_user(const std::string& user);

}  // namespace cordon

// cordonctl app check and app list: an app judged without launching it
// (core/app_lint judges, ctl/app_view prints). The facts are gathered
// through the launcher's own steps (app/app_loader, the mount profile and
// seccomp readers); nothing is created or changed: the seccomp policy is
// compiled in memory, never stored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/app_config.h"
#include "core/app_lint.h"

namespace cordon::ctl {

struct AppCheck {
    std::string app;
    // What APP.conf's good lines set; nothing when it could not be read.
    std::optional<AppConfig> config;
    std::vector<Finding> findings;
};

// APP must be configured (ctl/command.h require_configured).
AppCheck check_app(const std::string& app);

}  // namespace cordon::ctl

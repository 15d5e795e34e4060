// What cordonctl app check and app list print (core/app_lint's findings):
// aligned lines, the status word coloured on a terminal, or JSON (keys in
// cordonctl(8)). Pure: unit-tested.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/app_lint.h"
#include "ctl/output.h"

namespace cordon::ctl {

// "bad   config  /etc/cordon/apps/a.conf:2: unknown key ... ; fix: edit ..."
// a finding a line (aligned), then "APP: ok" or "APP: N problems".
std::string app_check_table(const std::string& app, std::span<const Finding> findings, bool colour);

// {"app", "ok", "problems", "findings": [{"what", "status", "detail",
// "fix"}]}; fix is null when there is none; ok is false exactly when a
// status is "bad" (and app check exits 1).
Json app_check_json(const std::string& app, std::span<const Finding> findings);

// A configured app as app list shows it.
struct AppListRow {
    std::string app;
    std::optional<std::string> base;     // nothing: APP.conf cannot be read or names none
    std::optional<std::string> payload;  // nothing: no payload
    std::size_t problems = 0;            // app check's bad findings
};

// "APP BASE PAYLOAD CHECK" and a row an app: CHECK is "ok" or "N problems".
std::string app_list_table(std::span<const AppListRow> rows, bool colour);

// {"apps": [{"app", "base", "payload", "problems", "ok"}]}; base and
// payload null when the table shows "?" or "-".
Json app_list_json(std::span<const AppListRow> rows);

}  // namespace cordon::ctl

// cordonctl app list [--json] and app check APP [--json]: the configured
// apps, and whether each would launch, judged without launching it
// (ctl/app_check gathers, core/app_lint judges, ctl/app_view prints).
#include <cstdio>
#include <string>
#include <vector>

#include "app/app_loader.h"
#include "core/names.h"
#include "ctl/app_check.h"
#include "ctl/app_view.h"
#include "ctl/command.h"
#include "ctl/output.h"

namespace cordon::ctl {
namespace {

int app_list(const Operands& operands) {
    OutputRequest request = take_json_flag(operands);
    std::vector<AppListRow> rows;
    for (const std::string& app : configured_apps()) {
        AppCheck check = check_app(app);
        AppListRow row{app, std::nullopt, std::nullopt, problem_count(check.findings)};
        if (check.config && !check.config->base.empty()) row.base = check.config->base;
        if (check.config) row.payload = check.config->payload;
        rows.push_back(std::move(row));
    }
    if (request.json)
        print_json(app_list_json(rows));
    else
        std::fputs(app_list_table(rows, stdout_wants_colour()).c_str(), stdout);
    return 0;
}

int app_check(const Operands& operands) {
    OutputRequest request = take_json_flag(operands);
    const std::string& app = request.operands[0];
    validate_name("app", app);
    require_configured(app, "check " + app);
    AppCheck check = check_app(app);
    if (request.json)
        print_json(app_check_json(app, check.findings));
    else
        std::fputs(app_check_table(app, check.findings, stdout_wants_colour()).c_str(), stdout);
    return app_check_exit_status(check.findings);
}

bool fits_app_list(const Operands& operands) { return take_json_flag(operands).operands.empty(); }
bool fits_app_check(const Operands& operands) { return takes_app(take_json_flag(operands).operands); }

constexpr Command kCommands[] = {
    {"app", "list", "[--json]", "the configured apps: base, payload, and app check's\nverdict", fits_app_list, app_list,
     Scope::kInit},
    {"app", "check", "APP [--json]",
     "whether APP would launch, without launching it: a\n"
     "line a problem with its fix (exit 1 on any)",
     fits_app_check, app_check, Scope::kInit},
};

}  // namespace

std::span<const Command> app_commands() { return kCommands; }

}  // namespace cordon::ctl

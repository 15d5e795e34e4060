// What cordonctl ns list and ns ps print, from the rows core/ns_overview
// makes: a table for a person, JSON for a script (keys in cordonctl(8)).
// Pure: unit-tested.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "core/ns_overview.h"
#include "ctl/output.h"

namespace cordon::ctl {

// ns list: a header line, then a row per app; the state column says why a
// namespace is stale ("stale: revision 0 != 1").
std::string ns_list_table(const std::vector<NsListRow>& rows, bool colour);
// {"namespaces": [{"app", "namespace", "base", "revision", "state",
// "reason", "processes", "age_seconds"}, ...]}; null where the table
// shows "-" or "?".
Json ns_list_json(const std::vector<NsListRow>& rows);

struct ProcessRow {
    pid_t pid = 0;
    std::optional<uid_t> uid;  // nothing: exited while read
    std::string user;          // the name, or the uid as digits
    std::string command;       // core/ns_overview command_from_proc
};

std::string ns_ps_table(const std::vector<ProcessRow>& rows);
// {"app", "namespace", "processes": [{"pid", "uid", "user", "command"}]};
// namespace null when there is none.
Json ns_ps_json(const std::string& app, const std::optional<std::string>& ns, const std::vector<ProcessRow>& rows);

}  // namespace cordon::ctl

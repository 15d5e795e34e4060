// cordonctl's commands: each group (ns, seccomp, apparmor, doctor, app) is a file of
// src/ctl with a table of its commands; main.cc lists the groups, answers
// help and usage from the tables and runs the command the line names.
//
// A new command is a function and a row in its group's table (a new group:
// a file and a line in main.cc's list of groups); its usage line comes from
// the row.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_loader.h"
#include "core/app_files.h"
#include "core/error.h"

namespace cordon::ctl {

// The words of the command line after the command's own ("APP",
// "APP -o FILE").
using Operands = std::vector<std::string>;

// Where a command runs.
enum class Scope {
    kCaller,  // the caller's mount namespace (it takes paths the caller names)
    kInit,    // pid 1's, where the namespaces are persisted (os/init_namespace)
};

struct Command {
    std::string_view group;     // "ns"
    std::string_view verb;      // "list"
    std::string_view synopsis;  // its operands in the usage: "APP [-o FILE|-]"
    // Its line in the group's --help ("\n" between lines); a group whose
    // commands have one answers `cordonctl GROUP --help`.
    std::string_view summary;
    // Whether the operands have the command's form: checked before the
    // root check, so that every caller gets the same usage error.
    bool (*fits)(const Operands&);
    int (*run)(const Operands&);  // as root; its exit status
    Scope scope;
};

std::span<const Command> ns_commands();
std::span<const Command> seccomp_commands();
std::span<const Command> apparmor_commands();
std::span<const Command> doctor_commands();
std::span<const Command> app_commands();

// Forms of operands.
inline bool takes_nothing(const Operands& operands) { return operands.empty(); }
inline bool takes_app(const Operands& operands) { return operands.size() == 1; }

// APP as ns update, seccomp compile and apparmor generate take it:
// configured; anything else is a typo that must not write anything. (ns
// discard also takes an app that is only persisted: see ns_discard.)
inline void require_configured(const std::string& app, const std::string& action) {
    if (!app_is_configured(app)) throw Error(action, "no such app: there is no " + app_files::config(app).path());
}

}  // namespace cordon::ctl

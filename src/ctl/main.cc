// cordonctl: the administrator's tool (not setuid); its commands and their
// operands are in cordonctl(8).
//
// main() answers help and version, finds the command in the groups' tables
// (ctl/command.h), checks its operands, then, as root, runs it.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <span>
#include <string>
#include <string_view>

#include "core/debug.h"
#include "core/error.h"
#include "core/program.h"
#include "ctl/command.h"
#include "os/init_namespace.h"

namespace cordon::ctl {
namespace {

constexpr const char* kProgram = "cordonctl";

// The groups, in the order of the usage.
constexpr std::span<const Command> (*kGroups[])() = {ns_commands, seccomp_commands, apparmor_commands,
                                                           doctor_commands, app_commands};

template <typename Visit>
void for_each_command(Visit&& visit) {
    for (auto group : kGroups)
        for (const Command& command : group()) visit(command);
}

// "ns discard", or "doctor" for a command without a verb.
std::string name_of(const Command& command) {
    std::string name(command.group);
    if (!command.verb.empty()) name.append(" ").append(command.verb);
    return name;
}

// "cordonctl ns discard APP"
std::string usage_of(const Command& command) {
    std::string line = std::string(kProgram) + " " + name_of(command);
    if (!command.synopsis.empty()) line.append(" ").append(command.synopsis);
    return line;
}

constexpr std::string_view kUsagePrefix = "usage: ";
constexpr std::string_view kUsageIndent = "       ";
constexpr size_t kSummaryGap = 6;  // between the longest usage and the summaries

// Every command, one a line, then help and version.
std::string usage() {
    std::string text;
    for_each_command([&](const Command& command) {
        text.append(text.empty() ? kUsagePrefix : kUsageIndent).append(usage_of(command)).append("\n");
    });
    return text.append(kUsageIndent).append(kProgram).append(" help | --help | --version\n");
}

// The commands of group with their summaries in a column, or "" when they
// have none.
std::string group_usage(std::string_view group) {
    size_t width = 0;
    bool has_summaries = false;
    for_each_command([&](const Command& command) {
        if (command.group != group) return;
        width = std::max(width, kUsagePrefix.size() + usage_of(command).size() + kSummaryGap);
        has_summaries = has_summaries || !command.summary.empty();
    });
    if (!has_summaries) return "";
    std::string text;
    for_each_command([&](const Command& command) {
        if (command.group != group) return;
        std::string line = std::string(text.empty() ? kUsagePrefix : kUsageIndent) + usage_of(command);
        std::string_view summary = command.summary;
        for (size_t end; (end = summary.find('\n')) != std::string_view::npos; summary.remove_prefix(end + 1)) {
            line.resize(width, ' ');
            text.append(line).append(summary.substr(0, end)).append("\n");
            line.clear();
        }
        line.resize(width, ' ');
        text.append(line).append(summary).append("\n");
    });
    return text;
}

bool is_group(std::string_view word) {
    bool found = false;
    for_each_command(
        [&](const Command& command) { found = found || (command.group == word && !command.verb.empty()); });
    return found;
}

[[noreturn]] void usage_error(const std::string& problem) {
    std::fprintf(stderr, "%s: %s\n", kProgram, problem.c_str());
    std::fputs(usage().c_str(), stderr);
    std::exit(kExitUsage);
}

[[noreturn]] void print_and_exit(const std::string& text) {
    std::fputs(text.c_str(), stdout);
    std::exit(0);
}

// help, --help, --version and `GROUP --help`: answered before anything
// else, as any user, and only as the whole command line.
void answer_help_or_version(int argc, char** argv) {
    if (argc < 2) usage_error("missing command");
    std::string first = argv[1];
    if (argc == 2 && (first == "help" || first == "--help")) print_and_exit(usage());
    if (argc == 2 && first == "--version") print_and_exit(std::string(kProgram) + " " + PACKAGE_VERSION + "\n");
    if (argc == 3 && std::string_view(argv[2]) == "--help" && is_group(first)) {
        std::string text = group_usage(first);
        if (!text.empty()) print_and_exit(text);
    }
}

// The words of the command line that name the command ("ns update"), for
// an unknown one.
std::string command_words(int argc, char** argv) {
    std::string words = argv[1];
    if (argc > 2 && argv[2][0] != '-' && is_group(words)) words += std::string(" ") + argv[2];
    return words;
}

// The command the line names, with its operands; usage error when there
// is none or the operands do not fit.
const Command& find_command(int argc, char** argv, Operands& operands) {
    const Command* found = nullptr;
    for_each_command([&](const Command& command) {
        if (found || command.group != argv[1]) return;
        if (command.verb.empty() || (argc > 2 && command.verb == argv[2])) found = &command;
    });
    if (!found) usage_error("unknown command \"" + command_words(argc, argv) + "\"");
    operands.assign(argv + (found->verb.empty() ? 2 : 3), argv + argc);
    if (!found->fits(operands)) usage_error("wrong arguments for \"" + name_of(*found) + "\"");
    return *found;
}

void require_root(const std::string& command) {
    if (getuid() != 0 || geteuid() != 0) throw Error("run \"" + command + "\"", "cordonctl must run as root");
}

}  // namespace
}  // namespace cordon::ctl

int main(int argc, char** argv) {
    using namespace cordon;
    using namespace cordon::ctl;
    debug_init_from_env();
    answer_help_or_version(argc, argv);
    Operands operands;
    const Command& command = find_command(argc, argv, operands);
    std::string name = name_of(command);
    try {
        require_root(name);
        // The namespaces are persisted in pid 1's mount namespace: an admin
        // running cordonctl from a unit with its own (PrivateTmp=, ...) must
        // see and change those (os/init_namespace). Only the ns
        // commands: the others take paths the caller names (-o FILE).
        if (command.scope == Scope::kInit) join_init_mount_namespace();
        return command.run(operands);
    } catch (const std::exception& e) {
        return report_failure(kProgram, e, "run", name);
    }
}

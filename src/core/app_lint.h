// cordonctl app check: whether an app would launch, judged without
// launching it, one finding a line, each a verdict from facts the command
// gathers (ctl/app_check) through the launcher's own steps (app_loader,
// the mount profile and seccomp readers), as pure functions so that every
// verdict, its wording and its fix are unit-tested. A bad finding is one
// the launch would fail on (or an AppArmor profile that does not confine
// the app); its fix is what the admin runs or edits.
#pragma once

#include <sys/types.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_config.h"
#include "core/error.h"
#include "core/host_readiness.h"  // Verdict, verdict_word
#include "core/host_table.h"

namespace cordon {

struct Finding {
    std::string what;  // "config", "base", "mount point /run", "payload", "mount profile", "seccomp", "apparmor"
    Verdict verdict = Verdict::kOk;
    std::string detail;  // what was found, or the problem
    std::string fix;     // for kBad (and some notes): what to run or edit; "" when nothing
};

// How many findings are bad; 1 when any is (the exit status), else 0.
std::size_t problem_count(std::span<const Finding> findings);
int app_check_exit_status(std::span<const Finding> findings);

// A path root refused to trust (the launcher's rule: os/secure_fs
// open_trusted), with its owner and mode.
struct UntrustedFacts {
    std::string path;
    uid_t owner = 0;
    mode_t mode = 0;
};
Finding untrusted_finding(std::string_view what, const UntrustedFacts& facts);

// Any other failure of a step, as the launcher would report it (Error's
// action and reason), with the fix when there is an obvious one.
Finding failed_finding(std::string_view what, const Error& error, std::string fix = "");

// A parser's Error about a line ("parse FILE:LINE[:COL]", as core/line_error
// and the seccomp parser word it): the line and the problem, fixed by
// editing that line (see_also: the man page of the format).
Finding line_finding(std::string_view what, const Error& error, std::string_view see_also);

// APP.conf's problems (core/app_config lint_app_config), one finding each:
// a line's problem says what is allowed and is fixed by editing that line;
// none: one ok finding naming the file.
std::vector<Finding> config_findings(const std::string& path, std::span<const Error> problems);

// The base directory, opened as the launcher opens it; when that failed
// (other than by trust), the fix: make it, or fix the base line (where:
// APP.conf's FILE:LINE).
Finding base_finding(const std::string& path);
Finding base_failed_finding(const std::string& path, const std::string& where, const Error& error);

// A mount point the launcher uses in the base (core/host_table
// base_mount_points): present (a directory), missing, or not usable
// (problem: why, e.g. "not a directory"). A needed one missing is bad; an
// optional one missing is a note when the host has the directory (the app
// does not see it) and nothing otherwise (returns nothing then).
struct MountPointFacts {
    BaseMountPoint point;
    bool present = false;
    bool on_host = false;
    std::optional<std::string> problem;
};
std::optional<Finding> mount_point_finding(const std::string& base_dir, const MountPointFacts& facts);
// Every point's finding, and when none is bad one ok finding for all.
std::vector<Finding> mount_point_findings(const std::string& base_dir, std::span<const MountPointFacts> facts);

// The payload directory, opened as the launcher opens it; when that
// failed (other than by trust), the fix (where: the payload line).
Finding payload_finding(const std::string& path);
Finding payload_failed_finding(const std::string& path, const std::string& where, const Error& error);

// The desired mount profile (APP.fstab): not there (ok: nothing to
// apply) or parsed with N entries; its first bad line is a line_finding.
Finding mount_profile_finding(const std::string& path, bool exists, std::size_t entries);

// The seccomp policy compiled without storing anything: its source (the
// app's file or the template) and rule count; a policy that does not
// compile is a line_finding. unconfined: the app runs without a filter, a
// note (nothing is compiled).
Finding seccomp_finding(const std::string& source, std::size_t rules);
Finding seccomp_unconfined_finding();

// The app's AppArmor profile cordon.APP: whether the kernel has AppArmor,
// whether APP.conf says apparmor = unconfined, whether the profile file
// is in profile_dir (loaded again at boot from there) and the mode it is
// loaded in (nothing: not loaded). Without AppArmor a note, not a problem.
struct AppArmorFacts {
    bool enabled = false;
    bool unconfined = false;
    bool file_exists = false;
    std::optional<std::string> mode;
};
Finding apparmor_finding(const std::string& app, std::string_view profile_dir, const AppArmorFacts& facts);

}  // namespace cordon

// cordonctl doctor [--json]: whether this host is ready for cordon, a
// check a line (core/host_readiness judges, ctl/doctor_view prints). It
// only looks: the kernel probes are calls that must fail (os/kernel_probe)
// and nothing is created or changed; exit 1 when a check is bad.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/ns_store.h"
#include "core/apparmor_profile.h"
#include "core/host_readiness.h"
#include "core/paths.h"
#include "ctl/command.h"
#include "ctl/doctor_view.h"
#include "ctl/installed_launcher.h"
#include "ctl/ns_inspect.h"
#include "ctl/output.h"
#include "os/apparmor.h"
#include "os/kernel_probe.h"
#include "os/landlock.h"
#include "os/mount_table.h"
#include "os/secure_fs.h"

namespace cordon::ctl {

namespace {

// The installed launcher, looked at as ns shell looks before it runs it
// (ctl/installed_launcher).
Check launcher_facts_check() {
    const std::string& path = installed_launcher_path();
    try {
        std::optional<InstalledLauncher> launcher = open_installed_launcher();
        return launcher_check(launcher ? std::optional(launcher->facts) : std::nullopt, path);
    } catch (const Error& e) {
        // A symlink above it (not followed), a directory root cannot read.
        return Check{"launcher", path, Verdict::kBad, e.what()};
    }
}

void check_apparmor(std::vector<Check>& checks) {
    bool enabled = apparmor_enabled();
    checks.push_back(apparmor_check(enabled));
    std::optional<std::string> mode;
    if (enabled)
        if (auto loaded = loaded_apparmor_profiles()) mode = profile_mode_in_list(*loaded, kLauncherProfile);
    checks.push_back(launcher_profile_check(enabled, mode, CORDON_APPARMOR_PROFILE_DIR));
}

FeatureProbe feature(const char* name, ProbeResult r, const char* without, bool required = false) {
    return {name, r.available, r.error, without, required};
}

void check_kernel(std::vector<Check>& checks) {
    const char* old_api = "mount(2) instead (the launcher's tree is built either way)";
    const FeatureProbe probes[] = {
        feature("open_tree", probe_open_tree(), "mount(2); a mount profile cannot take a host source"),
        feature("move_mount", probe_move_mount(), old_api),
        feature("fsopen", probe_fsopen(), "tmpfs mounted with mount(2)"),
        feature("mount_setattr", probe_mount_setattr(),
                "mount(2) remounts: read-only and nosuid apply to the top of a recursive bind only"),
        feature("MOVE_MOUNT_BENEATH", probe_move_mount_beneath(),
                "ns update unmounts a replaced mount first: a short window with nothing there"),
        feature("statmount", probe_statmount(), "mounts are looked up in /proc/self/mountinfo (libmount)"),
        feature("listmount", probe_listmount(), "mount lists are read from /proc/PID/mountinfo (libmount)"),
        feature("openat2", probe_openat2(), "paths are walked a component at a time with O_NOFOLLOW"),
        feature("mount namespace ids", probe_mount_ns_id(), "namespaces are named by a random tag in APP.info"),
        feature("seccomp filters", probe_seccomp_filter(), "apps cannot be given their seccomp filter", true),
    };
    for (const FeatureProbe& p : probes) checks.push_back(feature_check(p));
    try {
        checks.push_back(landlock_check(landlock_abi()));
    } catch (const Error& e) {
        checks.push_back(Check{"kernel", "Landlock", Verdict::kBad, e.what()});  // the launcher would fail alike
    }
}

void check_state_dirs(std::vector<Check>& checks) {
    for (const StateDirRule& rule : state_dir_rules()) {
        struct stat st;
        std::optional<DirFacts> found;
        if (lstat(rule.path, &st) == 0)
            found = DirFacts{st.st_uid, st.st_gid, st.st_mode};
        else if (errno != ENOENT)
            throw_errno(std::string("inspect ") + rule.path);
        checks.push_back(state_dir_check(rule, found));
    }
}

// Whether /run/cordon and its ns/ and lock/ passed: opening the store
// creates what is missing, tightens an older cordon's modes and refuses
// the rest, and doctor must neither change them nor stop at them.
bool run_dirs_fine(const std::vector<Check>& checks) {
    for (const Check& c : checks)
        if (c.section == "state" && c.name.starts_with(paths::kRunDir) && c.verdict != Verdict::kOk) return false;
    return true;
}

// The namespaces and what is left in ns/ besides them.
void check_namespaces(std::vector<Check>& checks) {
    if (!run_dirs_fine(checks)) {
        checks.push_back({"namespaces", "persisted", Verdict::kNote,
                          std::string("not looked at: ") + paths::kRunDir + " is not as it should be (above)"});
        return;
    }
    std::vector<NsListRow> rows = ns_list_rows(false);
    std::vector<std::string> persisted;
    for (const NsListRow& row : rows) {
        checks.push_back(namespace_check(row));
        persisted.push_back(row.app);
    }
    if (rows.empty()) checks.push_back({"namespaces", "persisted", Verdict::kOk, "none"});
    NsStore store = NsStore::open(NsStore::Setup::kNone);
    for (const std::string& entry : dir_entries(store.ns_dir(), paths::kNsDir)) {
        std::optional<std::string> app = ns_dir_residue(entry, persisted);
        if (!app) continue;
        bool has_ns = std::find(persisted.begin(), persisted.end(), *app) != persisted.end();
        checks.push_back(residue_check(entry, *app, has_ns));
    }
}

int doctor(const Operands& operands) {
    OutputRequest request = take_json_flag(operands);
    std::vector<Check> checks;
    checks.push_back(launcher_facts_check());
    checks.push_back(root_propagation_check(root_propagation()));
    check_apparmor(checks);
    check_kernel(checks);
    check_state_dirs(checks);
    check_namespaces(checks);
    if (request.json)
        print_json(doctor_json(checks));
    else
        std::fputs(doctor_table(checks, stdout_wants_colour()).c_str(), stdout);
    return doctor_exit_status(checks);
}

bool fits_doctor(const Operands& operands) { return take_json_flag(operands).operands.empty(); }

constexpr Command kCommands[] = {
    {"doctor", "", "[--json]", "", fits_doctor, doctor, Scope::kInit},
};

}  // namespace

std::span<const Command> doctor_commands() { return kCommands; }

}  // namespace cordon::ctl

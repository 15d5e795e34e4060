// cordonctl doctor: the host's readiness for cordon, one check a line, each
// a verdict from facts the command gathers (stat of the launcher and the
// state directories, the root's propagation, kernel probes), as pure
// functions so that every verdict and its wording is unit-tested.
#pragma once

#include <sys/types.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ns_overview.h"
#include "core/setuid_diagnosis.h"

namespace cordon {

enum class Verdict {
    kOk,    // as cordon needs it
    kNote,  // works, with less (a fallback, an optional feature missing)
    kBad,   // something fails or is unsafe: doctor exits non-zero
};

// "ok", "note", "bad" (the JSON's "status").
std::string_view verdict_word(Verdict v);

struct Check {
    std::string section;  // "launcher", "mounts", "apparmor", "kernel", "state", "namespaces"
    std::string name;     // what is checked: "/usr/bin/cordon", "open_tree", "/run/cordon/ns"
    Verdict verdict = Verdict::kOk;
    std::string detail;   // what was found, and for kNote/kBad what it means or the fix
};

// 1 when any check is kBad, else 0.
int doctor_exit_status(std::span<const Check> checks);

// The installed launcher: setuid root and not on a nosuid mount (nothing:
// it is not there).
Check launcher_check(const std::optional<SetuidFacts>& facts, const std::string& path);

// The propagation of / in pid 1's namespace ("shared", "private", "slave",
// as libmount names it): the bidirectional dirs (/media, ...) share mounts
// with the host only when / (or they) are shared, as on a systemd host.
Check root_propagation_check(std::string_view propagation);

// What the launcher's Landlock layer does on this kernel for an app with
// landlock = on (core/landlock_policy), from the kernel's Landlock ABI
// (0: none): ok from ABI 2, else a note (the launch goes on without it).
Check landlock_check(int abi);

// A state directory's rule, and what stat found there.
struct StateDirRule {
    const char* path;
    mode_t mode;       // exact permission bits wanted
    bool exact;        // false: any mode not writable by group or others
    const char* made;  // who makes it when missing ("the first launch", ...)
};
std::span<const StateDirRule> state_dir_rules();

struct DirFacts {
    uid_t uid = 0;
    gid_t gid = 0;
    mode_t mode = 0;  // st_mode, type included
};
Check state_dir_check(const StateDirRule& rule, const std::optional<DirFacts>& found);

// A kernel feature probed with a call that changes nothing: available,
// else the errno of the probe (ENOSYS: not in this kernel; EPERM: a
// seccomp filter or LSM refuses it), and what cordon does without it.
struct FeatureProbe {
    std::string name;
    bool available = false;
    int error = 0;
    std::string without;  // "mount(2), and no host source for profiles"
    bool required = false;  // cordon cannot work without it: kBad
};
Check feature_check(const FeatureProbe& probe);

// AppArmor: whether it is enabled, and the mode the launcher's profile is
// loaded in (nothing: not loaded).
Check apparmor_check(bool enabled);
Check launcher_profile_check(bool enabled, const std::optional<std::string>& mode, std::string_view profile_dir);

// A persisted namespace as ns list sees it: current (ok), stale (a note:
// the next launch rebuilds it once its processes are gone), unknown (bad:
// its config cannot be read, so launches fail).
Check namespace_check(const NsListRow& row);

// Whether an entry of /run/cordon/ns is residue: a writer's temporary file
// (".APP.info.XXXXXX", left by a kill) or a file of an app without a
// persisted namespace. The app it is of, or nothing when the entry belongs
// to a persisted namespace.
std::optional<std::string> ns_dir_residue(std::string_view entry, std::span<const std::string> persisted);
// The note for such an entry, with who removes it: the app's next launch
// (it sweeps its writers' leftovers) or, without a namespace, ns discard.
Check residue_check(std::string_view entry, const std::string& app, bool app_has_ns);

// The mode of `profile` in securityfs's profiles list ("NAME (MODE)" a
// line), or nothing when it is not loaded.
std::optional<std::string> profile_mode_in_list(std::string_view profiles, std::string_view profile);

}  // namespace cordon

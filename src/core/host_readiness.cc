#include "core/host_readiness.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "core/apparmor_profile.h"
#include "core/fs_trust.h"
#include "core/landlock_policy.h"

namespace cordon {

std::string_view verdict_word(Verdict v) {
    switch (v) {
        case Verdict::kOk: return "ok";
        case Verdict::kNote: return "note";
        case Verdict::kBad: return "bad";
    }
    return "?";
}

int doctor_exit_status(std::span<const Check> checks) {
    for (const Check& c : checks)
        if (c.verdict == Verdict::kBad) return 1;
    return 0;
}

Check launcher_check(const std::optional<SetuidFacts>& facts, const std::string& path) {
    Check c{"launcher", path, Verdict::kOk, ""};
    if (!facts) {
        c.verdict = Verdict::kBad;
        c.detail = "not installed: there is no " + path;
        return c;
    }
    if (auto problem = installed_launcher_problem(*facts)) {
        c.verdict = Verdict::kBad;
        c.detail = *problem;
        return c;
    }
    c.detail = "setuid root (" + octal_mode(facts->mode) + "), on a mount without nosuid";
    return c;
}

Check root_propagation_check(std::string_view propagation) {
    Check c{"mounts", "/", Verdict::kOk, ""};
    if (propagation.starts_with("shared")) {
        c.detail = "shared: mounts under /media, /run/media and /run/netns reach the apps and back";
        return c;
    }
    // Not a failure: apps run, but the bidirectional dirs are one-way.
    c.verdict = Verdict::kNote;
    c.detail = std::string(propagation.empty() ? "not shared" : propagation) +
               ": /media, /run/media and /run/netns are not shared with the apps (mounts made on the host "
               "after a namespace is built do not appear in it); on a systemd host / is shared";
    return c;
}

std::span<const StateDirRule> state_dir_rules() {
    // Modes as data/tmpfiles.d/cordon.conf and the launcher make them.
    static constexpr StateDirRule kRules[] = {
        {"/run/cordon", 0755, true, "the first launch or systemd-tmpfiles"},
        {"/run/cordon/ns", 0700, true, "the first launch or systemd-tmpfiles"},
        {"/run/cordon/lock", 0700, true, "the first launch or systemd-tmpfiles"},
        {"/tmp/cordon-private", 0700, true, "the first launch or systemd-tmpfiles"},
        {"/etc/cordon/apps", 0755, false, "the admin, with the first app"},
        {"/var/lib/cordon", 0755, false, "the admin, with the first base"},
        {"/var/lib/cordon/bases", 0755, false, "the admin, with the first base"},
        {"/var/lib/cordon/seccomp", 0755, false, "the first launch or cordonctl seccomp compile"},
    };
    return kRules;
}

Check state_dir_check(const StateDirRule& rule, const std::optional<DirFacts>& found) {
    Check c{"state", rule.path, Verdict::kOk, ""};
    if (!found) {
        c.verdict = Verdict::kNote;
        c.detail = std::string("missing; made by ") + rule.made;
        return c;
    }
    mode_t bits = found->mode & 07777;
    std::string is = "owner " + std::to_string(found->uid) + ":" + std::to_string(found->gid) + ", mode " +
                     octal_mode(bits);
    std::string fix = std::string("chown root:root ") + rule.path + " && chmod " + octal_mode(rule.mode) + " " +
                      rule.path;
    if (!S_ISDIR(found->mode)) {
        c.verdict = Verdict::kBad;
        c.detail = "not a directory; cordon refuses it: remove it (" + std::string(rule.made) + " makes it again)";
        return c;
    }
    if (found->uid != 0 || found->gid != 0) {
        c.verdict = Verdict::kBad;
        c.detail = is + ": not root's, cordon refuses it: " + fix;
        return c;
    }
    bool fits = rule.exact ? bits == rule.mode : (bits & 022) == 0;
    if (!fits) {
        // The launcher tightens an older cordon's 0755 ns/ and lock/ itself
        // (docs/launcher.md); anything else it refuses.
        bool tightened = rule.exact && rule.mode == 0700 && bits == 0755 && std::strncmp(rule.path, "/run/", 5) == 0;
        c.verdict = tightened ? Verdict::kNote : Verdict::kBad;
        c.detail = is + (tightened ? ": the next launch tightens it to 0700" : ": cordon refuses it: " + fix);
        return c;
    }
    c.detail = is;
    return c;
}

Check feature_check(const FeatureProbe& p) {
    Check c{"kernel", p.name, Verdict::kOk, "available"};
    if (p.available) return c;
    c.verdict = p.required ? Verdict::kBad : Verdict::kNote;
    std::string cause = p.error ? std::string(" (") + strerrorname_np(p.error) + ")" : "";
    c.detail = "not available" + cause + ": " + p.without;
    return c;
}

Check apparmor_check(bool enabled) {
    if (enabled) return {"apparmor", "AppArmor", Verdict::kOk, "enabled"};
    return {"apparmor", "AppArmor", Verdict::kNote,
            "not enabled: apps run under no_new_privs, seccomp, their namespace and Landlock where the kernel "
            "has it (the Landlock line); without Landlock they reach the host's files through /proc/PID/root of "
            "a host process of the same user (docs/launcher.md)"};
}

Check launcher_profile_check(bool enabled, const std::optional<std::string>& mode, std::string_view profile_dir) {
    Check c{"apparmor", std::string("profile ") + kLauncherProfile, Verdict::kOk, ""};
    if (!enabled) {
        c.verdict = Verdict::kNote;
        c.detail = "not needed: AppArmor is not enabled";
        return c;
    }
    if (mode && launcher_is_confined(kLauncherProfile, *mode)) {
        c.detail = "loaded, " + *mode;
        return c;
    }
    c.verdict = Verdict::kBad;
    c.detail = std::string(mode ? "loaded in " + *mode + " mode" : "not loaded") +
               ": cordon refuses non-root launches; load it: apparmor_parser -r " +
               launcher_profile_file(profile_dir);
    return c;
}

Check namespace_check(const NsListRow& row) {
    Check c{"namespaces", row.app, Verdict::kOk, ""};
    std::string inside = std::to_string(row.processes.value_or(0)) + " processes inside";
    switch (row.freshness) {
        case NsFreshness::kCurrent: c.detail = row.ns + " current, " + inside; break;
        case NsFreshness::kStale:
            c.verdict = Verdict::kNote;
            c.detail = row.ns + " stale (" + row.why + "), " + inside +
                       ": the next launch after they exit builds a new one; cordonctl ns discard " + row.app +
                       " forgets it now";
            break;
        case NsFreshness::kUnknown:
        case NsFreshness::kNone:
            c.verdict = Verdict::kBad;
            c.detail = row.ns + " " + inside + ", but launches fail: " + row.why;
            break;
    }
    return c;
}

std::optional<std::string> ns_dir_residue(std::string_view entry, std::span<const std::string> persisted) {
    bool temporary = entry.starts_with('.');
    if (temporary) entry.remove_prefix(1);
    std::string app(entry.substr(0, entry.find('.')));
    if (app.empty()) return std::nullopt;  // not an app's file; nothing cordon writes
    bool has_ns = std::find(persisted.begin(), persisted.end(), app) != persisted.end();
    if (has_ns && !temporary) return std::nullopt;
    return app;
}

Check residue_check(std::string_view entry, const std::string& app, bool app_has_ns) {
    Check c{"namespaces", std::string("/run/cordon/ns/") + std::string(entry), Verdict::kNote, ""};
    if (app_has_ns)
        c.detail = "residue of an interrupted write: the next launch of " + app + " removes it";
    else
        c.detail = "residue of a namespace that is gone: cordonctl ns discard " + app + " removes it";
    return c;
}

std::optional<std::string> profile_mode_in_list(std::string_view profiles, std::string_view profile) {
    // securityfs's "profiles": "NAME (MODE)\n" per loaded profile; NAME may
    // hold spaces, so the mode is the last parenthesised word.
    while (!profiles.empty()) {
        std::size_t end = profiles.find('\n');
        std::string_view line = profiles.substr(0, end);
        profiles.remove_prefix(end == std::string_view::npos ? profiles.size() : end + 1);
        std::size_t open = line.rfind(" (");
        if (open == std::string_view::npos || line.back() != ')') continue;
        if (line.substr(0, open) == profile) return std::string(line.substr(open + 2, line.size() - open - 3));
    }
    return std::nullopt;
}

Check landlock_check(int abi) {
    // With every scope asked for, so that the line also says whether
    // landlock-scope is enforced here.
    LandlockPolicy policy = plan_landlock(abi, true, LandlockScope::kAll);
    std::string detail;
    for (const std::string& note : policy.notes) detail.append(detail.empty() ? "" : "; ").append(note);
    return Check{"kernel", "Landlock", policy.handled_fs != 0 ? Verdict::kOk : Verdict::kNote, detail};
}

}  // namespace cordon

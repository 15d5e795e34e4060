#include "core/apparmor_profile.h"

#include <sys/mount.h>

#include "core/error.h"
#include "core/names.h"

namespace cordon {

namespace {

constexpr const char* kAction = "render AppArmor template";
constexpr std::size_t kMaxShown = 64;

std::string shown(std::string_view text) {
    std::string s(text.substr(0, kMaxShown));
    if (text.size() > kMaxShown) s += "...";
    return s;
}

void check_name(const char* kind, std::string_view name) {
    if (auto problem = name_problem(name))
        throw Error(kAction, std::string("invalid ") + kind + " name \"" + shown(name) + "\": " + *problem);
}

// Characters a path may use in a profile without quoting or escaping: none
// of them is a glob (* ? [ ] { } ^), a rule or variable delimiter (, @ = #)
// or a quote, and no whitespace or control character can end a rule or a
// comment early.
bool is_plain_path_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
           c == '_' || c == '-' || c == '+' || c == '~' || c == ':';
}

// The payload as it goes into the profile: absolute, no "." or ".."
// components, repeated and trailing slashes dropped ("/srv//x/" is
// "/srv/x"), plain characters only.
std::string payload_text(const std::string& payload) {
    if (payload.empty() || payload.front() != '/')
        throw Error(kAction, "payload \"" + shown(payload) + "\" is not an absolute path");
    std::string out;
    std::string_view rest(payload);
    while (!rest.empty()) {
        auto start = rest.find_first_not_of('/');
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        std::string_view part = rest.substr(0, rest.find('/'));
        rest.remove_prefix(part.size());
        if (part == "." || part == "..")
            throw Error(kAction, "payload \"" + shown(payload) + "\" has a \".\" or \"..\" component");
        for (char c : part) {
            if (!is_plain_path_char(c))
                throw Error(kAction, "payload \"" + shown(payload) +
                                         "\" has a character AppArmor rules cannot take unquoted (only letters, "
                                         "digits and / . _ - + ~ : are allowed)");
        }
        out += '/';
        out += part;
    }
    return out.empty() ? "/" : out;
}

void check_target(const std::string& target) {
    for (char c : target) {
        if (!is_plain_path_char(c))
            throw Error(kAction, "mount profile target \"" + shown(target) +
                                     "\" has a character AppArmor rules cannot take unquoted (only letters, "
                                     "digits and / . _ - + ~ : are allowed)");
    }
}

}  // namespace

std::string mount_target_rules(const MountProfile& profile) {
    std::string out;
    for (const MountEntry& e : profile.entries) {
        if (e.symlink()) continue;
        check_target(e.target);
        unsigned long flags = e.is_mount() ? e.mounted()->flags() : 0;
        bool read_only = flags & MS_RDONLY;
        bool runnable = read_only && !(flags & MS_NOEXEC);
        if (e.targets_file()) {
            out += "  " + e.target + (runnable ? " mrix,\n" : " r,\n");
            if (!read_only) out += "  owner " + e.target + " wk,\n";
            continue;
        }
        out += "  " + e.target + "/ r,\n";
        out += "  " + e.target + (runnable ? "/** mrix,\n" : "/** r,\n");
        if (!read_only) out += "  owner " + e.target + "/** wkl,\n";
    }
    return out;
}

std::string launcher_profile_file(std::string_view profile_dir) {
    return std::string(profile_dir) + "/usr.bin.cordon";
}

bool launcher_is_confined(std::string_view label, std::string_view mode) {
    return label == kLauncherProfile && (mode == "enforce" || mode == "kill");
}

std::string launcher_not_confined_reason(std::string_view label, std::string_view mode,
                                         std::string_view profile_dir) {
    std::string is = "\"" + std::string(label) + "\"";
    if (!mode.empty()) is += " (" + std::string(mode) + ")";
    return "AppArmor is enabled but cordon is not confined by its profile \"" + std::string(kLauncherProfile) +
           "\" in enforce mode (its label is " + is +
           "), and a setuid root process must not run without it; load the profile as root with "
           "\"apparmor_parser -r " +
           launcher_profile_file(profile_dir) + "\" (or reinstall cordon, which loads it)";
}

std::string app_profile_name(std::string_view app) { return "cordon." + std::string(app); }

std::string render_app_profile(std::string_view tmpl, std::string_view app, std::string_view base,
                               const std::optional<std::string>& payload, std::string_view mount_rules) {
    check_name("app", app);
    check_name("base", base);
    const std::string payload_value = payload ? payload_text(*payload) : std::string();

    std::string out;
    out.reserve(tmpl.size() + 256);
    unsigned line = 1;
    std::size_t i = 0;
    while (i < tmpl.size()) {
        char c = tmpl[i];
        if (c != '@' || i + 1 >= tmpl.size() || tmpl[i + 1] != '{') {
            if (c == '\n') ++line;
            out += c;
            ++i;
            continue;
        }
        // "@{": a placeholder, ending at the next '}' on the same line.
        std::size_t close = i + 2;
        while (close < tmpl.size() && tmpl[close] != '}' && tmpl[close] != '\n') ++close;
        if (close >= tmpl.size() || tmpl[close] != '}')
            throw Error(kAction, "unterminated placeholder \"" + shown(tmpl.substr(i, close - i)) + "\" on line " +
                                     std::to_string(line));
        std::string_view name = tmpl.substr(i + 2, close - i - 2);
        if (name == "APP") {
            out += app;
        } else if (name == "BASE") {
            out += base;
        } else if (name == "PAYLOAD") {
            out += payload_value;
        } else if (name == "MOUNT_RULES") {
            out += mount_rules;
        } else {
            throw Error(kAction, "unknown placeholder @{" + shown(name) + "} on line " + std::to_string(line) +
                                     " (known: @{APP}, @{BASE}, @{PAYLOAD}, @{MOUNT_RULES})");
        }
        i = close + 1;
    }
    return out;
}

}  // namespace cordon

// The app configuration /etc/cordon/apps/APP.conf as data.
//
//   # comment              ('#' starts a comment anywhere, as in APP.seccomp)
//   base = BASE            (required)
//   revision = N           (optional, decimal, default 0)
//   payload = /abs/dir     (optional, bind-mounted read-only at /app)
//   seccomp = default|unconfined    (optional; default: APP.seccomp or the
//                                    shipped template)
//   apparmor = default|unconfined   (optional; default: profile cordon.APP
//                                    where the kernel has AppArmor)
//   capabilities = all|default|NAME[,NAME...]  (optional; what a ROOT caller
//                                    keeps; default: capability_names.h)
//   landlock = on|off               (optional; default on: the Landlock
//                                    layer, core/landlock_policy)
//   landlock-scope = none|abstract-sockets|signals|all  (optional; default
//                                    none; enforced from Landlock ABI 6)
//   proc = host|private   (optional; default host: the host's /proc, bound
//                          rslave; private: a procfs instance of the app's
//                          namespace with hidepid=invisible)
//
// Unknown keys, repeated keys, malformed lines and bad values are errors
// that name the file and the line. This file only parses text; reading the
// file securely is the launcher's job (app/app_loader).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/capability_names.h"
#include "core/error.h"
#include "core/landlock_policy.h"

namespace cordon {

enum class Confine { kDefault, kUnconfined };

// The app's /proc (launcher/root_builder). Part of the namespace, so of
// its identity (core/ns_identity): a change is a rebuild.
enum class ProcView { kHost, kPrivate };

struct AppConfig {
    std::string base;
    std::uint64_t revision = 0;
    std::optional<std::string> payload;
    Confine seccomp = Confine::kDefault;
    Confine apparmor = Confine::kDefault;
    CapMask root_capabilities = default_root_capabilities();
    bool landlock = true;
    LandlockScope landlock_scope = LandlockScope::kNone;
    ProcView proc = ProcView::kHost;
    // "FILE:LINE" of the base and payload lines, for the launcher's errors
    // about what they name.
    std::string base_where, payload_where;
};

// Throws Error("parse FILE:LINE", reason) on the first problem.
AppConfig parse_app_config(std::string_view text, const std::string& filename);

// Every problem of the file, not only the first (cordonctl app check): the
// same rules, line by line, each line's problem an Error as
// parse_app_config throws it. config holds what the good lines set.
struct AppConfigParse {
    AppConfig config;
    std::vector<Error> problems;
};
AppConfigParse lint_app_config(std::string_view text, const std::string& filename);

}  // namespace cordon

// What cordonctl ns list and ns ps say about persisted namespaces, as pure
// functions of facts the commands gather (the record APP.info, what the
// app's config asks for now, the processes inside): the same staleness
// rule the launcher acts on (core/ns_identity staleness), worded for an
// admin.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ns_identity.h"

namespace cordon {

// Whether the next launch joins a namespace or builds a new one.
enum class NsFreshness {
    kCurrent,  // its record matches the config: launches join it
    kStale,    // it does not: rebuilt once no process is left inside
    kUnknown,  // the config cannot be read now: no launch can tell either
    kNone,     // no persisted namespace (ns list --all)
};

// "current", "stale", "unknown", "-".
std::string_view freshness_word(NsFreshness f);

struct NsListFacts {
    std::string app;
    std::optional<std::string> ns;          // "mnt:[N]"; nothing: no persisted namespace
    std::optional<NsIdentity> recorded;     // APP.info, when readable
    bool configured = true;                 // APP.conf exists
    std::optional<NsIdentity> wanted;       // what load_app computes now
    std::string load_problem;               // why wanted is missing, when configured
    std::size_t processes = 0;              // with a task inside
    std::optional<std::int64_t> age_seconds;  // since APP.info was written
};

struct NsListRow {
    std::string app;
    std::string ns;        // "mnt:[N]" or "-"
    std::string base;      // recorded; "?" unreadable record; "-" no namespace
    std::string revision;  // likewise
    NsFreshness freshness = NsFreshness::kNone;
    std::string why;       // stale or unknown: the reason; else empty
    std::optional<std::size_t> processes;     // nothing without a namespace
    std::optional<std::int64_t> age_seconds;  // nothing without a namespace or record
};

NsListRow ns_list_row(const NsListFacts& facts);

// A duration for a person, two units at most: "45s", "12m", "3h05m",
// "2d04h". Negative (a clock set back) reads "0s".
std::string format_age(std::int64_t seconds);

// A process's command as ps shows it: /proc/PID/cmdline's NUL-separated
// arguments joined by spaces (a trailing NUL dropped); a process without
// one (a kernel thread, a zombie) shows its comm in brackets, "[sleep]".
// Control bytes read \xNN: the text is the app user's, the terminal the
// admin's.
std::string command_from_proc(std::string_view cmdline, std::string_view comm);

// The real uid in /proc/PID/status's "Uid:\tREAL\tEFFECTIVE..." line, or
// nothing when there is no such line.
std::optional<uid_t> real_uid_from_status(std::string_view status);

}  // namespace cordon

// How cordon-update-ns --quiet tells the launcher that an entry of the
// app's mount profile could not be applied: a record on its stdout (a
// memfd the launcher reads, os/root_helper), not words on stderr to be
// split again. The launcher shows the helper's Error as its own, action
// and reason intact ("cannot apply FILE:LINE (WHAT): REASON"): the user
// fixes that line, whichever program found it wrong.
//
// The record is "entry-failed", the action and the reason, each ended by a
// NUL: no path or message has one, so nothing in them can move a field.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace cordon {

std::string entry_failure_record(const Error& failure);

// The Error of a record, exactly as written; nothing when `out` is not
// one record (empty, another program's output, cut short, or more).
std::optional<Error> read_entry_failure_record(std::string_view out);

}  // namespace cordon

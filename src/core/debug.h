// Step-by-step output on stderr when CORDON_DEBUG=1. It never changes what
// cordon does, which is why it is the one environment variable the launcher
// reads.
//
// The launcher holds its debug output back while it is privileged: stderr
// is the caller's, and a write to a pipe nobody reads blocks forever, with
// the app's lock held (issue 8, class 2). Lines are kept in memory and
// written by debug_release() after the privilege drop, or before an error
// is reported (after every lock is gone).
#pragma once

#include <string_view>

namespace cordon {

enum class DebugOutput {
    kDirect,  // each line written at once (cordonctl, cordon-update-ns)
    kHeld,    // kept until debug_release() (the setuid launcher)
};

void debug_init_from_env(DebugOutput output = DebugOutput::kDirect);
bool debug_enabled();

// printf-style; prints "cordon: debug: ..." followed by a newline.
void debug(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Adds lines another program printed (cordon-update-ns's debug lines), as
// they are, in order with cordon's own.
void debug_forward(std::string_view lines);

// Writes what was held, and from now on writes each line at once. Call only
// when nothing the caller controls can make the write a problem: no lock
// held (the write may block as long as the reader wants).
void debug_release();

}  // namespace cordon

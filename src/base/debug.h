// Step-by-step output on stderr when CORDON_DEBUG=1. It never changes what
// cordon does, which is why it is the one environment variable the launcher
// reads.
#pragma once

namespace cordon {

void debug_init_from_env();
bool debug_enabled();

// printf-style; prints "cordon: debug: ..." followed by a newline.
void debug(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace cordon

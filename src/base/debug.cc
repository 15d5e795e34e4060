#include "base/debug.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace cordon {

namespace {
bool g_debug = false;
}

void debug_init_from_env() {
    const char* v = std::getenv("CORDON_DEBUG");
    g_debug = v != nullptr && std::strcmp(v, "1") == 0;
    debug("start");
}

bool debug_enabled() { return g_debug; }

void debug(const char* fmt, ...) {
    if (!g_debug) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    // Microseconds since the process started: the cost of each step shows.
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    static const long long start = static_cast<long long>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
    long long us = static_cast<long long>(now.tv_sec) * 1000000 + now.tv_nsec / 1000 - start;
    std::fprintf(stderr, "cordon: debug: [%6lld us] %s\n", us, buf);
}

}  // namespace cordon

#include "base/debug.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cordon {

namespace {
bool g_debug = false;
}

void debug_init_from_env() {
    const char* v = std::getenv("CORDON_DEBUG");
    g_debug = v != nullptr && std::strcmp(v, "1") == 0;
}

bool debug_enabled() { return g_debug; }

void debug(const char* fmt, ...) {
    if (!g_debug) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    std::fprintf(stderr, "cordon: debug: %s\n", buf);
}

}  // namespace cordon

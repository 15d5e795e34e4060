#include "core/debug.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

namespace cordon {

namespace {

bool g_debug = false;
bool g_held = false;
std::string g_pending;
bool g_truncated = false;

// Far more than any launch prints; a bound all the same, since the lines
// of cordon-update-ns are forwarded too.
constexpr std::size_t kMaxHeld = 1024 * 1024;

void write_all(std::string_view text) {
    while (!text.empty()) {
        ssize_t n = write(STDERR_FILENO, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // nothing sensible to do about a broken stderr
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

void emit(std::string_view text) {
    if (!g_held) {
        write_all(text);
        return;
    }
    if (g_pending.size() + text.size() > kMaxHeld) {
        g_truncated = true;
        return;
    }
    g_pending.append(text);
}

}  // namespace

void debug_init_from_env(DebugOutput output) {
    const char* v = std::getenv("CORDON_DEBUG");
    g_debug = v != nullptr && std::strcmp(v, "1") == 0;
    g_held = output == DebugOutput::kHeld;
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
    char line[1100];
    int n = std::snprintf(line, sizeof line, "cordon: debug: [%6lld us] %s\n", us, buf);
    if (n > 0) emit(std::string_view(line, std::min(static_cast<std::size_t>(n), sizeof line - 1)));
}

void debug_forward(std::string_view lines) {
    if (!g_debug || lines.empty()) return;
    emit(lines);
    if (lines.back() != '\n') emit("\n");
}

void debug_release() {
    if (!g_held) return;
    g_held = false;
    std::string pending;
    pending.swap(g_pending);
    write_all(pending);
    if (g_truncated) write_all("cordon: debug: (held output truncated)\n");
    g_truncated = false;
}

}  // namespace cordon

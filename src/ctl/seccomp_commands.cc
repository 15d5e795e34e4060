// cordonctl seccomp compile APP: the app's seccomp filter.
#include <chrono>
#include <cstdio>
#include <string>

#include "app/seccomp_files.h"
#include "core/app_files.h"
#include "ctl/command.h"
#include "seccomp/compiler.h"

namespace cordon::ctl {
namespace {

int seccomp_compile(const Operands& operands) {
    const std::string& app = operands[0];
    require_configured(app, "compile the seccomp filter of " + app);
    auto start = std::chrono::steady_clock::now();
    SeccompSource source = read_seccomp_source(app);
    CompiledSeccomp compiled = compile_seccomp(source);
    store_seccomp_blob(app, compiled.blob);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: compiled %s (%zu rules) into %s: %zu + %zu instructions in %.1f ms\n", app.c_str(),
                source.filename.c_str(), compiled.rules, app_files::seccomp_filter(app).path().c_str(),
                compiled.blob.allow.size(), compiled.blob.deny.size(), ms);
    return 0;
}

constexpr Command kCommands[] = {
    {"seccomp", "compile", "APP", "", takes_app, seccomp_compile, Scope::kCaller},
};

}  // namespace

std::span<const Command> seccomp_commands() { return kCommands; }

}  // namespace cordon::ctl

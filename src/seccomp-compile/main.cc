// cordon-seccomp-compile APP
//
// Compiles APP's seccomp policy (/etc/cordon/apps/APP.seccomp, or the
// default template) into /var/lib/cordon/seccomp/APP.bpf. Installed in
// $(libexecdir)/cordon/ and run by the setuid launcher, as root, when the
// stored filter is missing or stale (launcher/seccomp_filter over
// os/root_helper): the launcher itself never parses a policy nor links
// libseccomp. Not for people: `cordonctl seccomp compile APP` does the same
// and says what it did.
//
// Prints nothing on success. On failure, one line
// "cordon-seccomp-compile: cannot ACTION: REASON" on stderr (the launcher
// repeats it as its own error) and exit status 1; 2 for a usage error.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "core/debug.h"
#include "core/error.h"
#include "core/names.h"
#include "core/program.h"
#include "seccomp/compiler.h"

namespace {

constexpr const char* kProgram = "cordon-seccomp-compile";

void compile(const std::string& app) {
    using namespace cordon;
    // Only root's own: the launcher makes it root through and through.
    if (getuid() != 0 || geteuid() != 0) throw Error("compile the seccomp filter of " + app, "must run as root");
    validate_name("app", app);
    SeccompSource source = read_seccomp_source(app);
    CompiledSeccomp compiled = compile_seccomp(source);
    store_seccomp_blob(app, compiled.blob);
    debug("compiled %s (%zu rules): %zu + %zu instructions", source.filename.c_str(), compiled.rules,
          compiled.blob.allow.size(), compiled.blob.deny.size());
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cordon;
    debug_init_from_env();
    if (argc != 2 || argv[1][0] == '-') {
        std::fprintf(stderr, "usage: %s APP\n", kProgram);
        return kExitUsage;
    }
    try {
        compile(argv[1]);
        return 0;
    } catch (const std::exception& e) {
        return report_failure(kProgram, e, "compile the seccomp filter of", argv[1]);
    }
}

#include "os/seccomp_load.h"

#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/debug.h"
#include "core/error.h"

namespace cordon {

void set_no_new_privs() {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) throw_errno("set no_new_privs");
    debug("set no_new_privs");
}

void load_seccomp_program(const std::vector<sock_filter>& program, const char* what) {
    sock_fprog prog{};
    prog.len = static_cast<unsigned short>(program.size());
    prog.filter = const_cast<sock_filter*>(program.data());
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
        throw_errno(std::string("load seccomp ") + what + " program");
    debug("loaded seccomp %s program (%zu instructions)", what, program.size());
}

bool runs_under_seccomp_filter() { return prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == SECCOMP_MODE_FILTER; }

}  // namespace cordon

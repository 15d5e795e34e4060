// Loading raw seccomp programs with seccomp(2). No libseccomp here: the
// launcher loads a filter compiled earlier (by cordon-seccomp-compile or
// cordonctl: seccomp/compiler, launcher/seccomp_filter).
#pragma once

#include <linux/filter.h>

#include <vector>

namespace cordon {

// prctl(PR_SET_NO_NEW_PRIVS, 1).
void set_no_new_privs();

// seccomp(SECCOMP_SET_MODE_FILTER) of one program. Needs no_new_privs or
// CAP_SYS_ADMIN in the effective set.
void load_seccomp_program(const std::vector<sock_filter>& program, const char* what);

// True when the process runs under a seccomp filter (PR_GET_SECCOMP): read
// before cordon loads one, it is the caller's (core/caller_filter).
bool runs_under_seccomp_filter();

}  // namespace cordon

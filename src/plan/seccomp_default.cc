// The shipped default seccomp template (default_seccomp_template): what
// "@include default" expands to and what an app without
// /etc/cordon/apps/APP.seccomp gets. The text is in plan/seccomp_template.h.
#include "plan/seccomp_policy.h"
#include "plan/seccomp_template.h"

namespace cordon {

std::string_view default_seccomp_template() { return kDefaultSeccompTemplate; }

}  // namespace cordon

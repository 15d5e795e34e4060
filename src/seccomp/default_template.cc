// The shipped default seccomp template (default_seccomp_template): what
// "@include default" expands to and what an app without
// /etc/cordon/apps/APP.seccomp gets. The text is the file
// data/seccomp/default.policy, compiled in (seccomp/template_text.h).
#include "seccomp/policy.h"
#include "seccomp/template_text.h"

namespace cordon {

std::string_view default_seccomp_template() { return kDefaultSeccompTemplate; }

}  // namespace cordon

// cordonctl ns show APP [--json]: the mount tree of APP's namespace with the
// propagation of each mount, the mounts of its applied profile, the leaks
// and the mount budget (cordonctl(8)). Its row is in ns_commands.cc.
#pragma once

#include "ctl/command.h"

namespace cordon::ctl {

bool fits_ns_show(const Operands& operands);  // APP, and --json anywhere
int ns_show(const Operands& operands);        // 1 when a leak or too many mounts is found

}  // namespace cordon::ctl

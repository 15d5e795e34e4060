// cordonctl ns list, ns ps and ns shell: rows of ns_commands.cc's table,
// each in a file of its own (ns_list.cc, ns_ps.cc, ns_shell.cc).
#pragma once

#include <vector>

#include "core/ns_overview.h"
#include "ctl/command.h"

namespace cordon::ctl {

// [--all] [--json]
bool fits_ns_list(const Operands& operands);
int ns_list(const Operands& operands);

// The rows ns list prints (with --all, configured apps without a
// namespace too); doctor judges the namespaces from them.
std::vector<NsListRow> ns_list_rows(bool all);

// APP [--json]
bool fits_ns_ps(const Operands& operands);
int ns_ps(const Operands& operands);

// APP [-u USER] (core/shell_request)
bool fits_ns_shell(const Operands& operands);
int ns_shell(const Operands& operands);

}  // namespace cordon::ctl

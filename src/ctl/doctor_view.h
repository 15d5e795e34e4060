// What cordonctl doctor prints from its checks (core/host_readiness): a
// line a check, its mark coloured green/yellow/red on a terminal, or JSON
// (keys in cordonctl(8)). Pure: unit-tested.
#pragma once

#include <span>
#include <string>

#include "core/host_readiness.h"
#include "ctl/output.h"

namespace cordon::ctl {

// A verdict's colour: ok green, note yellow, bad red (app check too).
Tone verdict_tone(Verdict v);

// "ok    kernel  open_tree  available" (aligned); then a summary line.
std::string doctor_table(std::span<const Check> checks, bool colour);

// {"ok": bool, "checks": [{"section", "name", "status", "detail"}]}; ok is
// false exactly when some status is "bad" (and doctor exits 1).
Json doctor_json(std::span<const Check> checks);

}  // namespace cordon::ctl

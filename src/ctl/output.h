// How cordonctl's commands print: for a person, aligned columns and, on a
// terminal only, colour (NO_COLOR set to anything turns it off,
// no-color.org); for a script, --json: one JSON document on stdout whose
// keys are documented in cordonctl(8) and only ever added to.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ctl/command.h"

namespace cordon::ctl {

using Json = nlohmann::ordered_json;  // keys in the order they are set

// The operands without "--json" (wherever it stands among them);
// json says whether it was there. Commands that take --json call it in
// their `fits` and `run` alike.
struct OutputRequest {
    Operands operands;
    bool json = false;
};
OutputRequest take_json_flag(const Operands& operands);

enum class Tone { kPlain, kGood, kBad, kWarn, kDim };

// Colour for stdout: a terminal, and NO_COLOR unset or empty.
bool stdout_wants_colour();

// text in the tone's colour when colour is on, else text as it is.
std::string paint(std::string_view text, Tone tone, bool colour);

// Rows as columns separated by two spaces, each as wide as its widest
// cell (the last column is not padded). Cells may hold colour: widths
// count what shows.
std::string align_columns(const std::vector<std::vector<std::string>>& rows);

// The document, indented by 2, and a newline.
void print_json(const Json& doc);

}  // namespace cordon::ctl

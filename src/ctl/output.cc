#include "ctl/output.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace cordon::ctl {

namespace {

// The width of what a terminal shows: ANSI colour sequences (ESC [ ... m)
// take none. Only ASCII is printed here (app names, paths, numbers).
std::size_t shown_width(std::string_view cell) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        if (cell[i] == '\033') {
            while (i < cell.size() && cell[i] != 'm') ++i;
            continue;
        }
        ++width;
    }
    return width;
}

const char* colour_code(Tone tone) {
    switch (tone) {
        case Tone::kGood: return "\033[32m";
        case Tone::kBad: return "\033[1;31m";
        case Tone::kWarn: return "\033[33m";
        case Tone::kDim: return "\033[2m";
        case Tone::kPlain: return "";
    }
    return "";
}

}  // namespace

OutputRequest take_json_flag(const Operands& operands) {
    OutputRequest r;
    for (const std::string& word : operands) {
        if (word == "--json")
            r.json = true;
        else
            r.operands.push_back(word);
    }
    return r;
}

bool stdout_wants_colour() {
    const char* no_colour = std::getenv("NO_COLOR");
    if (no_colour && *no_colour) return false;
    return isatty(STDOUT_FILENO) == 1;
}

std::string paint(std::string_view text, Tone tone, bool colour) {
    if (!colour || tone == Tone::kPlain) return std::string(text);
    return std::string(colour_code(tone)).append(text).append("\033[0m");
}

std::string align_columns(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        if (widths.size() < row.size()) widths.resize(row.size(), 0);
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], shown_width(row[c]));
    }
    std::string text;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            line.append(row[c]);
            if (c + 1 < row.size()) line.append(widths[c] - shown_width(row[c]) + 2, ' ');
        }
        text.append(line).append("\n");
    }
    return text;
}

void print_json(const Json& doc) {
    std::string text = doc.dump(2);
    std::fputs(text.append("\n").c_str(), stdout);
}

}  // namespace cordon::ctl

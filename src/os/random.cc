#include "os/random.h"

#include <sys/random.h>

#include <cerrno>
#include <vector>

#include "core/error.h"

namespace cordon {

std::string random_chars(std::size_t count, std::string_view alphabet) {
    std::vector<unsigned char> rnd(count);
    std::size_t got = 0;
    while (got < count) {
        ssize_t n = getrandom(rnd.data() + got, count - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw_errno("read random bytes");
        got += static_cast<std::size_t>(n);
    }
    std::string out;
    out.reserve(count);
    for (unsigned char c : rnd) out += alphabet[c % alphabet.size()];
    return out;
}

}  // namespace cordon

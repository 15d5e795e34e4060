#include "plan/seccomp_blob.h"

#include <cstring>

#include "base/error.h"

namespace cordon {

namespace {

constexpr char kMagic[8] = {'C', 'R', 'D', 'N', 'B', 'P', 'F', '\0'};

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t get_le(std::string_view b, std::size_t off, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[off + static_cast<std::size_t>(i)]);
    return v;
}

void put_program(std::string& out, const std::vector<sock_filter>& prog) {
    for (const sock_filter& f : prog) {
        out.push_back(static_cast<char>(f.code & 0xff));
        out.push_back(static_cast<char>(f.code >> 8));
        out.push_back(static_cast<char>(f.jt));
        out.push_back(static_cast<char>(f.jf));
        put_u32(out, f.k);
    }
}

std::vector<sock_filter> get_program(std::string_view b, std::size_t off, std::size_t count) {
    std::vector<sock_filter> prog(count);
    for (std::size_t i = 0; i < count; ++i, off += sizeof(sock_filter)) {
        prog[i].code = static_cast<std::uint16_t>(get_le(b, off, 2));
        prog[i].jt = static_cast<std::uint8_t>(b[off + 2]);
        prog[i].jf = static_cast<std::uint8_t>(b[off + 3]);
        prog[i].k = static_cast<std::uint32_t>(get_le(b, off + 4, 4));
    }
    return prog;
}

}  // namespace

std::string encode_seccomp_blob(const SeccompBlob& blob) {
    std::string out(kMagic, sizeof kMagic);
    put_u32(out, kBlobVersion);
    put_u32(out, static_cast<std::uint32_t>(blob.allow.size()));
    put_u32(out, static_cast<std::uint32_t>(blob.deny.size()));
    put_u32(out, 0);
    put_u64(out, blob.source_digest);
    put_program(out, blob.allow);
    put_program(out, blob.deny);
    return out;
}

SeccompBlob decode_seccomp_blob(std::string_view b, const std::string& filename) {
    auto bad = [&](const std::string& why) -> Error { return Error("load seccomp filter " + filename, why); };
    if (b.size() < kBlobHeaderSize) throw bad("truncated header (" + std::to_string(b.size()) + " bytes)");
    if (std::memcmp(b.data(), kMagic, sizeof kMagic) != 0) throw bad("bad magic (not a cordon filter)");
    std::uint64_t version = get_le(b, 8, 4);
    if (version != kBlobVersion) throw bad("unsupported version " + std::to_string(version));
    std::uint64_t allow = get_le(b, 12, 4), deny = get_le(b, 16, 4);
    if (get_le(b, 20, 4) != 0) throw bad("reserved header field is not zero");
    if (allow == 0 || deny == 0 || allow > kMaxProgramLength || deny > kMaxProgramLength)
        throw bad("program lengths out of range (" + std::to_string(allow) + ", " + std::to_string(deny) + ")");
    std::size_t want = kBlobHeaderSize + (allow + deny) * sizeof(sock_filter);
    if (b.size() != want)
        throw bad("size " + std::to_string(b.size()) + " does not match the header (" + std::to_string(want) + ")");
    SeccompBlob blob;
    blob.source_digest = get_le(b, 24, 8);
    blob.allow = get_program(b, kBlobHeaderSize, allow);
    blob.deny = get_program(b, kBlobHeaderSize + allow * sizeof(sock_filter), deny);
    return blob;
}

}  // namespace cordon

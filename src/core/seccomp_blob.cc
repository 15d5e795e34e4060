#include "core/seccomp_blob.h"

#include <cstdio>
#include <cstring>

#include "core/error.h"

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
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[off + static_cast<std::size_t>(i)]);
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

bool older(const struct timespec& a, const struct timespec& b) {
    return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

std::string hex(std::uint64_t v) {
    char buf[19];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace

std::string encode_seccomp_blob(const SeccompBlob& blob) {
    std::string out(kMagic, sizeof kMagic);
    put_u32(out, kBlobVersion);
    put_u32(out, static_cast<std::uint32_t>(blob.allow.size()));
    put_u32(out, static_cast<std::uint32_t>(blob.deny.size()));
    put_u32(out, 0);
    put_u64(out, blob.source_digest);
    put_u64(out, blob.template_digest);
    put_program(out, blob.allow);
    put_program(out, blob.deny);
    return out;
}

SeccompBlob decode_seccomp_blob(std::string_view b, const std::string& filename) {
    auto bad = [&](const std::string& why) -> Error { return Error("load seccomp filter " + filename, why); };
    if (b.size() < kBlobV1HeaderSize) throw bad("truncated header (" + std::to_string(b.size()) + " bytes)");
    if (std::memcmp(b.data(), kMagic, sizeof kMagic) != 0) throw bad("bad magic (not a cordon filter)");
    std::uint64_t version = get_le(b, 8, 4);
    if (version != 1 && version != kBlobVersion) throw bad("unsupported version " + std::to_string(version));
    std::size_t header = version == 1 ? kBlobV1HeaderSize : kBlobHeaderSize;
    if (b.size() < header) throw bad("truncated header (" + std::to_string(b.size()) + " bytes)");
    std::uint64_t allow = get_le(b, 12, 4), deny = get_le(b, 16, 4);
    if (get_le(b, 20, 4) != 0) throw bad("reserved header field is not zero");
    if (allow == 0 || deny == 0 || allow > kMaxProgramLength || deny > kMaxProgramLength)
        throw bad("program lengths out of range (" + std::to_string(allow) + ", " + std::to_string(deny) + ")");
    std::size_t want = header + (allow + deny) * sizeof(sock_filter);
    if (b.size() != want)
        throw bad("size " + std::to_string(b.size()) + " does not match the header (" + std::to_string(want) + ")");
    SeccompBlob blob;
    blob.version = static_cast<std::uint32_t>(version);
    blob.source_digest = get_le(b, 24, 8);
    blob.template_digest = version == 1 ? 0 : get_le(b, 32, 8);
    blob.allow = get_program(b, header, allow);
    blob.deny = get_program(b, header + allow * sizeof(sock_filter), deny);
    return blob;
}

std::optional<std::string> seccomp_blob_staleness(const SeccompBlob& stored, const struct timespec& stored_mtime,
                                                  const SeccompSourceFacts& source) {
    if (stored.version != kBlobVersion)
        return "it is in format " + std::to_string(stored.version) + " (an older cordon compiled it)";
    if (stored.template_digest != source.template_digest)
        return "another default template was compiled in (template digest " + hex(stored.template_digest) +
               ", this cordon's " + hex(source.template_digest) + ")";
    if (stored.source_digest != source.digest)
        return "its source changed (digest " + hex(stored.source_digest) + ", now " + hex(source.digest) + ")";
    if (older(stored_mtime, source.mtime)) return "it is older than its source";
    return std::nullopt;
}

}  // namespace cordon

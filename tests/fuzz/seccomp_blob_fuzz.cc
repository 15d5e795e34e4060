// libFuzzer target for the compiled-filter decoder, the one parser of the
// seccomp path left in the setuid launcher (tests/fuzz/build-and-run
// builds and runs it). decode_seccomp_blob must either return a blob that
// satisfies the invariants below or throw cordon::Error; any other
// exception, a crash, a sanitizer report or a broken invariant is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/seccomp_blob.h"

namespace {

[[noreturn]] void broken(const char* what) {
    std::fprintf(stderr, "seccomp_blob_fuzz: invariant broken: %s\n", what);
    std::abort();
}

bool same_programs(const cordon::SeccompBlob& a, const cordon::SeccompBlob& b) {
    auto eq = [](const std::vector<sock_filter>& x, const std::vector<sock_filter>& y) {
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (x[i].code != y[i].code || x[i].jt != y[i].jt || x[i].jf != y[i].jf || x[i].k != y[i].k) return false;
        return true;
    };
    return eq(a.allow, b.allow) && eq(a.deny, b.deny);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::string filename = "/fuzz.bpf";
    try {
        cordon::SeccompBlob blob = cordon::decode_seccomp_blob(bytes, filename);
        if (blob.version != 1 && blob.version != cordon::kBlobVersion) broken("unknown version accepted");
        if (blob.allow.empty() || blob.deny.empty()) broken("empty program accepted");
        if (blob.allow.size() > cordon::kMaxProgramLength || blob.deny.size() > cordon::kMaxProgramLength)
            broken("program longer than the kernel's limit accepted");
        std::size_t header = blob.version == 1 ? cordon::kBlobV1HeaderSize : cordon::kBlobHeaderSize;
        if (size != header + (blob.allow.size() + blob.deny.size()) * sizeof(sock_filter))
            broken("size does not add up");
        // What decodes encodes back to the same bytes (format 2) and the
        // same blob.
        std::string again = cordon::encode_seccomp_blob(blob);
        if (blob.version == cordon::kBlobVersion && again != bytes) broken("format 2 does not round-trip");
        cordon::SeccompBlob back = cordon::decode_seccomp_blob(again, filename);
        if (back.source_digest != blob.source_digest || back.template_digest != blob.template_digest ||
            !same_programs(back, blob))
            broken("re-encoded blob differs");
        cordon::SeccompSourceFacts facts;
        (void)cordon::seccomp_blob_staleness(blob, {}, facts);
    } catch (const cordon::Error& e) {
        if (e.action() != "load seccomp filter " + filename) broken("error names another file");
        if (e.reason().empty()) broken("error without a reason");
    }
    return 0;
}

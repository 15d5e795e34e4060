#include "plan/seccomp_blob.h"

#include <gtest/gtest.h>
#include <linux/filter.h>

#include "base/error.h"

namespace cordon {
namespace {

SeccompBlob sample() {
    SeccompBlob b;
    b.source_digest = 0x1122334455667788ULL;
    b.allow = {{BPF_LD | BPF_W | BPF_ABS, 0, 0, 4}, {BPF_RET | BPF_K, 0, 0, 0x7fff0000}};
    b.deny = {{BPF_RET | BPF_K, 1, 2, 0x00050001}};
    return b;
}

bool same(const std::vector<sock_filter>& a, const std::vector<sock_filter>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].code != b[i].code || a[i].jt != b[i].jt || a[i].jf != b[i].jf || a[i].k != b[i].k) return false;
    return true;
}

std::string error_of(std::string_view bytes) {
    try {
        decode_seccomp_blob(bytes, "/x.bpf");
    } catch (const Error& e) {
        EXPECT_EQ(e.action(), "load seccomp filter /x.bpf");
        return e.reason();
    }
    return "";
}

TEST(SeccompBlob, RoundTrip) {
    std::string bytes = encode_seccomp_blob(sample());
    ASSERT_EQ(bytes.size(), kBlobHeaderSize + 3 * sizeof(sock_filter));
    SeccompBlob back = decode_seccomp_blob(bytes, "/x.bpf");
    EXPECT_EQ(back.source_digest, 0x1122334455667788ULL);
    EXPECT_TRUE(same(back.allow, sample().allow));
    EXPECT_TRUE(same(back.deny, sample().deny));
}

TEST(SeccompBlob, LayoutIsLittleEndianAndDocumented) {
    std::string b = encode_seccomp_blob(sample());
    EXPECT_EQ(b.substr(0, 8), std::string("CRDNBPF\0", 8));
    EXPECT_EQ(static_cast<unsigned char>(b[8]), 1);   // version
    EXPECT_EQ(static_cast<unsigned char>(b[12]), 2);  // allow length
    EXPECT_EQ(static_cast<unsigned char>(b[16]), 1);  // deny length
    EXPECT_EQ(static_cast<unsigned char>(b[24]), 0x88);
    EXPECT_EQ(static_cast<unsigned char>(b[31]), 0x11);
}

TEST(SeccompBlob, RejectsTruncatedHeader) {
    std::string b = encode_seccomp_blob(sample());
    EXPECT_NE(error_of(b.substr(0, 10)).find("truncated"), std::string::npos);
    EXPECT_NE(error_of("").find("truncated"), std::string::npos);
}

TEST(SeccompBlob, RejectsBadMagicAndVersion) {
    std::string b = encode_seccomp_blob(sample());
    std::string m = b;
    m[0] = 'X';
    EXPECT_NE(error_of(m).find("magic"), std::string::npos);
    std::string v = b;
    v[8] = 2;
    EXPECT_NE(error_of(v).find("version"), std::string::npos);
    std::string r = b;
    r[20] = 1;
    EXPECT_NE(error_of(r).find("reserved"), std::string::npos);
}

TEST(SeccompBlob, RejectsLengthMismatch) {
    std::string b = encode_seccomp_blob(sample());
    EXPECT_NE(error_of(b.substr(0, b.size() - 1)).find("does not match"), std::string::npos);
    EXPECT_NE(error_of(b + std::string(8, '\0')).find("does not match"), std::string::npos);
    std::string l = b;
    l[12] = 3;  // claims one more allow instruction than present
    EXPECT_NE(error_of(l).find("does not match"), std::string::npos);
}

TEST(SeccompBlob, RejectsEmptyOrHugePrograms) {
    SeccompBlob e = sample();
    e.deny.clear();
    EXPECT_NE(error_of(encode_seccomp_blob(e)).find("out of range"), std::string::npos);
    std::string h = encode_seccomp_blob(sample());
    h[13] = 0x10;  // allow length 4098
    EXPECT_NE(error_of(h).find("out of range"), std::string::npos);
}

}  // namespace
}  // namespace cordon

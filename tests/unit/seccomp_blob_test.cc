#include "core/seccomp_blob.h"

#include <gtest/gtest.h>
#include <linux/filter.h>

#include "core/error.h"

namespace cordon {
namespace {

SeccompBlob sample() {
    SeccompBlob b;
    b.source_digest = 0x1122334455667788ULL;
    b.template_digest = 0x99aabbccddeeff00ULL;
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
    EXPECT_EQ(back.version, 2u);
    EXPECT_EQ(back.source_digest, 0x1122334455667788ULL);
    EXPECT_EQ(back.template_digest, 0x99aabbccddeeff00ULL);
    EXPECT_TRUE(same(back.allow, sample().allow));
    EXPECT_TRUE(same(back.deny, sample().deny));
}

TEST(SeccompBlob, LayoutIsLittleEndianAndDocumented) {
    std::string b = encode_seccomp_blob(sample());
    EXPECT_EQ(b.substr(0, 8), std::string("CRDNBPF\0", 8));
    EXPECT_EQ(static_cast<unsigned char>(b[8]), 2);   // version
    EXPECT_EQ(static_cast<unsigned char>(b[12]), 2);  // allow length
    EXPECT_EQ(static_cast<unsigned char>(b[16]), 1);  // deny length
    EXPECT_EQ(static_cast<unsigned char>(b[24]), 0x88);
    EXPECT_EQ(static_cast<unsigned char>(b[31]), 0x11);
    EXPECT_EQ(static_cast<unsigned char>(b[32]), 0x00);  // template digest
    EXPECT_EQ(static_cast<unsigned char>(b[39]), 0x99);
    EXPECT_EQ(kBlobHeaderSize, 40u);
}

// Format 1: the 32-byte header without the template digest, as cordon 0.1
// wrote it. Still read (and then always stale, see below).
std::string v1_bytes() {
    std::string v2 = encode_seccomp_blob(sample());
    std::string v1 = v2.substr(0, 32) + v2.substr(40);
    v1[8] = 1;
    return v1;
}

TEST(SeccompBlob, ReadsFormatOne) {
    SeccompBlob back = decode_seccomp_blob(v1_bytes(), "/x.bpf");
    EXPECT_EQ(back.version, 1u);
    EXPECT_EQ(back.source_digest, 0x1122334455667788ULL);
    EXPECT_EQ(back.template_digest, 0u);
    EXPECT_TRUE(same(back.allow, sample().allow));
    EXPECT_TRUE(same(back.deny, sample().deny));
    // A format-2 file labelled 1 (or the reverse) does not add up.
    std::string relabelled = encode_seccomp_blob(sample());
    relabelled[8] = 1;
    EXPECT_NE(error_of(relabelled).find("does not match"), std::string::npos);
    std::string v1 = v1_bytes();
    v1[8] = 2;
    EXPECT_NE(error_of(v1).find("does not match"), std::string::npos);
}

TEST(SeccompBlob, EncodeAlwaysWritesTheCurrentFormat) {
    SeccompBlob old = decode_seccomp_blob(v1_bytes(), "/x.bpf");
    EXPECT_EQ(decode_seccomp_blob(encode_seccomp_blob(old), "/x.bpf").version, kBlobVersion);
}

TEST(SeccompBlob, RejectsTruncatedHeader) {
    std::string b = encode_seccomp_blob(sample());
    EXPECT_NE(error_of(b.substr(0, 10)).find("truncated"), std::string::npos);
    // Long enough for format 1's header, not for format 2's.
    EXPECT_NE(error_of(b.substr(0, 36)).find("truncated"), std::string::npos);
    EXPECT_NE(error_of("").find("truncated"), std::string::npos);
}

TEST(SeccompBlob, RejectsBadMagicAndVersion) {
    std::string b = encode_seccomp_blob(sample());
    std::string m = b;
    m[0] = 'X';
    EXPECT_NE(error_of(m).find("magic"), std::string::npos);
    for (char version : {0, 3, 9}) {
        std::string v = b;
        v[8] = version;
        EXPECT_NE(error_of(v).find("unsupported version"), std::string::npos) << int(version);
    }
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

// --- when a stored filter must be compiled again

struct timespec at(long sec, long nsec = 0) {
    struct timespec t {};
    t.tv_sec = sec;
    t.tv_nsec = nsec;
    return t;
}

SeccompSourceFacts facts_of(const SeccompBlob& b, struct timespec mtime = at(100)) {
    SeccompSourceFacts f;
    f.digest = b.source_digest;
    f.template_digest = b.template_digest;
    f.mtime = mtime;
    return f;
}

TEST(SeccompBlobStaleness, CurrentWhenEverythingMatches) {
    SeccompBlob b = sample();
    EXPECT_FALSE(seccomp_blob_staleness(b, at(100), facts_of(b)));    // same time
    EXPECT_FALSE(seccomp_blob_staleness(b, at(200), facts_of(b)));    // newer
    EXPECT_FALSE(seccomp_blob_staleness(b, at(5), facts_of(b, at(0))));  // no policy file: no time
}

TEST(SeccompBlobStaleness, SourceDigestDiffers) {
    SeccompBlob b = sample();
    SeccompSourceFacts f = facts_of(b);
    f.digest ^= 1;
    auto why = seccomp_blob_staleness(b, at(200), f);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("source changed"), std::string::npos) << *why;
}

TEST(SeccompBlobStaleness, OlderThanItsSource) {
    SeccompBlob b = sample();
    auto why = seccomp_blob_staleness(b, at(100, 0), facts_of(b, at(100, 1)));
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("older"), std::string::npos) << *why;
    EXPECT_TRUE(seccomp_blob_staleness(b, at(99, 999999999), facts_of(b, at(100))));
}

TEST(SeccompBlobStaleness, AnotherDefaultTemplate) {
    // A policy's "@include default" expands the compiler's template: same
    // policy bytes, other filter.
    SeccompBlob b = sample();
    SeccompSourceFacts f = facts_of(b);
    f.template_digest ^= 1;
    auto why = seccomp_blob_staleness(b, at(200), f);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("template"), std::string::npos) << *why;
}

TEST(SeccompBlobStaleness, FormatOneIsAlwaysStale) {
    SeccompBlob b = decode_seccomp_blob(v1_bytes(), "/x.bpf");
    SeccompSourceFacts f = facts_of(b);
    f.template_digest = 0;  // even if every other field agreed
    auto why = seccomp_blob_staleness(b, at(200), f);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("format 1"), std::string::npos) << *why;
}

TEST(SeccompBlobDigest, IsFnv1aAndAConstantExpression) {
    static_assert(policy_digest("") == 0xcbf29ce484222325ULL);
    static_assert(policy_digest("a") == 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(policy_digest("foobar"), 0x85944171f73967e8ULL);
}

}  // namespace
}  // namespace cordon

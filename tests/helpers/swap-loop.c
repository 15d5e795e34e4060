/* swap-loop: atomically exchanges pairs of paths, over and over, until told
 * to stop: the attacker's half of a symlink race (a directory and a symlink
 * trading places on a mount point path while a privileged process walks
 * it).
 *
 *   swap-loop STOPFILE REPORT PATH-A PATH-B [PATH-A PATH-B]...
 *
 * Each round exchanges every pair once with renameat2(RENAME_EXCHANGE), so
 * that something is always at both paths.  A failed exchange (EBUSY once
 * one of them has become a mount point, ...) is counted and the loop goes
 * on.  Before checking STOPFILE, the loop also makes sure every PATH-A ends
 * up as it started (an even number of successful exchanges per pair), so a
 * test knows what is where afterwards.  After the first round it creates
 * REPORT.ready; at the end it writes REPORT:
 *
 *   rounds N
 *   swapped PATH-A PATH-B COUNT
 *   failed PATH-A PATH-B ERRNAME COUNT   (first error name seen for the pair)
 *   restored yes|no                       (every pair back where it started)
 *
 * Exit status 0 when it ran, 2 on a usage error, 1 when REPORT could not be
 * written.  Built static, so it runs in a busybox base.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PAIRS 8

struct pair {
    const char *a, *b;
    unsigned long swapped, failed;
    int first_error;
};

static int exchange(struct pair *p) {
    if (renameat2(AT_FDCWD, p->a, AT_FDCWD, p->b, RENAME_EXCHANGE) == 0) {
        p->swapped++;
        return 0;
    }
    if (!p->first_error) p->first_error = errno;
    p->failed++;
    return -1;
}

int main(int argc, char **argv) {
    if (argc < 5 || (argc - 3) % 2 != 0 || (argc - 3) / 2 > MAX_PAIRS) {
        fprintf(stderr, "usage: swap-loop STOPFILE REPORT PATH-A PATH-B [PATH-A PATH-B]...\n");
        return 2;
    }
    const char *stop = argv[1], *report = argv[2];
    struct pair pairs[MAX_PAIRS];
    int n = (argc - 3) / 2;
    for (int i = 0; i < n; i++) pairs[i] = (struct pair){argv[3 + 2 * i], argv[4 + 2 * i], 0, 0, 0};

    unsigned long rounds = 0;
    char path[4200];
    for (;;) {
        for (int i = 0; i < n; i++) exchange(&pairs[i]);
        rounds++;
        if (rounds == 1) {
            snprintf(path, sizeof path, "%s.ready", report);
            int r = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (r >= 0) close(r);
        }
        /* Only stop with every pair as it started. */
        int odd = 0;
        for (int i = 0; i < n; i++) odd |= pairs[i].swapped % 2;
        if (!odd && access(stop, F_OK) == 0) break;
        if (odd && access(stop, F_OK) == 0) {
            /* Put back the pairs still swapped; give up after a while. */
            for (int tries = 0; tries < 1000; tries++) {
                odd = 0;
                for (int i = 0; i < n; i++)
                    if (pairs[i].swapped % 2) odd |= exchange(&pairs[i]) != 0;
                if (!odd) break;
                usleep(1000);
            }
            break;
        }
    }

    int restored = 1;
    for (int i = 0; i < n; i++) restored &= pairs[i].swapped % 2 == 0;
    snprintf(path, sizeof path, "%s.tmp", report);
    FILE *out = fopen(path, "w");
    if (!out) {
        fprintf(stderr, "swap-loop: %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(out, "rounds %lu\n", rounds);
    for (int i = 0; i < n; i++) {
        fprintf(out, "swapped %s %s %lu\n", pairs[i].a, pairs[i].b, pairs[i].swapped);
        if (pairs[i].failed) {
            const char *name = strerrorname_np(pairs[i].first_error);
            fprintf(out, "failed %s %s %s %lu\n", pairs[i].a, pairs[i].b, name ? name : "E?", pairs[i].failed);
        }
    }
    fprintf(out, "restored %s\n", restored ? "yes" : "no");
    if (fclose(out) != 0 || rename(path, report) != 0) {
        fprintf(stderr, "swap-loop: writing %s: %s\n", report, strerror(errno));
        return 1;
    }
    return 0;
}

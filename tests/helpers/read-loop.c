/* read-loop: reads a file by its path, over and over, until told to stop,
 * and reports what every read saw: a mount being replaced under it must
 * never make the file (or its directory's entries) disappear.
 *
 *   read-loop FILE STOPFILE REPORT
 *
 * FILE is opened once at the start and kept open (the "held" fd); then, in
 * a loop until STOPFILE exists: open FILE by its path, read it (up to 255
 * bytes, trailing newline dropped), close it; and list FILE's directory
 * (by path) counting its entries other than . and ..  After the first
 * successful read it creates REPORT.ready.  At the end it reads the held
 * fd again (pread at offset 0) and writes REPORT (atomically: REPORT.tmp,
 * then rename), one fact a line:
 *
 *   reads N                total iterations
 *   value CONTENT COUNT    reads that returned CONTENT (one line per distinct
 *                          content, at most 16 kept, in order of first sight)
 *   error ERRNAME COUNT    failed opens or reads, by errno name (ENOENT, ...)
 *   empty-dir COUNT        listings that found no entry
 *   dir-error ERRNAME COUNT  failed listings
 *   held CONTENT           what the fd opened at the start reads at the end
 *                          ("held-error ERRNAME" if that failed)
 *
 * Exit status 0 when it ran, 2 on a usage error, 1 when it could not
 * start (FILE unreadable at the start) or write REPORT.  Built static, so
 * it runs in a busybox base.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_KINDS 16

struct tally {
    char what[256];
    unsigned long count;
};

static void count(struct tally *t, size_t *n, const char *what) {
    for (size_t i = 0; i < *n; i++) {
        if (strcmp(t[i].what, what) == 0) {
            t[i].count++;
            return;
        }
    }
    if (*n < MAX_KINDS) {
        snprintf(t[*n].what, sizeof t[*n].what, "%s", what);
        t[*n].count = 1;
        (*n)++;
    }
}

static const char *errname(int e) {
    const char *name = strerrorname_np(e);
    return name ? name : "E?";
}

/* Reads up to 255 bytes at offset 0 into buf, without the trailing
 * newline.  Returns 0 or an errno value. */
static int read_content(int fd, char *buf, size_t size) {
    ssize_t len = pread(fd, buf, size - 1, 0);
    if (len < 0) return errno;
    buf[len] = '\0';
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) buf[--len] = '\0';
    for (ssize_t i = 0; i < len; i++)
        if (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t') buf[i] = '_';
    if (len == 0) snprintf(buf, size, "(empty)");
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: read-loop FILE STOPFILE REPORT\n");
        return 2;
    }
    const char *file = argv[1], *stop = argv[2], *report = argv[3];
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", file);
    dirname(dir);

    int held = open(file, O_RDONLY | O_CLOEXEC);
    if (held < 0) {
        fprintf(stderr, "read-loop: open %s: %s\n", file, strerror(errno));
        return 1;
    }

    static struct tally values[MAX_KINDS], errors[MAX_KINDS], dir_errors[MAX_KINDS];
    size_t n_values = 0, n_errors = 0, n_dir_errors = 0;
    unsigned long reads = 0, empty_dir = 0;
    int ready = 0;
    char buf[256], path[4200];

    while (access(stop, F_OK) != 0) {
        reads++;
        int fd = open(file, O_RDONLY | O_CLOEXEC);
        int err = fd < 0 ? errno : read_content(fd, buf, sizeof buf);
        if (fd >= 0) close(fd);
        if (err) {
            count(errors, &n_errors, errname(err));
        } else {
            count(values, &n_values, buf);
            if (!ready) {
                snprintf(path, sizeof path, "%s.ready", report);
                int r = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                if (r >= 0) close(r);
                ready = 1;
            }
        }

        DIR *d = opendir(dir);
        if (!d) {
            count(dir_errors, &n_dir_errors, errname(errno));
            continue;
        }
        unsigned long entries = 0;
        struct dirent *de;
        errno = 0;
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) entries++;
        }
        if (errno) count(dir_errors, &n_dir_errors, errname(errno));
        else if (entries == 0) empty_dir++;
        closedir(d);
    }

    snprintf(path, sizeof path, "%s.tmp", report);
    FILE *out = fopen(path, "w");
    if (!out) {
        fprintf(stderr, "read-loop: %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(out, "reads %lu\n", reads);
    for (size_t i = 0; i < n_values; i++) fprintf(out, "value %s %lu\n", values[i].what, values[i].count);
    for (size_t i = 0; i < n_errors; i++) fprintf(out, "error %s %lu\n", errors[i].what, errors[i].count);
    fprintf(out, "empty-dir %lu\n", empty_dir);
    for (size_t i = 0; i < n_dir_errors; i++)
        fprintf(out, "dir-error %s %lu\n", dir_errors[i].what, dir_errors[i].count);
    int err = read_content(held, buf, sizeof buf);
    if (err) fprintf(out, "held-error %s\n", errname(err));
    else fprintf(out, "held %s\n", buf);
    if (fclose(out) != 0 || rename(path, report) != 0) {
        fprintf(stderr, "read-loop: writing %s: %s\n", report, strerror(errno));
        return 1;
    }
    return 0;
}

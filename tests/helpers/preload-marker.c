/* preload-marker.so: an LD_PRELOAD library whose constructor appends a line
 * "loaded into PID EXE" to the file named by $MARKER_FILE (if set), so a
 * test can tell whether any process loaded it.
 *
 *   gcc -shared -fPIC -O2 -o preload-marker.so preload-marker.c
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void preload_marker(void) {
    const char *file = getenv("MARKER_FILE");
    if (!file || !*file) return;
    char exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n < 0) n = 0;
    exe[n] = '\0';
    int fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    char line[640];
    int len = snprintf(line, sizeof line, "loaded into %ld %s (uid %u euid %u)\n", (long)getpid(),
                       exe, (unsigned)getuid(), (unsigned)geteuid());
    if (len > 0) (void)!write(fd, line, (size_t)len);
    close(fd);
}

/* leader-exit: a process whose thread-group leader has exited while
 * another thread goes on: /proc/PID/ns/mnt is then unreadable (the
 * leader is a zombie) although the process still lives in its namespace.
 *
 *   leader-exit READYFILE SECONDS
 *
 * The second thread creates READYFILE once the leader is gone, then
 * sleeps SECONDS and ends the process.  Built static (no libpthread in a
 * busybox base).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *ready;
static int seconds;
static pid_t leader;

static void *worker(void *arg) {
    (void)arg;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", leader, leader);
    /* Wait until the leader has exited: its task entry is a zombie. */
    for (int i = 0; i < 1000; ++i) {
        char buf[512] = {0};
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t n = read(fd, buf, sizeof buf - 1);
            close(fd);
            char *end = n > 0 ? strrchr(buf, ')') : NULL;
            if (end && end[1] == ' ' && end[2] == 'Z') break;
        }
        usleep(10000);
    }
    int fd = open(ready, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) _exit(1);
    close(fd);
    sleep((unsigned)seconds);
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: leader-exit READYFILE SECONDS\n");
        return 2;
    }
    ready = argv[1];
    seconds = atoi(argv[2]);
    leader = getpid();
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) != 0) return 1;
    /* Only this thread exits; the process lives on in the worker. */
    syscall(SYS_exit, 0);
    return 0;
}

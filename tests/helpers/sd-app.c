/* sd-app: a stand-in for a service run under cordon by systemd.  Built
 * static, so it runs in a busybox base.
 *
 *   sd-app serve
 *       Socket activation: for each of the LISTEN_FDS descriptors from fd 3
 *       on, in order, accepts one connection and writes to it one line
 *           fd=FD listen-pid=ok|PID listen-fds=N uid=UID cwd=CWD ns=mnt:[INODE]
 *       ("ok" when LISTEN_PID is its own pid, as sd_listen_fds() wants),
 *       then exits 0 (1 when an fd is not a listening socket).
 *   sd-app notify
 *       Type=notify: sends "READY=1\nSTATUS=uid=UID cwd=CWD ns=mnt:[INODE]"
 *       to $NOTIFY_SOCKET (a path, or @ for the abstract namespace), then
 *       sleeps until killed.  Exits 1 when that fails.
 *   sd-app connect PATH|127.0.0.1:PORT
 *       Connects to the unix stream socket PATH, or to PORT on the
 *       loopback, and copies what it reads to stdout.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <unistd.h>

static void facts(char *buf, size_t size) {
    char ns[64] = "?", cwd[512] = "?";
    ssize_t n = readlink("/proc/self/ns/mnt", ns, sizeof ns - 1);
    ns[n > 0 ? n : 1] = '\0';
    if (getcwd(cwd, sizeof cwd) == NULL) strcpy(cwd, "?");
    snprintf(buf, size, "uid=%u cwd=%s ns=%s", (unsigned)getuid(), cwd, ns);
}

static int serve(void) {
    const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
    char line[1024], f[700], pidword[32];
    int count = fds ? atoi(fds) : 0;
    if (pid && strtoul(pid, NULL, 10) == (unsigned long)getpid())
        strcpy(pidword, "ok");
    else
        snprintf(pidword, sizeof pidword, "%s", pid ? pid : "unset");
    if (count < 1) count = 1; /* try fd 3 anyway, and say so */
    for (int fd = 3; fd < 3 + count; fd++) {
        int conn = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
        if (conn < 0) {
            fprintf(stderr, "sd-app: accept on fd %d: %s\n", fd, strerror(errno));
            return 1;
        }
        facts(f, sizeof f);
        int n = snprintf(line, sizeof line, "fd=%d listen-pid=%s listen-fds=%s %s\n", fd, pidword,
                         fds ? fds : "unset", f);
        if (write(conn, line, (size_t)n) != n) return 1;
        close(conn);
    }
    return 0;
}

static int notify(void) {
    const char *path = getenv("NOTIFY_SOCKET");
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    char msg[800], f[700];
    if (!path || !*path || strlen(path) >= sizeof sa.sun_path) {
        fprintf(stderr, "sd-app: NOTIFY_SOCKET unset or too long\n");
        return 1;
    }
    strcpy(sa.sun_path, path);
    if (sa.sun_path[0] == '@') sa.sun_path[0] = '\0';
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    facts(f, sizeof f);
    int n = snprintf(msg, sizeof msg, "READY=1\nSTATUS=%s", f);
    if (s < 0 || sendto(s, msg, (size_t)n, 0, (struct sockaddr *)&sa, len) != n) {
        perror("sd-app: send to NOTIFY_SOCKET");
        return 1;
    }
    close(s);
    for (;;) pause();
}

/* PATH, or 127.0.0.1:PORT */
static int connect_to(const char *where) {
    char buf[4096];
    ssize_t n;
    const char *colon = strchr(where, ':');
    int s;
    if (colon) {
        struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(colon + 1))};
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0 || connect(s, (struct sockaddr *)&sin, sizeof sin) != 0) {
            perror("sd-app: connect");
            return 1;
        }
    } else {
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        snprintf(sa.sun_path, sizeof sa.sun_path, "%s", where);
        s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) != 0) {
            perror("sd-app: connect");
            return 1;
        }
    }
    while ((n = read(s, buf, sizeof buf)) > 0)
        if (write(1, buf, (size_t)n) != n) return 1;
    return n < 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "serve") == 0) return serve();
    if (argc == 2 && strcmp(argv[1], "notify") == 0) return notify();
    if (argc == 3 && strcmp(argv[1], "connect") == 0) return connect_to(argv[2]);
    fprintf(stderr, "usage: sd-app serve | notify | connect PATH\n");
    return 2;
}

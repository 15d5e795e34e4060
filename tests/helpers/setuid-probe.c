/* setuid-probe: prints the process's user ids and effective capabilities,
 *
 *   ruid=R euid=E suid=S capeff=HEX
 *
 * Installed root-owned mode 4755 (or with file capabilities) it shows
 * whether executing it gained privileges: on a normal mount run by a user,
 * euid=0; on a nosuid mount (or under no_new_privs) euid stays the user's
 * and capeff stays 0.  Built static, so it runs in a busybox base.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    uid_t r, e, s;
    if (getresuid(&r, &e, &s) != 0) {
        perror("setuid-probe: getresuid");
        return 1;
    }
    char capeff[64] = "?";
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            if (sscanf(line, "CapEff: %63s", capeff) == 1) break;
        }
        fclose(f);
    }
    printf("ruid=%u euid=%u suid=%u capeff=%s\n", (unsigned)r, (unsigned)e, (unsigned)s, capeff);
    return 0;
}

# shellcheck shell=bash
# spread/lib/task-files.sh -- the one list of the t-* paths spread tasks
# may make in the machine's shared places; every task removes what it made
# of them.  Sourced by spread/run-local, which compares the list before and
# after each task, and by spread.yaml's restore-each, which wants it empty.

# task_files: those of the paths that exist, sorted, one a line.
task_files() {
    {
        ls -d /etc/cordon/apps/t-* /var/lib/cordon/bases/t-* \
            /var/lib/cordon/seccomp/t-* /var/lib/cordon/seccomp/.t-* \
            /tmp/cordon-private/t-* /run/cordon/ns/t-* /media/t-* /run/t-* \
            /mnt/t-* /opt/t-* /var/tmp/t-* /etc/apparmor.d/cordon.t-* 2> /dev/null || true
    } | sort
}

#!/bin/bash
# spread/vm/job.sh: runs in the guest, as root, from cordon-vm-job.service,
# with the 9p share (spread/run-vm's job directory) as working directory.
# Installs cordon (cordon.deb with apt-get, as an admin would, or
# cordon.tar, a DESTDIR with prefix /usr/local), unpacks
# the repository (src.tar), runs spread/run-local on the tasks named in
# ./tasks and writes into out/: summary.txt (run-local's output),
# spread-logs/ (its per-task logs), denials.txt (the kernel's AppArmor
# DENIED lines), kernel.log, aa-status.txt.  Exits with run-local's status.
set -u
out=$PWD/out
mkdir -p "$out"
echo "guest kernel: $(uname -r)"

if [ -f cordon.deb ]; then
    # The package's dependencies are in the image (the guest has no
    # network); its postinst loads the AppArmor profiles and runs
    # systemd-tmpfiles.  The package-lifecycle task reinstalls it from here.
    cp cordon.deb /root/cordon.deb
    debs=(/root/cordon.deb)
    if [ -f cordon-dbgsym.deb ]; then
        cp cordon-dbgsym.deb /root/cordon-dbgsym.deb
        debs+=(/root/cordon-dbgsym.deb)
        export CORDON_DBGSYM_DEB=/root/cordon-dbgsym.deb
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${debs[@]}" > "$out/apt-install.log" 2>&1 ||
        { cat "$out/apt-install.log"; echo "job: apt-get install cordon.deb failed" | tee "$out/summary.txt"; exit 1; }
    export CORDON_DEB=/root/cordon.deb
    ls -l /usr/bin/cordon
else
    # -p keeps modes (the setuid bit), root keeps owners.
    tar -C / -xpf cordon.tar
    ldconfig
    ls -l /usr/local/bin/cordon
fi

# The tests' own tools (spread/vm/test-tools, fetched by run-vm).
if compgen -G "test-tools/*.deb" > /dev/null; then
    dpkg -i test-tools/*.deb > "$out/test-tools.log" 2>&1 ||
        { cat "$out/test-tools.log"; echo "job: installing the test tools failed" | tee "$out/summary.txt"; exit 1; }
fi

src=/root/cordon-src
rm -rf "$src"
mkdir -p "$src"
tar -C "$src" -xf src.tar

# cordon refuses non-root launches when AppArmor is enabled and its own
# profile is not loaded in enforce mode: load the installed profiles, as
# `make install` into the running system does (the package's postinst
# has done it).
if [ ! -f cordon.deb ] && aa-enabled -q 2> /dev/null; then
    for p in /etc/apparmor.d/usr.bin.cordon /etc/apparmor.d/usr.libexec.cordon.cordon-update-ns; do
        apparmor_parser -r "$p" || echo "job: apparmor_parser -r $p failed: $?"
    done
fi
aa-status > "$out/aa-status.txt" 2>&1 || true

# systemd's timers (systemd-tmpfiles-clean 15 min after boot, man-db,
# apt, logrotate...) start services that mount their credentials under
# /run/credentials: a task that checks the host's mount table saw one
# appear.  The guest lives for one job: none of them is needed.
systemctl list-units --type=timer --plain --no-legend 2> /dev/null | awk '{ print $1 }' |
    xargs -r systemctl stop 2> /dev/null || true

tasks=()
while read -r t; do [ -n "$t" ] && tasks+=("$t"); done < tasks
export TMPDIR=/var/tmp/cordon-vm-spread
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
rc=0
# A debootstrapped Debian base, built and cached on the host (the guest has
# no network), for the tasks that run programs from one.
if [ -f debian-base.tar ]; then
    export CORDON_DEBIAN_BASE_TARBALL=$PWD/debian-base.tar
fi
# The guest is disposable and a real systemd host: the tasks run in its
# init mount namespace, as spread runs them, not each in a namespace of its
# own (cordon would leave those for pid 1's anyway).
# Test helpers compiled before (on the host, or by an earlier guest).
[ -d helpers ] && export CORDON_HELPER_CACHE=$PWD/helpers
# App profiles compiled before, by content (an earlier guest of this image).
[ -d aa-policy ] && export CORDON_AA_POLICY_CACHE=$PWD/aa-policy
# The guest is emulated (TCG, several times slower than the host): tasks
# that repeat one operation hundreds of times (kill-points) sample instead.
export CORDON_SPREAD_EMULATED=1
# systemd starts services with SIGPIPE ignored (IgnoreSIGPIPE=yes); a login
# shell, where tasks expect to be started from, has it at its default.
(cd "$src" && env --default-signal=PIPE spread/run-local --host-namespace "${tasks[@]}") \
    > "$out/summary.txt" 2>&1 || rc=$?
cp -r "$TMPDIR/cordon-spread-logs" "$out/spread-logs" 2> /dev/null || true
# dmesg, as run-local reads it for each task's denials (the same lines:
# run-vm tells the denials of tasks from the others by them). The kernel's
# buffer is 8 MiB (log_buf_len on the command line): a whole run fits.
dmesg > "$out/kernel.log" 2>&1 || true
grep 'apparmor="DENIED"' "$out/kernel.log" > "$out/denials.txt" || true
exit "$rc"

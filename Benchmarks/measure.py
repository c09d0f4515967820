#!/usr/bin/env python3
"""Times commands side by side: best and median wall time of N runs, the
peak resident memory of the worst run, and the ratio to the first (the
floor). Dirty pages are written out before each run. Each case is `name=COMMAND...`; a command starting with `pty:` runs
in a pseudo-terminal and is timed until its output first contains the text
after `pty:` and before the next `:` (the wizard's first prompt).

    measure.py RUNS 'floor=./hello' 'generate=fnharden generate ...' ...
"""
import os
import pty
import select
import shlex
import signal
import statistics
import sys
import time


def run(command):
    """Wall seconds and peak RSS (KiB) of one run."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss


def run_until(marker, command):
    """Wall seconds until the program, on a terminal, prints `marker`."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    seen = b""
    try:
        while marker.encode() not in seen:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                raise SystemExit(f"no `{marker}` from {' '.join(command)} in 10 s")
            seen += os.read(fd, 65536)
        elapsed = time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        _, _, usage = os.wait4(pid, 0)
        os.close(fd)
    return elapsed, usage.ru_maxrss


def main():
    runs = int(sys.argv[1])
    rows = []
    for case in sys.argv[2:]:
        name, command = case.split("=", 1)
        times, peaks = [], []
        for _ in range(runs):
            # The files a run wrote reach the disk before the next run starts,
            # not during it (a batch writes 7,000 files, 140 MB).
            os.sync()
            if command.startswith("pty:"):
                marker, rest = command[4:].split(":", 1)
                elapsed, peak = run_until(marker, shlex.split(rest))
            else:
                elapsed, peak = run(shlex.split(command))
            times.append(elapsed)
            peaks.append(peak)
        rows.append((name, min(times), statistics.median(times), max(peaks) / 1024))
    floor = rows[0][1]
    print(f"{'case':34} {'best':>9} {'median':>9} {'peak':>9} {'x first':>8}")
    for name, best, median, peak in rows:
        print(f"{name:34} {best * 1000:7.1f}ms {median * 1000:7.1f}ms {peak:6.1f}MiB {best / floor:7.1f}x")


if __name__ == "__main__":
    main()

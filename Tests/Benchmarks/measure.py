#!/usr/bin/env python3
"""Times commands side by side: best and median wall time of N runs, the
peak resident memory of the worst run, and the ratio to the first case (the
floor), best to best and as the median of each round's ratio: the cases run
round by round. Dirty pages are written out before each run.

Each case is `name=COMMAND...`. A command starting with `pty:` runs in a
pseudo-terminal and is timed until its output first contains the text after
`pty:` and before the next `:` (the wizard's first prompt). `{run}` in a
command becomes a number new to each run, for a run that must write into a
folder of its own (the caller removes those folders afterwards).

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
    cases = [case.split("=", 1) for case in sys.argv[2:]]
    times = {name: [] for name, _ in cases}
    peaks = {name: [] for name, _ in cases}
    ratios = {name: [] for name, _ in cases}
    count = 0
    # Round by round, every case once per round: the machine drifts over a
    # run, and a case timed in one stretch would carry that stretch's speed. Each
    # case's ratio is also taken within its round, against that round's floor.
    for _ in range(runs):
        for name, command in cases:
            # The files a run wrote reach the disk before the next run starts,
            # not during it (a batch writes 7,000 files, 140 MB).
            os.sync()
            count += 1
            this = command.replace("{run}", str(count))
            if this.startswith("pty:"):
                marker, rest = this[4:].split(":", 1)
                elapsed, peak = run_until(marker, shlex.split(rest))
            else:
                elapsed, peak = run(shlex.split(this))
            times[name].append(elapsed)
            peaks[name].append(peak)
            ratios[name].append(elapsed / times[cases[0][0]][-1])
    floor = min(times[cases[0][0]])
    print(f"{'case':34} {'best':>9} {'median':>9} {'peak':>9} {'x first':>8} {'x round':>8}")
    for name, _ in cases:
        best, median = min(times[name]), statistics.median(times[name])
        print(f"{name:34} {best * 1000:7.1f}ms {median * 1000:7.1f}ms {max(peaks[name]) / 1024:6.1f}MiB "
              f"{best / floor:7.1f}x {statistics.median(ratios[name]):7.1f}x")


if __name__ == "__main__":
    main()

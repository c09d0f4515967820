/*
 * An LD_PRELOAD shim for the file-system tests (FileSystemTests.swift):
 * it wraps write(2) for files under $FNHARDEN_SHIM_DIR only.
 *   FNHARDEN_SHIM_FULL_AFTER=N  after N bytes, write fails with ENOSPC
 *                                (a full disk, mid-file)
 *   FNHARDEN_SHIM_SLOW_MS=N      each write waits N ms first, and the first
 *                                creates $FNHARDEN_SHIM_MARK, so a test can
 *                                send a signal in the middle of the writes
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long written;

static int under_shim_dir(int fd) {
    const char *dir = getenv("FNHARDEN_SHIM_DIR");
    if (!dir || !*dir) return 0;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, target, sizeof target - 1);
    if (length <= 0) return 0;
    target[length] = 0;
    return strncmp(target, dir, strlen(dir)) == 0;
}

ssize_t write(int fd, const void *buffer, size_t count) {
    static ssize_t (*real_write)(int, const void *, size_t);
    if (!real_write) real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (under_shim_dir(fd)) {
        const char *slow = getenv("FNHARDEN_SHIM_SLOW_MS");
        if (slow) {
            const char *mark = getenv("FNHARDEN_SHIM_MARK");
            if (mark) close(open(mark, O_CREAT | O_WRONLY, 0644));
            struct timespec pause = {0, atol(slow) * 1000000L};
            nanosleep(&pause, NULL);
        }
        const char *full = getenv("FNHARDEN_SHIM_FULL_AFTER");
        if (full && written + (long long)count > atoll(full)) {
            errno = ENOSPC;
            return -1;
        }
        written += (long long)count;
    }
    return real_write(fd, buffer, count);
}

/*
 * An LD_PRELOAD shim for the file-system tests (FileSystemTests.swift):
 * it wraps write(2) for files under $FNHARDEN_SHIM_DIR only.
 *   FNHARDEN_SHIM_FULL_AFTER=N  after N bytes, write fails with ENOSPC
 *                                (a full disk, mid-file)
 *   FNHARDEN_SHIM_DENY=1         creating a file or folder there fails with
 *                                EACCES (a folder without permission, even
 *                                for root, who permissions don't stop)
 *   FNHARDEN_SHIM_SLOW_MS=N      each write waits N ms first, and the first
 *                                creates $FNHARDEN_SHIM_MARK, so a test can
 *                                send a signal in the middle of the writes
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
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

static int denied(const char *path) {
    const char *dir = getenv("FNHARDEN_SHIM_DIR");
    const char *deny = getenv("FNHARDEN_SHIM_DENY");
    return deny && dir && *dir && path && strncmp(path, dir, strlen(dir)) == 0;
}

int mkdir(const char *path, mode_t mode) {
    static int (*real_mkdir)(const char *, mode_t);
    if (!real_mkdir) real_mkdir = (int (*)(const char *, mode_t))dlsym(RTLD_NEXT, "mkdir");
    if (denied(path)) { errno = EACCES; return -1; }
    return real_mkdir(path, mode);
}

static int open_with(const char *name, const char *path, int flags, va_list arguments) {
    mode_t mode = (flags & O_CREAT) ? (mode_t)va_arg(arguments, int) : 0;
    if ((flags & O_CREAT) && denied(path)) { errno = EACCES; return -1; }
    int (*real_open)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, name);
    return real_open(path, flags, mode);
}

int open(const char *path, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    int result = open_with("open", path, flags, arguments);
    va_end(arguments);
    return result;
}

int open64(const char *path, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    int result = open_with("open64", path, flags, arguments);
    va_end(arguments);
    return result;
}

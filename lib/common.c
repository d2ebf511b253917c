/* common.c - error helpers, readn/writen, argument parsing, readiness line. */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void print_error(int errnum, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);

static void print_error(int errnum, const char *fmt, va_list ap)
{
    /* Flush stdout first so the two streams stay in order on a terminal. */
    fflush(stdout);
    vfprintf(stderr, fmt, ap);
    if (errnum != 0)
        fprintf(stderr, ": %s (%d)", strerror(errnum), errnum);
    fputc('\n', stderr);
}

void err_sys(const char *fmt, ...)
{
    int errnum = errno;
    va_list ap;

    va_start(ap, fmt);
    print_error(errnum, fmt, ap);
    va_end(ap);
    exit(1);
}

void err_ret(const char *fmt, ...)
{
    int errnum = errno;
    va_list ap;

    va_start(ap, fmt);
    print_error(errnum, fmt, ap);
    va_end(ap);
    errno = errnum;
}

void err_quit(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    print_error(0, fmt, ap);
    va_end(ap);
    exit(1);
}

void err_arg(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    print_error(0, fmt, ap);
    va_end(ap);
    exit(2);
}

void usage_exit(const char *text, int status)
{
    FILE *out = (status == 0) ? stdout : stderr;

    fprintf(out, "usage: %s\n", text);
    exit(status);
}

ssize_t readn(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t left = n;

    while (left > 0) {
        ssize_t got = read(fd, p, left);
        if (got == -1) {
            if (errno == EINTR)
                continue; /* a signal interrupted us: just read again */
            return -1;
        }
        if (got == 0)
            break; /* EOF: the peer sent FIN */
        left -= (size_t)got;
        p += got;
    }
    return (ssize_t)(n - left);
}

ssize_t writen(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    size_t left = n;

    while (left > 0) {
        ssize_t put = write(fd, p, left);
        if (put == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        left -= (size_t)put;
        p += put;
    }
    return (ssize_t)n;
}

void line_buffer_stdout(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
}

long parse_long(const char *s, long min, long max, const char *what)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (s[0] == '\0' || *end != '\0' || errno == ERANGE || v < min || v > max)
        err_arg("invalid %s '%s': expected an integer from %ld to %ld", what, s, min, max);
    return v;
}

uint16_t parse_port(const char *s)
{
    return (uint16_t)parse_long(s, 0, 65535, "port");
}

void print_local_address(int sockfd, const char *what)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    memset(&ss, 0, sizeof(ss));
    if (getsockname(sockfd, (struct sockaddr *)&ss, &len) == -1)
        err_sys("getsockname failed");

    if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)&ss;
        char ip[INET_ADDRSTRLEN];

        if (inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip)) == NULL)
            err_sys("inet_ntop failed");
        printf("%s %s:%u\n", what, ip, (unsigned)ntohs(sin->sin_port));
    } else if (ss.ss_family == AF_UNIX) {
        const struct sockaddr_un *sun = (const struct sockaddr_un *)&ss;
        size_t max = len > offsetof(struct sockaddr_un, sun_path)
                         ? len - offsetof(struct sockaddr_un, sun_path)
                         : 0;

        if (max > sizeof(sun->sun_path))
            max = sizeof(sun->sun_path);

        printf("%s %.*s\n", what, (int)strnlen(sun->sun_path, max), sun->sun_path);
    } else {
        printf("%s (address family %d)\n", what, (int)ss.ss_family);
    }
    fflush(stdout);
}

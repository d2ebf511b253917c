/* common.c - error helpers, readn/writen, argument parsing, readiness line. */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void print_error(int errnum, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);

static size_t utf8_char_len(const unsigned char *s, size_t n);

/* Copy len bytes of buf into out (room for len + 1), masked as
 * fput_visible() prints them; returns the length written. */
static size_t mask_visible(char *out, const char *buf, size_t len)
{
    const unsigned char *s = (const unsigned char *)buf;
    size_t i = 0, o = 0;

    while (i < len) {
        size_t n = s[i] < 0x80 ? 1 : utf8_char_len(s + i, len - i);

        if (n == 0 || s[i] < 0x20 || s[i] == 0x7f || (s[i] == 0xc2 && s[i + 1] < 0xa0)) {
            out[o++] = '?';
            i += n > 0 ? n : 1;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = '\0';
    return o;
}

static void print_error(int errnum, const char *fmt, va_list ap)
{
    char msg[8192]; /* room for a message quoting a whole path (PATH_MAX) */
    char line[sizeof(msg) + 128];
    size_t len, done = 0;
    ssize_t w;

    /* Flush stdout first so the two streams stay in order on a terminal. */
    fflush(stdout);
    /* The message may quote what the user typed (an argument, a path):
     * masked like peer bytes, so it cannot steer the terminal either. */
    vsnprintf(msg, sizeof(msg), fmt, ap);
    len = mask_visible(line, msg, strlen(msg));
    if (errnum != 0)
        len += (size_t)snprintf(line + len, sizeof(line) - len - 1, ": %s (%d)",
                                strerror(errnum), errnum);
    if (len > sizeof(line) - 2)
        len = sizeof(line) - 2; /* snprintf cut it short */
    line[len++] = '\n';
    /* The whole line in one write(2): threads and processes (a server's
     * clients) that report at once never cut into each other's lines. */
    fflush(stderr);
    while (done < len) {
        w = write(STDERR_FILENO, line + done, len - done);
        if (w == -1 && errno == EINTR)
            continue;
        if (w <= 0)
            break; /* nowhere to report that */
        done += (size_t)w;
    }
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
    if (status == 0) {
        printf("usage: %s\n", text);
        check_stdout();
    } else {
        fprintf(stderr, "usage: %.*s\n(-h explains each argument and option)\n",
                (int)strcspn(text, "\n"), text);
    }
    exit(status);
}

const char *sockaddr_text(const struct sockaddr *sa, char *buf, size_t size)
{
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)sa;
        char ip[INET_ADDRSTRLEN] = "?";

        inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
        snprintf(buf, size, "%s:%u", ip, (unsigned)ntohs(sin->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)(const void *)sa;
        char ip[INET6_ADDRSTRLEN] = "?";
        char scope[IF_NAMESIZE + 2] = "";

        inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
        /* A link-local address means nothing without its interface. */
        if (sin6->sin6_scope_id != 0) {
            char name[IF_NAMESIZE];

            if (if_indextoname(sin6->sin6_scope_id, name) != NULL)
                snprintf(scope, sizeof(scope), "%%%s", name);
            else
                snprintf(scope, sizeof(scope), "%%%u", (unsigned)sin6->sin6_scope_id);
        }
        snprintf(buf, size, "[%s%s]:%u", ip, scope, (unsigned)ntohs(sin6->sin6_port));
    } else if (sa->sa_family == AF_UNIX) {
        const struct sockaddr_un *sun = (const struct sockaddr_un *)(const void *)sa;

        /* As it is: callers print it through the masking printer. */
        snprintf(buf, size, "%.*s", (int)strnlen(sun->sun_path, sizeof(sun->sun_path)),
                 sun->sun_path);
    } else {
        snprintf(buf, size, "(address family %d)", (int)sa->sa_family);
    }
    return buf;
}

socklen_t wildcard_address(int family, uint16_t port, struct sockaddr_storage *addr)
{
    memset(addr, 0, sizeof(*addr));
    if (family == AF_INET6) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)addr;

        sin6->sin6_family = AF_INET6;
        sin6->sin6_addr = in6addr_any; /* [::] */
        sin6->sin6_port = htons(port);
        return sizeof(*sin6);
    } else {
        struct sockaddr_in *sin = (struct sockaddr_in *)addr;

        sin->sin_family = AF_INET;
        sin->sin_addr.s_addr = htonl(INADDR_ANY); /* 0.0.0.0 */
        sin->sin_port = htons(port);
        return sizeof(*sin);
    }
}

/* The port of an inet address, for the ss filters in the hints. */
static unsigned port_of(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)(const void *)sa)->sin_port);
    if (sa->sa_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)(const void *)sa)->sin6_port);
    return 0;
}

static void hint(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* One "hint: ..." line on stderr, masked like peer bytes (it may quote a
 * path the user typed). */
static void hint(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fputs("hint: ", stderr);
    fput_visible(stderr, msg, strlen(msg));
    fputc('\n', stderr);
}

void err_bind(const struct sockaddr *addr)
{
    int errnum = errno;
    char where[ADDR_TEXT_LEN];
    unsigned port = port_of(addr);

    sockaddr_text(addr, where, sizeof(where));
    err_ret("bind failed");
    if (errnum == EADDRINUSE && port_of(addr) != 0)
        hint("%s is taken: by a running server (ss -ltunp '( sport = :%u )') or, "
             "for TCP, by a TIME-WAIT of an earlier run "
             "(ss -tan state time-wait '( sport = :%u )'); "
             "wait for it, or use another port with -p",
             where, port, port);
    else if (errnum == EACCES && addr->sa_family != AF_UNIX)
        hint("port %u needs root (ports below 1024); use -p with a higher one", port);
    else if (errnum == EADDRNOTAVAIL)
        hint("%s is not an address of this machine (ip addr shows them)", where);
    else if (errnum == EADDRINUSE || errnum == EACCES || errnum == ENOENT)
        hint("check the path %s and its directory", where);
    exit(1);
}

const char *file_kind(mode_t mode)
{
    if (S_ISSOCK(mode))
        return "a socket file";
    if (S_ISREG(mode))
        return "a regular file";
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device file";
    return "not a socket file";
}

void err_connect(const struct sockaddr *addr)
{
    int errnum = errno;
    char where[ADDR_TEXT_LEN];
    struct stat st;

    sockaddr_text(addr, where, sizeof(where));
    err_ret("connect failed");
    if (errnum == ECONNREFUSED && addr->sa_family != AF_UNIX)
        hint("nothing listens on %s: start the server first, or check -p", where);
    else if (errnum == ECONNREFUSED && stat(where, &st) == 0 && !S_ISSOCK(st.st_mode))
        hint("%s is %s, not a socket: give the server's socket path", where,
             file_kind(st.st_mode));
    else if (errnum == ECONNREFUSED)
        hint("%s is a socket file nobody listens on: start the server", where);
    else if (errnum == ENOENT)
        hint("no socket file at %s: start the server first", where);
    else if (errnum == ETIMEDOUT)
        hint("no answer from %s: a wrong address, a host that is down, or a server "
             "whose accept queue is full (ss -ltn there: Recv-Q above Send-Q)",
             where);
    else if (errnum == EHOSTUNREACH || errnum == ENETUNREACH)
        hint("no route to %s: check the address (ip route get shows the way)", where);
    else if (errnum == EADDRNOTAVAIL)
        hint("no local port left for %s: TIME-WAIT entries hold them "
             "(ss -tan state time-wait)",
             where);
    else if (errnum == EACCES)
        hint("no permission to use %s", where);
    exit(1);
}

void require_stdio_open(void)
{
    static const char *const names[] = {"stdin", "stdout", "stderr"};

    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            char msg[160];
            int n = snprintf(msg, sizeof(msg),
                             "%s (fd %d) is closed: a socket would take its number; "
                             "start with 0, 1 and 2 open (use /dev/null)\n",
                             names[fd], fd);

            /* stderr may be the closed one: then exit says it all. */
            if (fd != 2 && n > 0 && write(2, msg, (size_t)n) < 0)
                exit(2);
            exit(2);
        }
    }
}

void check_stdout(void)
{
    /* A line-buffered printf that failed has already dropped its line, so
     * fflush succeeds: errno, still the failed write's right after the
     * print, says why. */
    int errnum = errno;

    if (fflush(stdout) == EOF && errno != EINTR)
        err_sys("stdout failed");
    if (ferror(stdout) && (errnum == EINTR || errno == EINTR)) {
        /* A signal handler interrupted a blocked write (a reader that has
         * paused): not a failure of stdout; that output is lost, and the
         * caller's loop sees the handler's flag (a stop, in this suite). */
        clearerr(stdout);
        return;
    }
    if (ferror(stdout)) {
        errno = errnum;
        if (errnum != 0)
            err_sys("stdout failed");
        err_quit("stdout failed: a write was lost");
    }
}

void ignore_sigpipe(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        err_sys("sigaction SIGPIPE failed");
}

void ignore_sigxfsz(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGXFSZ, &sa, NULL) == -1)
        err_sys("sigaction SIGXFSZ failed");
}

ssize_t readn(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t left = n;

    while (left > 0) {
        ssize_t got;

        got = read(fd, p, left);
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
        ssize_t put;

        put = write(fd, p, left);
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

double now_seconds(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
        err_sys("clock_gettime failed");
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sleep_usec(long long usec)
{
    struct timespec ts;

    ts.tv_sec = (time_t)(usec / 1000000);
    ts.tv_nsec = (long)(usec % 1000000) * 1000;
    /* nanosleep stops early on a signal; sleep what is left. */
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        continue;
}

/* Bytes in the well-formed UTF-8 character at s (n bytes left), or 0:
 * shortest forms of U+0080..U+10FFFF only, no surrogates (RFC 3629). */
static size_t utf8_char_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;

    if (s[0] < 0xc2 || s[0] > 0xf4 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    }
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
        return 0; /* overlong, a surrogate, or past U+10FFFF */
    return len;
}

void put_visible(const char *buf, size_t len)
{
    fput_visible(stdout, buf, len);
}

void fput_visible(FILE *out, const char *buf, size_t len)
{
    const unsigned char *s = (const unsigned char *)buf;

    /* Not past a failed write: the rest would fail too, or block again
     * where a signal has just interrupted a blocked one (check_stdout
     * tells what happened). */
    for (size_t i = 0; i < len && !ferror(out);) {
        size_t n = s[i] < 0x80 ? 1 : utf8_char_len(s + i, len - i);

        /* A lone 0x9b is CSI on an 8-bit terminal, U+009B (c2 9b) on a
         * UTF-8 one: both are masked, while masking every byte 0x80..0x9f
         * would cut most Chinese characters apart. */
        if (n == 0 || s[i] < 0x20 || s[i] == 0x7f || (s[i] == 0xc2 && s[i + 1] < 0xa0)) {
            putc('?', out);
            i += n > 0 ? n : 1;
        } else {
            /* Printable ASCII that follows goes in the same fwrite (a peer's
             * megabytes are not a call per byte), up to 1024 bytes: stdio
             * then still writes at most its PIPE_BUF buffer at once. */
            while (n < 1024 && i + n < len && s[i + n] >= 0x20 && s[i + n] < 0x7f)
                n++;
            fwrite(s + i, 1, n, out);
            i += n;
        }
    }
}

void print_visible(const char *buf, size_t len)
{
    put_visible(buf, len);
    if (!ferror(stdout))
        putchar('\n');
}

ssize_t read_line(FILE *in, char *buf, size_t max)
{
    size_t len = 0;
    int c;

    if (ferror(in))
        return -1; /* the error that ended the last line */
    while ((c = getc(in)) != EOF) {
        if (c == '\n')
            return (ssize_t)len;
        if (len < max)
            buf[len] = (char)c;
        if (len < SSIZE_MAX)
            len++; /* counted, even when dropped */
    }
    if (len == 0)
        return -1; /* EOF or an error between lines */
    return (ssize_t)len;
}

size_t strip_line_end(const char *buf, size_t len)
{
    if (len > 0 && buf[len - 1] == '\n')
        len--;
    if (len > 0 && buf[len - 1] == '\r')
        len--;
    return len;
}

void line_buffer_stdout(void)
{
    /* A buffer of PIPE_BUF bytes: every write() stdio makes is then one a
     * pipe takes whole or not at all. A longer one can be cut short by a
     * signal after part of it went, and stdio would block again writing
     * the rest, so a stop signal could not stop a program whose reader
     * has paused. */
    setvbuf(stdout, NULL, _IOLBF, PIPE_BUF);
}

/* Move the n entries at argv[from] down to argv[to], shifting the rest up. */
static void move_args(char **argv, int to, int from, int n)
{
    char *moved[2];

    memcpy(moved, argv + from, (size_t)n * sizeof(*argv));
    memmove(argv + to + n, argv + to, (size_t)(from - to) * sizeof(*argv));
    memcpy(argv + to, moved, (size_t)n * sizeof(*argv));
}

void options_first(int argc, char **argv, const char *optstring)
{
    int next = 1; /* where the next option goes */

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int n = 1; /* argv entries this option takes: 2 for "-p 9527" */

        if (strcmp(arg, "--") == 0) {
            move_args(argv, next, i, 1);
            return; /* everything after "--" is positional */
        }
        if (arg[0] != '-' || arg[1] == '\0')
            continue; /* a positional argument ("-" included) */
        /* No long options here, but the two ways users ask for help mean
         * -h (getopt would read "-help" as -h -e -l -p, and "--help" as
         * -- then -help); any other "--name" gets a clear line. */
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-help") == 0)
            arg = argv[i] = (char *)"-h";
        else if (arg[1] == '-')
            err_arg("unknown option %s: options are single letters (-h lists them)", arg);
        for (const char *c = arg + 1; *c != '\0'; c++) {
            const char *spec = (*c == ':') ? NULL : strchr(optstring, *c);

            if (spec != NULL && spec[1] == ':') {
                /* An option with a value: the rest of arg, or the next entry. */
                if (c[1] == '\0' && i + 1 >= argc)
                    err_arg("option -%c needs a value", *c);
                if (c[1] == '\0')
                    n = 2;
                break;
            }
        }
        move_args(argv, next, i, n);
        next += n;
        i += n - 1;
    }
}

long parse_long(const char *s, long min, long max, const char *what)
{
    long v = 0;
    const char *p = s;

    /* Digits only: strtol would also take " 80", "+80" and "-0". */
    for (; *p >= '0' && *p <= '9' && v <= max && v < LONG_MAX / 10; p++)
        v = v * 10 + (*p - '0');
    if (p == s || *p != '\0' || v < min || v > max)
        err_arg("invalid %s '%s': expected an integer from %ld to %ld", what, s, min, max);
    return v;
}

long long parse_seconds(const char *s, long max_seconds, const char *what)
{
    const char *p = s;
    long long whole = 0, frac = 0, scale = 100000;
    int digits = 0, decimals = 0;

    /* Plain decimal only: no sign, no exponent, no "nan" (strtod takes all three). */
    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        whole = whole * 10 + (*p - '0');
        if (whole > max_seconds)
            break;
    }
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, digits++, decimals++) {
            frac += (*p - '0') * scale;
            scale /= 10;
        }
    }
    if (digits == 0 || *p != '\0' || decimals > 6 || whole > max_seconds ||
        (whole == max_seconds && frac > 0))
        err_arg("invalid %s '%s': expected seconds from 0 to %ld (at most 6 decimals)", what, s,
                max_seconds);
    return whole * 1000000 + frac;
}

uint16_t parse_port(const char *s)
{
    return (uint16_t)parse_long(s, 0, 65535, "port");
}

/* Is addr (port 0) an address of this machine? bind() says: only a local
 * address can be bound (EADDRNOTAVAIL otherwise). */
static int is_local_address(const struct sockaddr_storage *addr, socklen_t len)
{
    struct sockaddr_storage probe = *addr;
    int fd, local;

    if (probe.ss_family == AF_INET)
        ((struct sockaddr_in *)&probe)->sin_port = 0;
    else
        ((struct sockaddr_in6 *)&probe)->sin6_port = 0;
    fd = socket(probe.ss_family, SOCK_DGRAM, 0);
    if (fd == -1)
        err_sys("socket failed");
    local = bind(fd, (struct sockaddr *)&probe, len) == 0;
    if (close(fd) == -1)
        err_sys("close failed");
    return local;
}

/* The path in a unix address, NUL-terminated into buf (size > sun_path). */
static const char *unix_path(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
    const struct sockaddr_un *sun = (const struct sockaddr_un *)(const void *)sa;
    size_t n = len > offsetof(struct sockaddr_un, sun_path)
                   ? len - offsetof(struct sockaddr_un, sun_path)
                   : 0;

    if (n > sizeof(sun->sun_path))
        n = sizeof(sun->sun_path);
    n = strnlen(sun->sun_path, n);
    if (n >= size)
        n = size - 1;
    memcpy(buf, sun->sun_path, n);
    buf[n] = '\0';
    return buf;
}

int is_own_address(int sockfd, const struct sockaddr *from, socklen_t fromlen)
{
    struct sockaddr_storage own, src;
    socklen_t ownlen = sizeof(own);

    memset(&own, 0, sizeof(own));
    if (getsockname(sockfd, (struct sockaddr *)&own, &ownlen) == -1)
        err_sys("getsockname failed");
    if (from->sa_family != own.ss_family || fromlen > sizeof(src))
        return 0;
    if (own.ss_family == AF_UNIX) {
        char ownpath[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
        char path[sizeof(ownpath)];
        struct stat ownst, st;

        unix_path((struct sockaddr *)&own, ownlen, ownpath, sizeof(ownpath));
        unix_path(from, fromlen, path, sizeof(path));
        if (path[0] == '\0')
            return 0; /* an unbound (or abstract) sender: no file to reach */
        if (strcmp(path, ownpath) == 0)
            return 1;
        /* Another name for our file? stat() follows symlinks, as sendto() does. */
        return stat(path, &st) == 0 && stat(ownpath, &ownst) == 0 && st.st_dev == ownst.st_dev &&
               st.st_ino == ownst.st_ino;
    }
    memset(&src, 0, sizeof(src));
    memcpy(&src, from, fromlen);
    if (own.ss_family == AF_INET) {
        const struct sockaddr_in *o = (const struct sockaddr_in *)&own;
        const struct sockaddr_in *f = (const struct sockaddr_in *)&src;

        if (f->sin_port != o->sin_port)
            return 0;
        if (o->sin_addr.s_addr != htonl(INADDR_ANY))
            return f->sin_addr.s_addr == o->sin_addr.s_addr;
    } else if (own.ss_family == AF_INET6) {
        const struct sockaddr_in6 *o = (const struct sockaddr_in6 *)&own;
        const struct sockaddr_in6 *f = (const struct sockaddr_in6 *)&src;

        if (f->sin6_port != o->sin6_port)
            return 0;
        if (!IN6_IS_ADDR_UNSPECIFIED(&o->sin6_addr))
            return memcmp(&f->sin6_addr, &o->sin6_addr, sizeof(f->sin6_addr)) == 0;
    } else {
        return 0;
    }
    /* Bound to the wildcard: a datagram to any of our addresses reaches
     * us, so a sender at any of them with our port is us. */
    return is_local_address(&src, fromlen);
}

void print_local_address(int sockfd, const char *what)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    memset(&ss, 0, sizeof(ss));
    if (getsockname(sockfd, (struct sockaddr *)&ss, &len) == -1)
        err_sys("getsockname failed");

    if (ss.ss_family == AF_INET || ss.ss_family == AF_INET6) {
        char text[ADDR_TEXT_LEN];

        printf("%s %s\n", what, sockaddr_text((struct sockaddr *)&ss, text, sizeof(text)));
    } else if (ss.ss_family == AF_UNIX) {
        const struct sockaddr_un *sun = (const struct sockaddr_un *)&ss;
        size_t max = len > offsetof(struct sockaddr_un, sun_path)
                         ? len - offsetof(struct sockaddr_un, sun_path)
                         : 0;

        if (max > sizeof(sun->sun_path))
            max = sizeof(sun->sun_path);

        printf("%s ", what);
        print_visible(sun->sun_path, strnlen(sun->sun_path, max));
    } else {
        printf("%s (address family %d)\n", what, (int)ss.ss_family);
    }
    check_stdout(); /* a readiness line nobody can read is a failure */
}

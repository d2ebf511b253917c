/*
 * common.h - what every chapter of the socket suite repeats, and nothing more.
 *
 * No helper here sets a socket option, ignores a signal or changes anything
 * behind a program's back: each program makes those choices itself, in plain
 * sight, because they are what the chapters teach.
 */
#ifndef SOCKET_SUITE_COMMON_H
#define SOCKET_SUITE_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>

#define SERV_PORT 9527   /* default port of every inet program */
#define LISTENQ 1024     /* listen() backlog */
#define MAXLINE 4096     /* longest line a program reads at once */
#define BUFFER_SIZE 4096 /* generic I/O buffer */
/* The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
#define UDP_MAX 65507
/* Over IPv6: 65535 - 8 (UDP header); the IPv6 header is not counted in its
 * payload length. (An IPv4 peer of a dual-stack socket still gets UDP_MAX.) */
#define UDP6_MAX 65527

#if defined(__GNUC__) || defined(__clang__)
#define NORETURN __attribute__((noreturn))
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define NORETURN
#define PRINTF_LIKE(fmt, args)
#endif

/* Print "<message>: <strerror> (<errno>)" to stderr and exit 1. */
NORETURN void err_sys(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Print "<message>: <strerror> (<errno>)" to stderr and return. */
void err_ret(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Print "<message>" (no errno applies) to stderr and exit 1. */
NORETURN void err_quit(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Print "<message>" to stderr and exit 2: a bad argument or option value. */
NORETURN void err_arg(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* -h: print "usage: <text>" (every line of it) to stdout and exit 0.
 * Any other status: print only the text's first line (the synopsis) and a
 * pointer to -h on stderr, and exit with that status. */
NORETURN void usage_exit(const char *text, int status);

/* "bind failed: <strerror> (<errno>)", then one "hint: ..." line naming the
 * address and what to check (another server, a TIME-WAIT, a port below
 * 1024, an address not on this machine); exit 1. addr: what bind() got. */
NORETURN void err_bind(const struct sockaddr *addr);
/* What kind of file mode is, in words: "a socket file", "a regular
 * file", "a directory", "a symbolic link", ... (for messages about a
 * path that should be a socket). */
const char *file_kind(mode_t mode);
/* "connect failed: <strerror> (<errno>)", then a hint naming where it
 * tried ("nothing listens on 127.0.0.1:9527: start the server first",
 * "no socket file at PATH", ...); exit 1. addr: what connect() got. */
NORETURN void err_connect(const struct sockaddr *addr);

/* Refuse to run (exit 2, one line on stderr if it is open) unless file
 * descriptors 0, 1 and 2 are all open. Call it first thing in main: with
 * one of them closed, socket() would return that number and the program's
 * printf or stdin would silently become the connection. */
void require_stdio_open(void);
/* Exit 1 with "stdout failed: <strerror> (<errno>)" if anything printed so
 * far did not reach stdout (a full disk, a closed pipe whose SIGPIPE is
 * ignored): call it right after the prints of each loop, and before a
 * normal exit (the errno it reports is the failed write's only then).
 * A write interrupted by a signal handler (EINTR: stdout blocked, a stop
 * signal came) is no failure: the error is cleared, the caller goes on to
 * its loop test. */
void check_stdout(void);
/* Ignore SIGPIPE (sigaction), so that a write to a reset connection fails
 * with EPIPE instead of killing the process; exit 1 if that fails. */
void ignore_sigpipe(void);
/* Ignore SIGXFSZ, so that output past the file size limit (ulimit -f)
 * fails with EFBIG, which check_stdout reports ("stdout failed: File too
 * large (27)", exit 1), instead of killing the process; exit 1 if that
 * fails. Call it before anything is printed (-h included). */
void ignore_sigxfsz(void);

/* Read exactly n bytes unless EOF comes first; retries on EINTR.
 * Returns the bytes read (less than n only at EOF), or -1 on error. */
ssize_t readn(int fd, void *buf, size_t n);
/* Write all n bytes; retries on EINTR and short writes.
 * Returns n, or -1 on error. */
ssize_t writen(int fd, const void *buf, size_t n);

/* Seconds on the monotonic clock (immune to someone setting the date):
 * subtract two readings to time an interval. */
double now_seconds(void);

/* Sleep usec microseconds; a signal handler that interrupts the sleep
 * does not cut it short. */
void sleep_usec(long long usec);

/* Print len bytes received from a peer so that none of them can steer the
 * terminal: control characters (C0 such as NUL, CR, ESC; DEL; C1 such as
 * U+009B) and bytes that are not well-formed UTF-8 show as '?', one per
 * character or stray byte. Text, Chinese included, prints as it is.
 * put_visible prints just that; print_visible adds a newline. */
void put_visible(const char *buf, size_t len);
void print_visible(const char *buf, size_t len);
/* The same printer for another stream; the error helpers print their
 * messages (which may quote an argument or a path) through it to stderr. */
void fput_visible(FILE *out, const char *buf, size_t len);

/* Read one line from in (stdin, or a socket through fdopen) into buf,
 * keeping at most max bytes (its '\n' is not stored, buf is not
 * NUL-terminated). Returns the line's whole length:
 * more than max when bytes past max were read and dropped, so a peer that
 * never sends a newline costs time, not memory. A last line without '\n'
 * is still a line. -1 at EOF or on an error before the first byte (then
 * ferror(in) tells which; an error after some bytes shows at the next
 * call). */
ssize_t read_line(FILE *in, char *buf, size_t max);

/* The length of buf[0..len) without one line ending ("\n" or "\r\n"):
 * what a program compares with a typed command ("goodbye", "close") and
 * prints, whether the line came from a terminal, `nc` or telnet. */
size_t strip_line_end(const char *buf, size_t len);

/* Make stdout line-buffered even when it is a file or a pipe, so that
 * a test (or `tee`) sees each line as soon as it is printed; every write
 * is at most PIPE_BUF bytes, so a pipe takes it whole or not at all (a
 * signal never leaves half a write for stdio to finish, blocked). */
void line_buffer_stdout(void);

/* Reorder argv so that options (and their values) come before the
 * positional arguments, keeping their order: then getopt() accepts
 * `tcpclient 127.0.0.1 -p 8000` as well as `tcpclient -p 8000 127.0.0.1`
 * on every libc (glibc's getopt only permutes outside strict POSIX mode,
 * BSD's never does). "--" ends the options, as for getopt(). An option
 * that needs a value but comes last without one exits 2 ("option -p needs
 * a value") instead of taking a positional argument as its value.
 * "--help" and "-help" become -h (every program's help); any other
 * "--name" exits 2 ("unknown option --name: options are single letters"). */
void options_first(int argc, char **argv, const char *optstring);

/* One strict rule for numbers on the command line: decimal digits only, no
 * sign, no spaces, no "0x"; seconds may have one decimal point and at most
 * six decimals (a microsecond). Anything else exits 2 naming `what`. */
/* Parse seconds, whole or decimal ("5", "0.25"), in [0, max_seconds].
 * Returns microseconds, ready for sleep_usec(). */
long long parse_seconds(const char *s, long max_seconds, const char *what);
/* Parse a port (0..65535). */
uint16_t parse_port(const char *s);
/* Parse a non-negative integer in [min, max] (0 <= min). */
long parse_long(const char *s, long min, long max, const char *what);

/* Fill addr with the wildcard address of family, for a server's bind():
 * 0.0.0.0:port (AF_INET, INADDR_ANY) or [::]:port (AF_INET6, in6addr_any),
 * in network byte order. Returns the length to pass to bind() with it:
 * sizeof(struct sockaddr_in) or sizeof(struct sockaddr_in6). */
socklen_t wildcard_address(int family, uint16_t port, struct sockaddr_storage *addr);

/* Room for any address sockaddr_text() writes: "[IPv6%scope]:port" or a
 * unix path (sun_path is 104 bytes on the BSDs, 108 on Linux). */
#define ADDR_TEXT_LEN 128
/* Write an address as the suite prints every address, as the kernel gives
 * it: "127.0.0.1:9527", "[::1]:9527", "[::ffff:127.0.0.1]:41342" (IPv6 in
 * brackets, so the port cannot be read as a part of it; "%lo" after a
 * link-local address), or a unix path (as it is: print it masked).
 * Returns buf, so it can go straight into a printf. */
const char *sockaddr_text(const struct sockaddr *sa, char *buf, size_t size);

/* Is from (a datagram's sender, as recvfrom() reported it) sockfd's own
 * address, so that a reply to it would come straight back to us, be
 * answered again, and so on for ever? inet: the same port, and the same
 * address or, when sockfd is bound to the wildcard (0.0.0.0, [::]), any
 * address of this machine. unix: the same socket file, also through a
 * symlink (stat() follows it, as sendto() does). A forged datagram, or a
 * reply of ours, is the way such a sender comes. Returns 1 or 0. */
int is_own_address(int sockfd, const struct sockaddr *from, socklen_t fromlen);

/* Print "<what> <address>" (inet, as sockaddr_text writes it) or "<what> <path>" (unix, the path
 * masked as put_visible does) for the address getsockname() reports for
 * sockfd: the servers' readiness line. Exits 1 (check_stdout) if it
 * could not be written. */
void print_local_address(int sockfd, const char *what);

#endif /* SOCKET_SUITE_COMMON_H */

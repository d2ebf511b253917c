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
#include <sys/types.h>

#define SERV_PORT 9527   /* default port of every inet program */
#define LISTENQ 1024     /* listen() backlog */
#define MAXLINE 4096     /* longest line a program reads at once */
#define BUFFER_SIZE 4096 /* generic I/O buffer */

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
/* Print "usage: <text>"; status 0 goes to stdout, any other to stderr. */
NORETURN void usage_exit(const char *text, int status);

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

/* Make stdout line-buffered even when it is a file or a pipe, so that
 * a test (or `tee`) sees each line as soon as it is printed. */
void line_buffer_stdout(void);

/* Reorder argv so that options (and their values) come before the
 * positional arguments, keeping their order: then getopt() accepts
 * `tcpclient 127.0.0.1 -p 8000` as well as `tcpclient -p 8000 127.0.0.1`
 * on every libc (glibc's getopt only permutes outside strict POSIX mode,
 * BSD's never does). "--" ends the options, as for getopt(). */
void options_first(int argc, char **argv, const char *optstring);

/* Parse seconds, whole or decimal ("5", "0.25"), in [0, max_seconds] or
 * exit 2 naming `what`. Returns microseconds, ready for sleep_usec(). */
long long parse_seconds(const char *s, long max_seconds, const char *what);
/* Parse a decimal port (0..65535) or exit 2 with a message. */
uint16_t parse_port(const char *s);
/* Parse a decimal integer in [min, max] or exit 2 naming `what`. */
long parse_long(const char *s, long min, long max, const char *what);

/* Print "<what> <addr>:<port>" (inet) or "<what> <path>" (unix) for the
 * address getsockname() reports for sockfd: the servers' readiness line. */
void print_local_address(int sockfd, const char *what);

#endif /* SOCKET_SUITE_COMMON_H */

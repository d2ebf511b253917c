/*
 * serve.h - what every echo server of the multiplex chapter shares, so that
 * each program's file holds only its lesson (the socket calls, the loop):
 * the options, the per-connection lines, the bounded echo buffer, the
 * accept errors a peer can cause, the stop signals and the stats line.
 * Compiled into each program, like unix/socket_file.c.
 *
 * The lines every server prints:
 *   listening on 0.0.0.0:9527                      (lib: print_local_address)
 *   connection from 127.0.0.1:41342 (fd 5, 2 clients)
 *   client 127.0.0.1:41342 closed (1 clients)
 *   refused 127.0.0.1:41343: fd 1024 >= FD_SETSIZE (1024) (1019 clients)
 *   client 127.0.0.1:41344 dropped: 262400 bytes of echo unread   (-t: paused too long)
 *   served 2 clients, 5 reads; CPU 0.003000 s (user 0.001000 + system 0.002000), 600.0 us per read
 * The last one, the stats line, on every exit (Ctrl-C, SIGTERM, -n).
 */
#ifndef MULTIPLEX_SERVE_H
#define MULTIPLEX_SERVE_H

#include "common.h"

#include <signal.h>
#include <stddef.h>

/* The most echo a client may leave unread in the server (its own socket's
 * send buffer full too): at it the server stops reading that client (it
 * is "paused": backpressure, its bytes wait in the kernel, its sends
 * block) until the echo drains below it again. So a client that reads,
 * however late, is never dropped, and one that sends but never reads
 * costs bounded memory (ECHO_LIMIT plus one read) and stalls nobody. A
 * paused client whose echo makes no progress for STALL_DEFAULT seconds
 * (-t) is dropped with a line. */
#define ECHO_LIMIT (256 * 1024)
#define STALL_DEFAULT 10 /* seconds */

struct server_options {
    uint16_t port;    /* -p */
    int family;       /* AF_INET, or AF_INET6 with -6 */
    long clients;     /* -n: exit after N clients have left; 0: never */
    int quiet;        /* -q: no per-connection lines */
    long read_size;   /* -r: bytes per read() (default BUFFER_SIZE) */
    int no_reap;      /* -Z (forkserver): never wait() for children */
    int unguarded;    /* -U (selectserver): FD_SET whatever fd accept gives */
    int no_spare;     /* -E (pollserver): no spare descriptor for EMFILE */
    int edge;         /* -e (epollserver): edge-triggered */
    int one_read;     /* -1 (epollserver, with -e): one read/accept per event */
    long long stall_usec; /* -t (event loops): drop a client paused this long */
};

/* One connected client: its socket, its address as text, and the echo
 * that its socket could not take yet (pending, len bytes, malloc'd). */
struct client {
    int fd;
    char addr[ADDR_TEXT_LEN];
    char *pending;
    size_t len;
    int eof;      /* read() returned 0: no more input; closed once len is 0 */
    int paused;   /* len >= ECHO_LIMIT: not read until it drains */
    double since; /* paused: when its echo last made progress (now_seconds) */
    int watching; /* epoll/kqueue: the events registered; -1: not yet */
    struct client *prev, *next; /* every open client, for free_clients() */
};

/* The options every server takes, for its -h text. */
#define COMMON_USAGE \
    "  -p PORT   port to listen on (default 9527; 0: the kernel picks one)\n" \
    "  -6        listen on [::]: IPv6, and IPv4 clients too, seen as [::ffff:a.b.c.d]\n" \
    "  -n N      exit after N clients have left (default 0: never)\n" \
    "  -q        quiet: no line per connection or close (refusals still print)\n" \
    "  -r BYTES  bytes per read() (default 4096, at most 4096)\n" \
    "  -h        print this help and exit\n"
/* The event loops' -t (they buffer echo; the blocking servers do not). */
#define STALL_USAGE \
    "  -t SECS   drop a client whose echo waits unread (256 KiB: the server\n" \
    "            stops reading it meanwhile) and makes no progress for SECS\n" \
    "            seconds (default 10; decimals allowed)\n"
#define STATS_USAGE \
    "On exit (Ctrl-C, SIGTERM, -n) one line: clients served, reads, and the CPU time\n" \
    "used (getrusage, user + system), total and per read."

/* Set by SIGINT/SIGTERM (catch_stop_signals): the loops check it when a
 * blocking call returns EINTR and end with the stats line. */
extern volatile sig_atomic_t stop_requested;

/* Parse the common options (-p -n -q -r -6 -h) and the program's own
 * letters in `knobs` (e.g. "Z"); exit 2 on a bad one, 0 after -h. */
void parse_server_options(int argc, char **argv, const char *usage_text,
                          const char *knobs, struct server_options *opt);

/* SIGINT and SIGTERM set stop_requested; no SA_RESTART, so accept(),
 * read(), select()... return EINTR and the loop can end cleanly. */
void catch_stop_signals(void);

/* read() for a blocking server (blockingserver, forkserver's children)
 * that no stop signal slips past: SIGINT and SIGTERM are blocked while
 * stop_requested is tested again, and pselect() lets them in only while it
 * waits for fd, so one sent between the loop's test and the wait is
 * delivered there (EINTR). A plain read() would sleep through it. Returns
 * what read() returns, or -1 with errno EINTR when a stop came. */
ssize_t read_unless_stopped(int fd, void *buf, size_t len);

/* echo_until_eof: the blocking servers' whole job for one client
 * (blockingserver's loop, forkserver's child): read and write back until
 * EOF, an error, or a stop signal. Both calls block: the read until the
 * client sends (in read_unless_stopped), write() until its socket takes it. */
void echo_until_eof(struct client *c, const struct server_options *opt);

/* O_NONBLOCK on fd, keeping its other flags (F_GETFL first: F_SETFL with
 * O_NONBLOCK alone would clear them). */
void set_nonblocking(int fd);

/* Open a spare descriptor (/dev/null) for accept_failed()'s EMFILE trick;
 * returns it. */
int open_spare_fd(void);

/* accept() on listenfd failed with errno: if a peer or a passing shortage
 * caused it (ECONNABORTED, EPROTO, EINTR, EAGAIN, EMFILE, ENFILE, ENOBUFS,
 * ENOMEM, and Linux's network errors), print one line (once per run of
 * the same error) and return, so the server goes on; anything else is a
 * bug here: exit 1. On EMFILE/ENFILE with *spare open, give the spare
 * descriptor up for a moment to accept the waiting connection and close
 * it at once (a line says so): otherwise the listener stays readable and
 * the loop spins. *spare == -1: no such trick (pollserver -E).
 * Returns 1 when another accept() may find a connection now (the spare
 * took one, or the error was that connection's alone), 0 when it would
 * fail the same way (EAGAIN; a shortage, the queue empty): an accept
 * loop (epollserver -e) stops there, or it would spin. */
int accept_failed(int listenfd, int *spare, const struct server_options *opt);

/* A new client: allocate its record, print "connection from ADDR (fd N,
 * K clients)". Exits 1 if memory runs out. */
struct client *client_open(int connfd, const struct sockaddr *cliaddr,
                           const struct server_options *opt);
/* Refuse a connection just accepted: close it, print "refused ADDR: WHY
 * (K clients)", even with -q (a refusal is rare news, not load). */
void client_refuse(int connfd, const struct sockaddr *cliaddr, const char *why,
                   const struct server_options *opt);
/* The client leaves: close its socket, print "client ADDR closed (K
 * clients)" (or nothing with -q), free the record. Returns how many
 * clients have left so far, this one included (exactly one caller sees N). */
long client_close(struct client *c, const struct server_options *opt);

/* A read() on c returned n (> 0): count it and echo the bytes back on c's
 * non-blocking socket; what the socket cannot take now waits in
 * c->pending for echo_flush() (at ECHO_LIMIT, c is paused: see
 * wants_input). Returns 0, or -1 when c must be closed (a write error,
 * said). */
int echo(struct client *c, const char *buf, size_t n);
/* c's socket is writable: write what waits. 0, or -1 (close c). */
int echo_flush(struct client *c);
/* Whether to watch c for input: not after its EOF (the echo that waits
 * still goes out first: accepted bytes are never thrown away), not while
 * it is paused (ECHO_LIMIT of echo waits). */
int wants_input(const struct client *c);
/* The timeout for the loop's wait, in milliseconds: -1 (none) unless a
 * client is paused, then a short tick to look at client_stalled(). */
int stall_wait_ms(void);
/* c is paused and its echo has made no progress for -t seconds: print
 * "client ADDR dropped: N bytes of echo unread" and return 1 (close c). */
int client_stalled(const struct client *c, const struct server_options *opt);
/* epoll, kqueue (no array to walk): a client that client_stalled() says
 * must go (the line printed), or NULL. */
struct client *next_stalled(const struct server_options *opt);
/* c's EOF has come and all its echo is out: close it now. */
int client_finished(const struct client *c);
/* A read() on c failed (n == -1, errno set, not EAGAIN): print why. */
void read_failed(const struct client *c);

/* forkserver's parent: forget c (the child has it now) without closing
 * anything or printing; the caller closes the connected socket itself. */
void client_forget(struct client *c);
/* The server ends: close every connection still open and free its record,
 * quietly (the kernel would close them at exit anyway; this keeps the
 * memory checkers' books straight). Not while other threads use them. */
void free_clients(void);

/* Count a read that returned bytes (servers that echo by themselves). */
void count_read(void);
/* Clients now connected; clients that have left (closed, dropped). */
long clients_now(void);
long clients_done(void);
/* -n N reached: N clients have left. */
int enough_clients(const struct server_options *opt);

/* printf-like, the line written with one write(2); a stop signal while
 * stdout blocks ends the server (exit 1, one line on stderr: serve.c). */
void say(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* The stats line: clients served, reads, CPU time (getrusage: this
 * process and its reaped children), user+system, total and per read. */
void print_stats(void);

#endif /* MULTIPLEX_SERVE_H */

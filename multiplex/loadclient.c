/*
 * loadclient.c - load a multiplexed echo server: IDLE connections that only
 * sit there, and ACTIVE ones that each send BYTES, wait for the whole echo,
 * and send again, for SECS seconds. One process, one poll() for all of them.
 *
 *   loadclient [-p PORT] [-i IDLE] [-a ACTIVE] [-s BYTES] [-d SECS] [-t SECS] [-c]
 *              [-P PID] <IPaddress>
 *
 * Every connect() is non-blocking: it returns at once (EINPROGRESS), poll()
 * says when the handshake is over (the socket becomes writable), and
 * getsockopt(SO_ERROR) tells how it ended: 0, or the error a blocking
 * connect() would have returned (ECONNREFUSED when nothing listens).
 *
 * The run has two phases. Setup: every connection connects (actives first,
 * at most MAX_PENDING handshakes at a time) and each idle one sends one byte
 * and waits for its echo, proof that the server has accepted it. Then the
 * clock starts: the actives ping-pong for SECS seconds while the idle ones
 * stay quiet (and out of the poll set: the client's own cost stays flat).
 * Prints connected/refused counts, requests, rate and the round trip's
 * p50/p90/p99/max.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:i:a:s:d:t:cP:h"
static const char usage_text[] =
    "loadclient [-p PORT] [-i IDLE] [-a ACTIVE] [-s BYTES] [-d SECS] [-t SECS] [-c]\n"
    "           [-P PID] <IPaddress>\n"
    "Load an echo server: IDLE quiet connections and ACTIVE ones that send BYTES\n"
    "and wait for the whole echo, again and again, for SECS seconds.\n"
    "  <IPaddress>  the server's address, IPv4 or IPv6 (127.0.0.1, ::1): the literal\n"
    "               chooses the family\n"
    "  -p PORT      the server's port (default 9527)\n"
    "  -i IDLE      idle connections (default 0): each sends one byte, waits for its\n"
    "               echo, then stays quiet until the end\n"
    "  -a ACTIVE    active connections (default 1), connected before the idle ones\n"
    "  -s BYTES     bytes per request (default 64)\n"
    "  -d SECS      how long the actives send requests (default 5)\n"
    "  -c           a new connection for every request (connect, echo, close): what a\n"
    "               connection costs (a process or a thread per client), not a request\n"
    "  -P PID       the server's process ID (Linux, same machine): print its CPU\n"
    "               time per request too, over the requests only, from\n"
    "               /proc/PID/schedstat (its main thread: all of an event loop's work)\n"
    "  -t SECS      stall limit (default 5): an active connection whose connect or\n"
    "               echo takes longer fails the run; an idle one is counted unanswered\n"
    "  -h           print this help and exit\n"
    "Raises the soft open-file limit (RLIMIT_NOFILE) up to the hard one if the\n"
    "connections need it, and says so. Exit status: 0, or 1 when an active\n"
    "connection is refused, fails, gets a wrong echo or stalls past -t.";

#define MAX_CONNS 200000L /* -i + -a */
#define MAX_BYTES (16L * 1024 * 1024)
#define MAX_PENDING 256 /* handshakes in flight at once: stay below the accept queue */
#define POLL_MS 100     /* wake up at least this often to check the stall limit */

enum state { CONNECTING, GREETING, IDLE, READY, BUSY, CLOSED };

struct conn {
    enum state state;
    int active;        /* 1: an active connection, 0: an idle one */
    size_t sent, rcvd; /* bytes of the current request */
    double since;      /* when the current connect or request started */
};

struct options {
    const char *host, *port; /* <IPaddress>, -p (text, for getaddrinfo) */
    long idle, active;       /* -i, -a */
    long size;               /* -s */
    double secs, stall;      /* -d, -t */
    int churn;               /* -c */
    long server_pid;         /* -P; 0: none */
};

/* Everything the event loop updates. */
struct load {
    const struct options *opt;
    const struct sockaddr *servaddr; /* where every connection goes */
    socklen_t servlen;
    struct pollfd *fds; /* fds[i] and conns[i]: actives first, then idle */
    struct conn *conns;
    long n, pending; /* connections, handshakes and greetings under way */
    long connected, refused, failed;
    long answered, closed, unanswered; /* idle connections */
    long active_failed, requests;
    int measuring;               /* set once setup is over: poll only the actives */
    double end;                  /* when the actives stop starting requests */
    char *pattern;               /* what a request sends: -s bytes */
    unsigned long hist[64 * 64]; /* round trips in ns, 1.6 % buckets */
    double max_rtt;
    long long cpu0; /* -P: the server's CPU (ns) when the requests began */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void raise_fd_limit(long nconn);
static void setup(struct load *lc, const struct options *opt, const struct sockaddr *servaddr,
                  socklen_t servlen);
static void report_setup(const struct load *lc, double elapsed);
static void connect_failed(struct load *lc, long i, int err, const char *how);
static void step(struct load *lc);
static void start_request(struct load *lc, long i);
static double start_measuring(struct load *lc);
static void report(struct load *lc, double elapsed);
static void teardown(struct load *lc);

int main(int argc, char **argv)
{
    struct options opt;
    struct addrinfo hints, *res;
    struct load lc;
    long i;
    int sockfd, flags, rc;
    double start;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    ignore_sigpipe(); /* a server gone mid-request: EPIPE, reported */
    parse_options(argc, argv, &opt);
    /* <IPaddress> is a literal: AI_NUMERICHOST never asks DNS, and the
     * literal (IPv4 or IPv6) chooses the family of every socket. */
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if ((rc = getaddrinfo(opt.host, opt.port, &hints, &res)) != 0)
        err_arg("invalid IP address '%s': expected IPv4 or IPv6, such as 127.0.0.1 or ::1 (%s)",
                opt.host, gai_strerror(rc));
    setup(&lc, &opt, res->ai_addr, res->ai_addrlen); /* the arrays, the open-file limit */

    start = now_seconds();
    for (i = 0; i < lc.n; i++) {
        /* A few handshakes at a time: a burst beyond the server's accept
         * queue would be dropped and retried by TCP a second later. */
        while (lc.pending >= MAX_PENDING)
            step(&lc);
        sockfd = socket(res->ai_family, SOCK_STREAM, 0);
        if (sockfd == -1)
            err_sys("socket failed");
        /* Non-blocking (F_GETFL first: keep the other flags): connect()
         * starts the handshake and returns, poll() says when it is over. */
        if ((flags = fcntl(sockfd, F_GETFL)) == -1 ||
            fcntl(sockfd, F_SETFL, flags | O_NONBLOCK) == -1)
            err_sys("fcntl O_NONBLOCK failed");
        lc.fds[i].fd = sockfd;
        lc.conns[i].since = now_seconds();
        lc.pending++;
        if (connect(sockfd, res->ai_addr, res->ai_addrlen) == -1 && errno != EINPROGRESS)
            connect_failed(&lc, i, errno, "connect");
    }
    while (lc.pending > 0) /* the last handshakes and greetings */
        step(&lc);
    report_setup(&lc, now_seconds() - start); /* exit 1 if an active failed */

    /* The measured phase: only the actives are polled from now on. */
    start = start_measuring(&lc);
    for (i = 0; i < opt.active; i++)
        start_request(&lc, i);
    while (now_seconds() < lc.end || lc.pending > 0)
        step(&lc);
    report(&lc, now_seconds() - start);
    teardown(&lc);
    freeaddrinfo(res);
    return 0;
}

/* -P PID: the server's CPU time so far, in ns: the first number of Linux's
 * /proc/PID/schedstat (time on a CPU, of its main thread). */
static long long server_cpu_ns(long pid)
{
    char path[64];
    long long ns;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%ld/schedstat", pid);
    if ((f = fopen(path, "r")) == NULL)
        err_sys("-P %ld: cannot read %s", pid, path);
    if (fscanf(f, "%lld", &ns) != 1)
        err_quit("-P %ld: no CPU time in %s", pid, path);
    if (fclose(f) == EOF)
        err_sys("-P %ld: close %s failed", pid, path);
    return ns;
}

/* Allocate the arrays, actives first: every slot starts unused (poll
 * skips fd -1). A request is -s bytes of the alphabet, checked on return. */
static void setup(struct load *lc, const struct options *opt, const struct sockaddr *servaddr,
                  socklen_t servlen)
{
    long i;

    memset(lc, 0, sizeof(*lc));
    lc->opt = opt;
    lc->servaddr = servaddr;
    lc->servlen = servlen;
    raise_fd_limit(opt->idle + opt->active);
    lc->n = opt->idle + opt->active;
    lc->fds = calloc((size_t)lc->n, sizeof(*lc->fds));
    lc->conns = calloc((size_t)lc->n, sizeof(*lc->conns));
    lc->pattern = malloc((size_t)opt->size);
    if (lc->fds == NULL || lc->conns == NULL || lc->pattern == NULL)
        err_quit("out of memory for %ld connections", lc->n);
    for (i = 0; i < lc->n; i++) {
        lc->fds[i].fd = -1;
        lc->fds[i].events = POLLOUT; /* writable: the handshake is over */
        lc->conns[i].state = CONNECTING;
        lc->conns[i].active = i < opt->active;
    }
    for (i = 0; i < opt->size; i++)
        lc->pattern[i] = (char)('a' + i % 26);
    if (opt->server_pid != 0)
        (void)server_cpu_ns(opt->server_pid); /* -P: fail now, not after the setup */
}

/* The clock starts; -P: so does the server's CPU count. Returns the start. */
static double start_measuring(struct load *lc)
{
    double start;

    lc->measuring = 1;
    if (lc->opt->server_pid != 0)
        lc->cpu0 = server_cpu_ns(lc->opt->server_pid);
    start = now_seconds();
    lc->end = start + lc->opt->secs;
    return start;
}

/* The connections need n descriptors (and 3 for stdio, a few to spare):
 * raise the soft limit as far as the hard one allows, and say so. */
static void raise_fd_limit(long nconn)
{
    struct rlimit rl;
    rlim_t need = (rlim_t)nconn + 16, old;

    if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
        err_sys("getrlimit RLIMIT_NOFILE failed");
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur >= need)
        return;
    if (rl.rlim_cur == RLIM_INFINITY)
        return;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
        err_quit("%ld connections need %lu descriptors, the hard open-file limit is %lu: "
                 "use fewer (-i, -a) or raise it (ulimit -Hn, as root)",
                 nconn, (unsigned long)need, (unsigned long)rl.rlim_max);
    old = rl.rlim_cur;
    rl.rlim_cur = need;
    if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
        err_sys("setrlimit RLIMIT_NOFILE to %lu failed", (unsigned long)need);
    printf("raised the open-file limit (RLIMIT_NOFILE) from %lu to %lu\n", (unsigned long)old,
           (unsigned long)need);
    check_stdout();
}

static void close_conn(struct load *lc, long i)
{
    if (close(lc->fds[i].fd) == -1)
        err_sys("close failed");
    lc->fds[i].fd = -1;
    lc->conns[i].state = CLOSED;
}

/* A handshake that failed: `how` says who told (connect itself, or
 * SO_ERROR once poll() said it was over). The first one is printed. */
static void connect_failed(struct load *lc, long i, int err, const char *how)
{
    if (lc->refused + lc->failed == 0) {
        char text[ADDR_TEXT_LEN];

        errno = err;
        err_ret("connect to %s failed (%s)", sockaddr_text(lc->servaddr, text, sizeof(text)), how);
    }
    if (err == ECONNREFUSED)
        lc->refused++;
    else
        lc->failed++;
    if (lc->conns[i].active)
        lc->active_failed++;
    lc->pending--;
    close_conn(lc, i);
}

/* An active connection failed: say which and why, stop with exit 1. */
NORETURN static void active_failed(struct load *lc, long i, const char *why)
{
    err_quit("active connection %ld: %s (%ld requests done)", i + 1, why, lc->requests);
}

/* An active connection waited past -t: say for what. */
NORETURN static void active_stalled(struct load *lc, long i, const char *what)
{
    char why[128];

    snprintf(why, sizeof(why), "%s within %.3f s (the stall limit, -t)", what, lc->opt->stall);
    active_failed(lc, i, why);
}

/* The round trip of one request, in a histogram: a bucket per 1/64 of a
 * power of two nanoseconds, so the percentiles are within 1.6 %. */
static void record(struct load *lc, double secs)
{
    unsigned long long ns = (unsigned long long)(secs * 1e9);
    int e = 0;

    if (secs > lc->max_rtt)
        lc->max_rtt = secs;
    while ((ns >> e) >= 128 && e < 62)
        e++;
    lc->hist[64 * e + (ns >> e)]++; /* e = 0: 0..127 ns; e >= 1: [64e+64, 64e+128) */
}

/* The smallest round trip (seconds) that at least fraction p of them fit. */
static double percentile(const struct load *lc, double p)
{
    unsigned long long rank = (unsigned long long)(p * (double)lc->requests + 0.999999), seen = 0;
    size_t b;

    for (b = 0; b < sizeof(lc->hist) / sizeof(lc->hist[0]); b++) {
        seen += lc->hist[b];
        if (seen >= rank && seen > 0) {
            unsigned e = b < 128 ? 0 : (unsigned)(b / 64 - 1);
            unsigned long long m = b - 64 * e; /* the bucket is [m << e, (m + 1) << e) */
            double upper = (double)((m + 1) << e) / 1e9;

            return upper < lc->max_rtt ? upper : lc->max_rtt; /* never past the max */
        }
    }
    return lc->max_rtt;
}

/* Send the request's next bytes, as many as the send buffer takes. */
static void send_more(struct load *lc, long i)
{
    struct conn *c = &lc->conns[i];
    ssize_t n = write(lc->fds[i].fd, lc->pattern + c->sent, (size_t)lc->opt->size - c->sent);

    if (n == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        active_failed(lc, i, strerror(errno));
    }
    c->sent += (size_t)n;
    /* All sent: wait only for the echo (POLLIN), not for more room. */
    lc->fds[i].events = c->sent < (size_t)lc->opt->size ? POLLIN | POLLOUT : POLLIN;
}

/* Begin a request on active connection i; the echo is read while it goes. */
static void start_request(struct load *lc, long i)
{
    struct conn *c = &lc->conns[i];

    c->state = BUSY;
    c->sent = c->rcvd = 0;
    c->since = now_seconds();
    lc->pending++;
    send_more(lc, i);
}

/* -c: a new connection for active connection i's next request, opened as
 * main opens them all; the round trip counts from here (connect + echo). */
static void reconnect(struct load *lc, long i)
{
    int sockfd, flags;

    sockfd = socket(lc->servaddr->sa_family, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    if ((flags = fcntl(sockfd, F_GETFL)) == -1 || fcntl(sockfd, F_SETFL, flags | O_NONBLOCK) == -1)
        err_sys("fcntl O_NONBLOCK failed");
    lc->fds[i].fd = sockfd;
    lc->fds[i].events = POLLOUT;
    lc->conns[i].state = CONNECTING;
    lc->conns[i].since = now_seconds();
    lc->pending++;
    if (connect(sockfd, lc->servaddr, lc->servlen) == -1 && errno != EINPROGRESS)
        active_failed(lc, i, strerror(errno));
}

/* Read what the echo has so far and check it is what was sent. */
static void receive(struct load *lc, long i)
{
    struct conn *c = &lc->conns[i];
    char buf[BUFFER_SIZE];
    size_t want = (size_t)lc->opt->size - c->rcvd;
    ssize_t n = read(lc->fds[i].fd, buf, want < sizeof(buf) ? want : sizeof(buf));
    double t;

    if (n == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        active_failed(lc, i, strerror(errno));
    }
    if (n == 0)
        active_failed(lc, i, "server closed the connection");
    if (memcmp(buf, lc->pattern + c->rcvd, (size_t)n) != 0)
        active_failed(lc, i, "the echo differs from what was sent");
    c->rcvd += (size_t)n;
    if (c->rcvd < (size_t)lc->opt->size)
        return;
    t = now_seconds();
    record(lc, t - c->since);
    lc->requests++;
    lc->pending--;
    c->state = READY;
    lc->fds[i].events = 0;
    if (lc->opt->churn) { /* -c: close, and the next request connects anew */
        close_conn(lc, i);
        if (t < lc->end)
            reconnect(lc, i);
    } else if (t < lc->end) {
        start_request(lc, i);
    }
}

/* The handshake of connection i is over: how did it end? */
static void connected(struct load *lc, long i)
{
    int err = 0;
    socklen_t len = sizeof(err);
    char one = 'x';

    if (getsockopt(lc->fds[i].fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
        err_sys("getsockopt SO_ERROR failed");
    if (err != 0 && lc->measuring) /* -c: a reconnect failed */
        active_failed(lc, i, strerror(err));
    if (err != 0) {
        connect_failed(lc, i, err, "SO_ERROR");
        return;
    }
    if (lc->measuring) { /* -c: the request goes out on the new connection */
        lc->conns[i].state = BUSY;
        lc->conns[i].sent = lc->conns[i].rcvd = 0;
        send_more(lc, i);
        return;
    }
    lc->connected++;
    if (lc->conns[i].active) {
        lc->conns[i].state = READY; /* waits for the measured phase */
        lc->fds[i].events = 0;
        lc->pending--;
        return;
    }
    /* An idle connection says one byte: its echo proves the server holds it. */
    if (write(lc->fds[i].fd, &one, 1) != 1) {
        lc->closed++;
        lc->pending--;
        close_conn(lc, i);
        return;
    }
    lc->conns[i].state = GREETING;
    lc->fds[i].events = POLLIN;
}

/* An idle connection's greeting came back, or the server closed it. */
static void greeted(struct load *lc, long i)
{
    char one;
    ssize_t n = read(lc->fds[i].fd, &one, 1);

    if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    lc->pending--;
    if (n == 1) {
        lc->answered++;
        lc->conns[i].state = IDLE;
        /* Quiet from now on: stored as ~fd (negative), so poll() skips it
         * and each step costs the connections still under way, not all. */
        lc->fds[i].fd = ~lc->fds[i].fd;
    } else {
        lc->closed++;
        close_conn(lc, i);
    }
}

/* Connections whose connect, greeting or echo takes longer than -t. */
static void check_stalls(struct load *lc, long nfds, double now)
{
    long i;

    for (i = 0; i < nfds; i++) {
        struct conn *c = &lc->conns[i];

        if ((c->state != CONNECTING && c->state != GREETING && c->state != BUSY) ||
            lc->fds[i].fd == -1 || now - c->since <= lc->opt->stall)
            continue;
        if (c->active)
            active_stalled(lc, i, c->state == BUSY ? "no whole echo" : "not connected");
        lc->unanswered++;
        lc->pending--;
        close_conn(lc, i);
    }
}

/* One poll() over the connections (only the actives once measuring),
 * then one step for each that is ready. */
static void step(struct load *lc)
{
    long nfds = lc->measuring ? lc->opt->active : lc->n, i;
    int nready = poll(lc->fds, (nfds_t)nfds, POLL_MS);
    double now = now_seconds();

    if (nready == -1 && errno != EINTR)
        err_sys("poll failed");
    for (i = 0; i < nfds && nready > 0; i++) {
        short rev = lc->fds[i].revents;

        if (rev == 0)
            continue;
        nready--;
        switch (lc->conns[i].state) {
        case CONNECTING:
            connected(lc, i);
            break;
        case GREETING:
            greeted(lc, i);
            break;
        case BUSY:
            if (rev & (POLLIN | POLLERR | POLLHUP))
                receive(lc, i);
            if (lc->conns[i].state == BUSY && lc->conns[i].sent < (size_t)lc->opt->size &&
                (rev & POLLOUT))
                send_more(lc, i);
            break;
        case IDLE: /* never polled (~fd): idle_closed() looks at the end */
        case READY:
            active_failed(lc, i, "server closed the connection");
        case CLOSED:
            break;
        }
    }
    check_stalls(lc, nfds, now);
}

/* How many idle connections the server closed while the actives ran. */
static long idle_closed(struct load *lc)
{
    long i, gone = 0;

    for (i = lc->opt->active; i < lc->n; i++) {
        struct pollfd pfd = {.fd = ~lc->fds[i].fd, .events = POLLIN}; /* stored as ~fd */

        if (lc->conns[i].state != IDLE)
            continue;
        if (poll(&pfd, 1, 0) == -1)
            err_sys("poll failed");
        if (pfd.revents != 0)
            gone++; /* readable: EOF or a reset (it sends nothing otherwise) */
    }
    return gone;
}

/* The end of the setup phase: how many connected, how the idle ones did. */
static void report_setup(const struct load *lc, double elapsed)
{
    printf("connected %ld of %ld in %.3f s: %ld refused, %ld failed\n", lc->connected, lc->n,
           elapsed, lc->refused, lc->failed);
    if (lc->opt->idle > 0)
        printf("idle %ld: %ld answered, %ld closed by the server, %ld unanswered\n", lc->opt->idle,
               lc->answered, lc->closed, lc->unanswered);
    check_stdout();
    if (lc->active_failed > 0)
        err_quit("%ld of %ld active connections did not connect", lc->active_failed,
                 lc->opt->active);
}

static void report(struct load *lc, double elapsed)
{
    long long cpu = lc->opt->server_pid ? server_cpu_ns(lc->opt->server_pid) - lc->cpu0 : 0;

    printf("requests %ld in %.3f s (%ld active, %ld bytes each%s): %.0f per second\n", lc->requests,
           elapsed, lc->opt->active, lc->opt->size, lc->opt->churn ? ", a connection each" : "",
           elapsed > 0 ? (double)lc->requests / elapsed : 0.0);
    if (lc->requests > 0)
        printf("round trip ms: p50 %.3f p90 %.3f p99 %.3f max %.3f\n", percentile(lc, 0.50) * 1e3,
               percentile(lc, 0.90) * 1e3, percentile(lc, 0.99) * 1e3, lc->max_rtt * 1e3);
    if (lc->opt->server_pid != 0 && lc->requests > 0)
        printf("server CPU per request: %.2f us (pid %ld: %.6f s for %ld requests)\n",
               (double)cpu / 1e3 / (double)lc->requests, lc->opt->server_pid, (double)cpu / 1e9,
               lc->requests);
    if (lc->opt->idle > 0) {
        long gone = idle_closed(lc);

        printf("idle at the end: %ld open, %ld closed by the server\n", lc->answered - gone, gone);
    }
    check_stdout();
}

/* Close what is still open and free the arrays. */
static void teardown(struct load *lc)
{
    long i;

    for (i = 0; i < lc->n; i++) {
        if (lc->conns[i].state == IDLE)
            lc->fds[i].fd = ~lc->fds[i].fd; /* the quiet ones: stored as ~fd */
        if (lc->fds[i].fd != -1)
            close_conn(lc, i);
    }
    free(lc->fds);
    free(lc->conns);
    free(lc->pattern);
}

/* The command line into *opt: options (before or after the address),
 * then <IPaddress>. Bad values exit 2 with a message. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    static char port[8];
    int c;

    memset(opt, 0, sizeof(*opt));
    opt->active = 1;
    opt->size = 64;
    opt->secs = 5;
    opt->stall = 5;
    snprintf(port, sizeof(port), "%u", (unsigned)SERV_PORT);
    options_first(argc, argv, OPTSTRING); /* options may follow the address */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            snprintf(port, sizeof(port), "%u", (unsigned)parse_port(optarg));
            break;
        case 'i':
            opt->idle = parse_long(optarg, 0, MAX_CONNS, "idle connection count");
            break;
        case 'a':
            opt->active = parse_long(optarg, 0, MAX_CONNS, "active connection count");
            break;
        case 's':
            opt->size = parse_long(optarg, 1, MAX_BYTES, "request size");
            break;
        case 'd':
            opt->secs = (double)parse_seconds(optarg, 3600, "duration") / 1e6;
            break;
        case 't':
            opt->stall = (double)parse_seconds(optarg, 3600, "stall limit") / 1e6;
            if (opt->stall == 0)
                err_arg("invalid stall limit '%s': expected more than 0 seconds", optarg);
            break;
        case 'c':
            opt->churn = 1;
            break;
        case 'P':
            opt->server_pid = parse_long(optarg, 1, 2147483647, "server process ID");
            break;
        case 'h':
            usage_exit(usage_text, 0);
        default:
            usage_exit(usage_text, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(usage_text, 2);
    if (opt->idle + opt->active > MAX_CONNS)
        err_arg("too many connections: -i plus -a is at most %ld", MAX_CONNS);
    if (opt->idle + opt->active == 0)
        err_arg("nothing to do: -i and -a are both 0");
    opt->host = argv[optind];
    opt->port = port;
    /* A full literal only, as inet_pton() reads it: getaddrinfo() also
     * takes inet_aton()'s shorthand (1.2.3 is 1.2.0.3, 127.1 127.0.0.1). */
    {
        unsigned char a[sizeof(struct in6_addr)];
        char v6[INET6_ADDRSTRLEN] = ""; /* zero-filled: terminated */
        size_t n = strcspn(opt->host, "%"); /* fe80::1%lo: the scope after % */

        if (n < sizeof(v6))
            memcpy(v6, opt->host, n);
        if (inet_pton(AF_INET, opt->host, a) != 1 && inet_pton(AF_INET6, v6, a) != 1)
            err_arg("invalid IP address '%s': expected IPv4 or IPv6, such as 127.0.0.1 or ::1",
                    opt->host);
    }
}

/*
 * serve.c - what every echo server of the multiplex chapter shares (see
 * serve.h): options, per-connection lines, the bounded echo, accept errors,
 * stop signals, the stats line.
 */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#define MAP_ANONYMOUS MAP_ANON /* older BSD name */
#endif

volatile sig_atomic_t stop_requested;

/* The counters, in memory shared with forkserver's children (mmap
 * MAP_SHARED, made before any fork) and updated atomically (threadserver's
 * threads, forkserver's processes): the "K clients" of every line and the
 * stats line stay right whoever serves the client. */
struct counters {
    atomic_long served;  /* clients accepted */
    atomic_long now;     /* clients connected now */
    atomic_long done;    /* clients that have left */
    atomic_long reads;   /* read() calls that returned bytes */
};
static struct counters *count;

static void init_counters(void)
{
    void *p = mmap(NULL, sizeof(*count), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        err_sys("mmap failed");
    count = p;
    atomic_init(&count->served, 0);
    atomic_init(&count->now, 0);
    atomic_init(&count->done, 0);
    atomic_init(&count->reads, 0);
}

void parse_server_options(int argc, char **argv, const char *usage_text,
                          const char *knobs, struct server_options *opt)
{
    char optstring[32] = "p:n:qr:6h";
    int c;

    strncat(optstring, knobs, sizeof(optstring) - strlen(optstring) - 1);
    memset(opt, 0, sizeof(*opt));
    opt->port = SERV_PORT;
    opt->family = AF_INET;
    opt->read_size = BUFFER_SIZE;
    opt->stall_usec = STALL_DEFAULT * 1000000LL;
    options_first(argc, argv, optstring);
    while ((c = getopt(argc, argv, optstring)) != -1) {
        switch (c) {
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'n':
            opt->clients = parse_long(optarg, 0, 1000000000, "client count (-n)");
            break;
        case 'q':
            opt->quiet = 1;
            break;
        case 'r':
            opt->read_size = parse_long(optarg, 1, BUFFER_SIZE, "read size (-r, bytes)");
            break;
        case '6':
            opt->family = AF_INET6;
            break;
        case 'Z':
            opt->no_reap = 1;
            break;
        case 'U':
            opt->unguarded = 1;
            break;
        case 'E':
            opt->no_spare = 1;
            break;
        case 'e':
            opt->edge = 1;
            break;
        case '1':
            opt->one_read = 1;
            break;
        case 't':
            opt->stall_usec = parse_seconds(optarg, 3600, "stall time (-t, seconds)");
            break;
        case 'h':
            usage_exit(usage_text, 0);
        default:
            usage_exit(usage_text, 2);
        }
    }
    if (optind != argc)
        usage_exit(usage_text, 2);
    if (opt->one_read && !opt->edge)
        err_arg("-1 needs -e: one read per event is a bug only when edge-triggered");
    init_counters();
}

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

void catch_stop_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: the blocked call returns EINTR */
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)
        err_sys("sigaction failed");
}

ssize_t read_unless_stopped(int fd, void *buf, size_t len)
{
    sigset_t stops, old;
    fd_set rset;
    int ready = 0;

    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &stops, &old) == -1)
        err_sys("sigprocmask failed");
    if (stop_requested) { /* came before the signals were blocked */
        ready = -1;
        errno = EINTR;
    } else if (fd < FD_SETSIZE) { /* (beyond, no fd_set holds it: read() waits) */
        FD_ZERO(&rset);
        FD_SET(fd, &rset);
        ready = pselect(fd + 1, &rset, NULL, NULL, NULL, &old); /* EINTR: a stop */
    }
    if (sigprocmask(SIG_SETMASK, &old, NULL) == -1)
        err_sys("sigprocmask failed");
    if (ready == -1)
        return -1; /* errno: pselect's (EINTR), or EINTR for a stop seen first */
    return read(fd, buf, len); /* readable: does not block */
}

/* Read and write back until EOF, an error, or a stop signal. Both calls
 * block: the read until the client sends (in pselect(), which a stop
 * signal always interrupts: see read_unless_stopped), write() until its
 * socket takes it. */
void echo_until_eof(struct client *c, const struct server_options *opt)
{
    char buf[BUFFER_SIZE];
    ssize_t n, w, done;

    while (!stop_requested) { /* Ctrl-C, SIGTERM: stop, even mid-client */
        n = read_unless_stopped(c->fd, buf, (size_t)opt->read_size);
        if (n == -1 && errno == EINTR)
            continue; /* a signal: the loop's test decides */
        if (n == -1)
            read_failed(c);
        if (n <= 0)
            return; /* 0: EOF, the client closed; -1: an error */
        count_read();
        /* Write it all back (not writen(): it would retry EINTR for ever
         * when a client that never reads keeps the write blocked). */
        for (done = 0; done < n && !stop_requested; done += w) {
            w = write(c->fd, buf + done, (size_t)(n - done));
            if (w == -1 && errno == EINTR)
                w = 0; /* a signal: the loop's test decides */
            else if (w == -1) {
                err_ret("write to %s failed", c->addr);
                return;
            }
        }
    }
}

void set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags == -1)
        err_sys("fcntl F_GETFL failed");
    if (fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
        err_sys("fcntl F_SETFL failed");
}

int open_spare_fd(void)
{
    int fd = open("/dev/null", O_RDONLY);

    if (fd == -1)
        err_sys("open /dev/null failed");
    return fd;
}

/* Every client open now, newest first: threadserver's threads add and
 * remove theirs concurrently, hence the lock. */
static struct client *all_clients;
static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER;

static void link_client(struct client *c)
{
    pthread_mutex_lock(&all_lock);
    c->prev = NULL;
    c->next = all_clients;
    if (all_clients != NULL)
        all_clients->prev = c;
    all_clients = c;
    pthread_mutex_unlock(&all_lock);
}

static void unlink_client(struct client *c)
{
    pthread_mutex_lock(&all_lock);
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        all_clients = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&all_lock);
}

static int paused_clients; /* the event loops' clients now paused */

static atomic_int last_accept_errno; /* the current run of failures' error (threadserver: reset by its threads) */

/* A failure a peer or a passing shortage causes; the server goes on. */
static int transient(int e)
{
    switch (e) {
    case ECONNABORTED: /* reset before accept() (the BSDs, macOS) */
    case EPROTO:       /* a protocol error on the new connection */
    case EINTR:        /* a signal (SIGCHLD, SIGTERM) */
    case EAGAIN:       /* readiness was not a promise: someone took it */
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EMFILE: case ENFILE: case ENOBUFS: case ENOMEM:
    case EPERM:        /* Linux: a firewall rule refused it */
    /* Linux: "already-pending network errors" of the new socket */
    case ENETDOWN: case ENOPROTOOPT: case EHOSTDOWN: case EHOSTUNREACH:
    case EOPNOTSUPP: case ENETUNREACH: case ETIMEDOUT:
        return 1;
    default:
        return 0;
    }
}

int accept_failed(int listenfd, int *spare, const struct server_options *opt)
{
    int e = errno, connfd = -1;

    if (!transient(e))
        err_sys("accept failed");
    if (e == EINTR || e == EAGAIN || e == EWOULDBLOCK)
        return 0; /* nothing to say: the loop goes on */
    if (e != last_accept_errno) { /* once per run: a spin must not flood */
        err_ret("accept failed");
        last_accept_errno = e;
    }
    if ((e == EMFILE || e == ENFILE) && *spare != -1) {
        struct sockaddr_storage cliaddr;
        socklen_t clilen = sizeof(cliaddr);

        /* Out of descriptors: the connection stays in the accept queue and
         * the listener stays readable, so the loop would spin. Free one
         * descriptor, take the connection and close it at once. */
        close(*spare);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd != -1)
            client_refuse(connfd, (struct sockaddr *)&cliaddr, "no descriptor left", opt);
        *spare = open_spare_fd();
    }
    /* Linux fails accept() with EMFILE before it looks at the queue, even
     * an empty one: only a connection taken off it says "try again". */
    return connfd != -1 || (e != EMFILE && e != ENFILE && e != ENOBUFS && e != ENOMEM);
}

/* Print a line with one write(2): a stop signal (no SA_RESTART) that
 * lands while a full pipe blocks it fails it (EINTR) and ends the server
 * with `stdout failed: Interrupted system call (4)`, exit 1: a stalled
 * reader (`| less` left alone) must not keep Ctrl-C and SIGTERM from
 * working. A line below PIPE_BUF goes into a pipe whole or not at all,
 * and threads or children printing at once never tear it. Once a stop
 * is requested (the stats line), stdout gets a second, then the same. */
void say(const char *fmt, ...)
{
    char line[1024];
    struct pollfd out = { .fd = STDOUT_FILENO, .events = POLLOUT };
    va_list ap;
    size_t len, done = 0;
    ssize_t w;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    len = n < 0 ? 0 : (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
    if (fflush(stdout) == EOF) /* what stdio holds (the listening line) first */
        err_sys("stdout failed");
    while (done < len) {
        if (stop_requested && poll(&out, 1, 1000) == 0) {
            errno = EAGAIN; /* nobody reads: say so on stderr and go */
            err_sys("stdout failed");
        }
        w = write(STDOUT_FILENO, line + done, len - done);
        if (w == -1 && errno == EINTR && !stop_requested)
            continue; /* another signal (SIGCHLD): go on */
        if (w == -1)
            err_sys("stdout failed");
        done += (size_t)w;
    }
}

/* The per-connection lines: none with -q (what they count is counted
 * before: the arguments of a line not printed are not evaluated). */
#define print_line(opt, ...) ((opt)->quiet ? (void)0 : say(__VA_ARGS__))

struct client *client_open(int connfd, const struct sockaddr *cliaddr,
                           const struct server_options *opt)
{
    struct client *c = calloc(1, sizeof(*c));
    long now;

    if (c == NULL)
        err_sys("calloc failed");
    c->fd = connfd;
    sockaddr_text(cliaddr, c->addr, sizeof(c->addr));
    last_accept_errno = 0;
    atomic_fetch_add(&count->served, 1);
    now = atomic_fetch_add(&count->now, 1) + 1;
    link_client(c);
    print_line(opt, "connection from %s (fd %d, %ld clients)\n", c->addr, connfd, now);
    return c;
}

void client_refuse(int connfd, const struct sockaddr *cliaddr, const char *why,
                   const struct server_options *opt)
{
    char addr[ADDR_TEXT_LEN];

    if (close(connfd) == -1)
        err_sys("close failed");
    (void)opt; /* printed even with -q: a refusal is news */
    say("refused %s: %s (%ld clients)\n", sockaddr_text(cliaddr, addr, sizeof(addr)), why,
        atomic_load(&count->now));
}

long client_close(struct client *c, const struct server_options *opt)
{
    long done, now;

    if (close(c->fd) == -1)
        err_sys("close failed");
    paused_clients -= c->paused;
    done = atomic_fetch_add(&count->done, 1) + 1;
    now = atomic_fetch_sub(&count->now, 1) - 1;
    print_line(opt, "client %s closed (%ld clients)\n", c->addr, now);
    unlink_client(c);
    free(c->pending);
    free(c);
    return done;
}

void client_forget(struct client *c)
{
    paused_clients -= c->paused;
    unlink_client(c);
    free(c->pending);
    free(c);
}

void free_clients(void)
{
    struct client *c;

    while ((c = all_clients) != NULL) {
        close(c->fd);
        client_forget(c);
    }
}

/* Write what the socket takes now; 0 and *taken, or -1 (an error, said). */
static int write_some(struct client *c, const char *buf, size_t n, size_t *taken)
{
    ssize_t w;

    *taken = 0;
    while (*taken < n) {
        w = write(c->fd, buf + *taken, n - *taken);
        if (w == -1 && errno == EINTR)
            continue;
        if (w == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0; /* its send buffer is full: the rest waits */
        if (w == -1) {
            err_ret("write to %s failed", c->addr);
            return -1;
        }
        *taken += (size_t)w;
    }
    return 0;
}

/* Pause c at ECHO_LIMIT, resume it below; progress: echo went out. */
static void update_pause(struct client *c, int progress)
{
    int paused = c->len >= ECHO_LIMIT;

    if (paused && (!c->paused || progress))
        c->since = now_seconds();
    paused_clients += paused - c->paused;
    c->paused = paused;
}

int echo(struct client *c, const char *buf, size_t n)
{
    size_t taken = 0;
    char *p;

    atomic_fetch_add(&count->reads, 1);
    /* Nothing waiting: straight to the socket (the usual case). */
    if (c->len == 0 && write_some(c, buf, n, &taken) == -1)
        return -1;
    if (taken == n)
        return 0;
    /* The rest waits behind what already waits; at ECHO_LIMIT, c pauses. */
    p = realloc(c->pending, c->len + (n - taken));
    if (p == NULL)
        err_sys("realloc failed");
    memcpy(p + c->len, buf + taken, n - taken);
    c->pending = p;
    c->len += n - taken;
    update_pause(c, 0);
    return 0;
}

int echo_flush(struct client *c)
{
    size_t taken;

    if (c->len == 0)
        return 0; /* nothing waits */
    if (write_some(c, c->pending, c->len, &taken) == -1)
        return -1;
    memmove(c->pending, c->pending + taken, c->len - taken);
    c->len -= taken;
    if (c->len == 0) { /* all out: give the memory back */
        free(c->pending);
        c->pending = NULL;
    }
    update_pause(c, taken > 0);
    return 0;
}

int wants_input(const struct client *c)
{
    return !c->eof && !c->paused;
}

int stall_wait_ms(void)
{
    return paused_clients > 0 ? 50 : -1;
}

int client_stalled(const struct client *c, const struct server_options *opt)
{
    if (!c->paused || now_seconds() - c->since < (double)opt->stall_usec / 1e6)
        return 0;
    say("client %s dropped: %zu bytes of echo unread\n", c->addr, c->len);
    return 1;
}

struct client *next_stalled(const struct server_options *opt)
{
    struct client *c;

    if (paused_clients == 0)
        return NULL;
    for (c = all_clients; c != NULL; c = c->next)
        if (client_stalled(c, opt))
            return c;
    return NULL;
}

int client_finished(const struct client *c)
{
    return c->eof && c->len == 0;
}

void read_failed(const struct client *c)
{
    err_ret("read from %s failed", c->addr);
}

void count_read(void)
{
    atomic_fetch_add(&count->reads, 1);
}

long clients_now(void)
{
    return atomic_load(&count->now);
}

long clients_done(void)
{
    return atomic_load(&count->done);
}

int enough_clients(const struct server_options *opt)
{
    return opt->clients > 0 && atomic_load(&count->done) >= opt->clients;
}

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

void print_stats(void)
{
    struct rusage self, children;
    double user, sys;
    char per_read[64];
    long reads = atomic_load(&count->reads);

    if (getrusage(RUSAGE_SELF, &self) == -1 || getrusage(RUSAGE_CHILDREN, &children) == -1)
        err_sys("getrusage failed");
    user = seconds(self.ru_utime) + seconds(children.ru_utime);
    sys = seconds(self.ru_stime) + seconds(children.ru_stime);
    if (reads > 0)
        snprintf(per_read, sizeof(per_read), "%.1f us per read", (user + sys) * 1e6 / (double)reads);
    else
        snprintf(per_read, sizeof(per_read), "no reads");
    say("served %ld clients, %ld reads; CPU %.6f s (user %.6f + system %.6f), %s\n",
        atomic_load(&count->served), reads, user + sys, user, sys, per_read);
}

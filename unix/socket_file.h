/*
 * socket_file.h - what the four local-socket programs share, once: the
 * path that names a local socket (checked against sun_path, never
 * truncated), the life of the socket file that bind() creates (a stale one
 * replaced, a live one or a non-socket refused, ours removed on every way
 * out), and the signals that end a program the normal way.
 *
 * The socket calls each chapter teaches (socket, bind, listen, accept,
 * connect, sendto, recvfrom) stay in the programs themselves.
 */
#ifndef UNIX_SOCKET_FILE_H
#define UNIX_SOCKET_FILE_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/un.h>

/* Fill addr (AF_UNIX) with path. sun_path is a fixed array (108 bytes on
 * Linux, 104 on macOS and the BSDs) that must hold the path and its NUL:
 * an empty path or a longer one exits 2 with a message; never truncated
 * (a cut path would name another file). */
void set_socket_path(struct sockaddr_un *addr, const char *path);

/* Before bind(), which fails if the path exists: remove a socket file an
 * earlier run left behind (nothing bound to it any more) and say so.
 * Refuse (exit 1, nothing deleted) a path that is not a socket (lstat: a
 * symlink is not followed) or a socket file a running server still owns. */
void remove_stale_socket(const struct sockaddr_un *addr);

/* Right after bind() created the file at path: remember which file it is
 * (device, inode) and remove it when the program exits (atexit), unless
 * another server has replaced it meanwhile. */
void remove_at_exit(const char *path);

/* The signal number that asked the program to stop, or 0. */
extern volatile sig_atomic_t stop_signal;

/* Catch every signal a user sends to end a program: SIGINT (Ctrl-C),
 * SIGQUIT (Ctrl-\), SIGTERM (kill), SIGHUP (terminal closed), SIGUSR1,
 * SIGUSR2, SIGALRM (and SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ where they
 * exist). The handler only sets stop_signal; without SA_RESTART the
 * blocked accept, read or recvfrom fails with EINTR and main leaves the
 * normal way, so the atexit cleanup runs. SIGKILL cannot be caught. */
void catch_stop_signals(void);

#endif /* UNIX_SOCKET_FILE_H */

"""fork: a child process per client (os.fork), reaped on SIGCHLD."""
import os
import signal

import peer


def reap(signum, frame):
    # Every child that has ended, not only the one this signal is for: signals do not queue.
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def handle(conn):
    while True:
        try:
            data = conn.recv(4096)
        except ConnectionError:
            return
        if not data:
            return
        conn.sendall(data)


signal.signal(signal.SIGCHLD, reap)
server = peer.listen()
while True:
    conn, addr = server.accept()
    parent = os.getpid()
    if os.fork() == 0:
        server.close()
        peer.die_with(parent)  # a kill -9 of the server must not leave its children serving
        handle(conn)
        os._exit(0)
    conn.close()

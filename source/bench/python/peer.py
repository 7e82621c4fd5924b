"""What every CPython peer of `echo-tui bench` shares, and the textbook's loops leave out: listen, say where, die with bench."""
import ctypes
import os
import signal
import socket
import sys

PR_SET_PDEATHSIG = 1  # prctl(2), <linux/prctl.h>


def die_with(parent_pid):
    """Have the kernel SIGKILL us when `parent_pid` ends, even by kill -9 (prctl(2) PR_SET_PDEATHSIG)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        sys.exit(f'prctl: {os.strerror(ctypes.get_errno())}')
    # The parent may have ended before the line above took effect: nobody would stop us then.
    if os.getppid() != parent_pid:
        sys.exit('the parent is gone')


def listen():
    """The listening socket on 127.0.0.1:argv[1] (0: any free port); argv[2] is bench's pid, to die with."""
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if len(sys.argv) > 2:
        die_with(int(sys.argv[2]))
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Never all interfaces: an echo server open to the network is a gift to strangers.
    server.bind(('127.0.0.1', port))
    # SOMAXCONN, as the models and the C reference listen under bench: 100 clients connecting
    # at once into the textbook's listen(5) would measure SYN retransmits, not the loop.
    server.listen(socket.SOMAXCONN)
    print(f'listening {server.getsockname()[1]}', flush=True)
    return server

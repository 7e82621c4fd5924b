"""epoll-et: epoll, edge-triggered: one event per edge, so each socket is drained until EAGAIN."""
import select

import peer

server = peer.listen()
server.setblocking(False)
epoll = select.epoll()
epoll.register(server.fileno(), select.EPOLLIN | select.EPOLLET)
connections = {}
responses = {}


def serve(fileno):
    """Send what is pending, then read and echo until recv says EAGAIN; False once the client is gone."""
    conn = connections[fileno]
    while True:
        try:
            if responses[fileno]:
                responses[fileno] = responses[fileno][conn.send(responses[fileno]):]
                if responses[fileno]:
                    return True  # the kernel is full: EPOLLOUT's next edge brings us back
            data = conn.recv(4096)
        except BlockingIOError:
            return True
        except ConnectionError:
            return False
        if not data:
            return False
        responses[fileno] = data


while True:
    for fileno, event in epoll.poll():
        if fileno == server.fileno():
            while True:
                try:
                    conn, addr = server.accept()
                except BlockingIOError:
                    break
                conn.setblocking(False)
                connections[conn.fileno()] = conn
                responses[conn.fileno()] = b''
                epoll.register(conn.fileno(), select.EPOLLIN | select.EPOLLOUT | select.EPOLLET)
        elif not serve(fileno):
            epoll.unregister(fileno)
            connections.pop(fileno).close()
            del responses[fileno]

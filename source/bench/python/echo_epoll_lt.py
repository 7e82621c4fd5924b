"""epoll-lt: epoll, level-triggered: a socket is reported again as long as data is left unread."""
import select

import peer

server = peer.listen()
server.setblocking(False)
epoll = select.epoll()
epoll.register(server.fileno(), select.EPOLLIN)
connections = {}
responses = {}

while True:
    for fileno, event in epoll.poll():
        if fileno == server.fileno():
            conn, addr = server.accept()
            conn.setblocking(False)
            epoll.register(conn.fileno(), select.EPOLLIN)
            connections[conn.fileno()] = conn
            responses[conn.fileno()] = b''
            continue
        conn = connections[fileno]
        try:
            if event & select.EPOLLOUT:
                responses[fileno] = responses[fileno][conn.send(responses[fileno]):]
                if not responses[fileno]:
                    epoll.modify(fileno, select.EPOLLIN)
                continue
            data = conn.recv(4096)
            if data:
                sent = conn.send(data)
                if sent < len(data):
                    # The rest goes out when the socket is writable; reading waits meanwhile.
                    responses[fileno] = data[sent:]
                    epoll.modify(fileno, select.EPOLLOUT)
                continue
        except BlockingIOError:
            continue
        except ConnectionError:
            pass
        epoll.unregister(fileno)
        connections.pop(fileno).close()
        del responses[fileno]

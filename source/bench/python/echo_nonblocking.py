"""nonblocking: one thread, non-blocking sockets, busy polling: try every socket, again and again."""
import peer

server = peer.listen()
server.setblocking(False)
clients = []
while True:
    try:
        conn, addr = server.accept()
        conn.setblocking(False)
        clients.append(conn)
    except BlockingIOError:
        pass
    for conn in list(clients):
        try:
            data = conn.recv(4096)
        except BlockingIOError:
            continue
        except ConnectionError:
            data = b''
        if not data:
            clients.remove(conn)
            conn.close()
            continue
        while data:
            try:
                data = data[conn.send(data):]
            except BlockingIOError:
                pass  # the kernel's send buffer is full: poll again, as everything here does

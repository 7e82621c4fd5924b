"""blocking: one client at a time, blocking sockets; the others wait in the listen backlog."""
import peer

server = peer.listen()
while True:
    conn, addr = server.accept()
    with conn:
        while True:
            try:
                data = conn.recv(4096)
            except ConnectionError:
                break
            if not data:
                break
            conn.sendall(data)

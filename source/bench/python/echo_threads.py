"""threads: a thread per client (threading.Thread), blocking sockets."""
import threading

import peer


def handle(conn):
    with conn:
        while True:
            try:
                data = conn.recv(4096)
            except ConnectionError:
                return
            if not data:
                return
            conn.sendall(data)


server = peer.listen()
while True:
    conn, addr = server.accept()
    threading.Thread(target=handle, args=(conn,), daemon=True).start()

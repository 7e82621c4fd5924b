"""select: one thread waits in select() for any readable socket, then serves it."""
import select

import peer

server = peer.listen()
inputs = [server]
while True:
    readable, _, _ = select.select(inputs, [], [])
    for s in readable:
        if s is server:
            conn, addr = server.accept()
            inputs.append(conn)
            continue
        try:
            data = s.recv(4096)
        except ConnectionError:
            data = b''
        if data:
            s.sendall(data)
        else:
            inputs.remove(s)
            s.close()

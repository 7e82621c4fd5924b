"""select-queue: select() with a message queue per client and a write list: data waits until its socket is writable."""
import queue
import select

import peer

server = peer.listen()
server.setblocking(False)
inputs = [server]
outputs = []
message_queues = {}
rest = {}  # what a short send left over, sent before the next message


def drop(s):
    for watched in (inputs, outputs):
        if s in watched:
            watched.remove(s)
    message_queues.pop(s, None)
    rest.pop(s, None)
    s.close()


while inputs:
    readable, writable, exceptional = select.select(inputs, outputs, inputs)
    for s in readable:
        if s is server:
            conn, addr = s.accept()
            conn.setblocking(False)
            inputs.append(conn)
            message_queues[conn] = queue.Queue()
            continue
        try:
            data = s.recv(4096)
        except ConnectionError:
            data = b''
        if data:
            message_queues[s].put(data)
            if s not in outputs:
                outputs.append(s)
        else:
            drop(s)
    for s in writable:
        if s not in message_queues:
            continue  # dropped while reading above
        try:
            next_msg = rest.pop(s, None) or message_queues[s].get_nowait()
        except queue.Empty:
            outputs.remove(s)
            continue
        try:
            sent = s.send(next_msg)
        except ConnectionError:
            drop(s)
            continue
        if sent < len(next_msg):
            rest[s] = next_msg[sent:]
    for s in exceptional:
        if s in message_queues:
            drop(s)

#!/usr/bin/env python3
"""A one-connection TCP relay that records both directions as hex (used to capture vectors).

usage: tcp_record.py LISTEN_PORT TARGET_PORT OUT_FILE
Accepts one connection on 127.0.0.1:LISTEN_PORT, relays it to 127.0.0.1:TARGET_PORT and, when both
sides have closed, writes two lines: "c2s <hex>" and "s2c <hex>" (the whole byte stream each way).
"""
import socket, sys, threading

listen_port, target_port, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", listen_port)); ls.listen(1)
c, _ = ls.accept()
s = socket.create_connection(("127.0.0.1", target_port))
streams = {"c2s": bytearray(), "s2c": bytearray()}

def pump(src, dst, name):
    while True:
        b = src.recv(65536)
        if not b:
            try: dst.shutdown(socket.SHUT_WR)
            except OSError: pass
            return
        streams[name] += b
        dst.sendall(b)

t1 = threading.Thread(target=pump, args=(c, s, "c2s")); t2 = threading.Thread(target=pump, args=(s, c, "s2c"))
t1.start(); t2.start(); t1.join(); t2.join()
with open(out, "w") as f:
    f.write("c2s " + streams["c2s"].hex() + "\n")
    f.write("s2c " + streams["s2c"].hex() + "\n")

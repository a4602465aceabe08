#!/usr/bin/env python3
"""Peers for the tunnel tests (tunnel_basic.sh, redis_tunnel.sh); not a test by itself.

  backend PORT_FILE LOG       a plaintext asyncio server (port 0; its port is written to PORT_FILE).
                              It logs "accept" for every connection, then acts on the first line:
                                SINK          read to EOF, log "sink <bytes> <sha256>"
                                SOURCE <path> send the file, shut down writing, read to EOF
                                HALF          send "server-done\\n", shut down writing, read to EOF,
                                              log "half <repr of what came after>"
                                EOFCHECK      read to EOF, log "eof <bytes>", then send 14 bytes
                                anything else echo line by line; a "QUIT" line is echoed, then close
  half PORT                   TLS client: both half-close directions (see tunnel_basic.sh)
  limits PORT                 --max-conns 2, --handshake-timeout 1, --idle-timeout 1 behaviour
  load PORT N TUNNEL_PID      N concurrent TLS connections, each echoing one line, all held open
                              until every one has its answer; prints "ok <n>" and "peak fds <n>"
  reload PORT PID LOG PREFIX  SIGHUP reload: PREFIX.pem/.key are the files the tunnel was given

The CA and certificates come from $TUNNEL_CERTS (vectors/certs).
"""
import asyncio
import hashlib
import os
import resource
import shutil
import signal
import socket
import ssl
import sys
import time

CERTS = os.environ.get("TUNNEL_CERTS", "vectors/certs")


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def client_ctx():
    return ssl.create_default_context(cafile=os.path.join(CERTS, "ca.pem"))


def tls_connect(port, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return client_ctx().wrap_socket(s, server_hostname="localhost")


def read_line(s):
    data = b""
    while not data.endswith(b"\n"):
        d = s.recv(4096)
        if not d:
            break
        data += d
    return data


def read_to_eof(s):
    data = b""
    while True:
        try:
            d = s.recv(65536)
        except (ssl.SSLZeroReturnError, ConnectionResetError):
            break
        if not d:
            break
        data += d
    return data


# ---- the backend ---------------------------------------------------------------------------

def backend(port_file, log_path):
    raise_fd_limit()
    log_file = open(log_path, "a", buffering=1)

    def log(line):
        log_file.write(line + "\n")
        log_file.flush()

    async def read_all(reader, sink=None):
        n = 0
        while True:
            d = await reader.read(1 << 16)
            if not d:
                return n
            n += len(d)
            if sink:
                sink(d)

    async def handle(reader, writer):
        log("accept")
        try:
            first = await reader.readline()
            if first == b"SINK\n":
                h = hashlib.sha256()
                n = await read_all(reader, h.update)
                log(f"sink {n} {h.hexdigest()}")
            elif first.startswith(b"SOURCE "):
                with open(first[7:].strip().decode(), "rb") as f:
                    while True:
                        d = f.read(1 << 16)
                        if not d:
                            break
                        writer.write(d)
                        await writer.drain()
                writer.write_eof()
                await read_all(reader)
                log("source done")
            elif first == b"HALF\n":
                writer.write(b"server-done\n")
                await writer.drain()
                writer.write_eof()
                got = []
                await read_all(reader, got.append)
                log(f"half {b''.join(got)!r}")
            elif first == b"EOFCHECK\n":
                log(f"eof {await read_all(reader)}")
                writer.write(b"bye-after-eof\n")  # the tunnel must read it (and drop it)
                await writer.drain()
            else:
                line = first
                while line:
                    writer.write(line)
                    await writer.drain()
                    if line == b"QUIT\n":
                        break
                    line = await reader.readline()
        except Exception as e:  # a peer reset: log it, it is not the backend's failure
            log(f"error {e!r}")
        finally:
            writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=2048, limit=1 << 20)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.sockets[0].getsockname()[1]))
        os.rename(port_file + ".tmp", port_file)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


# ---- clients ---------------------------------------------------------------------------------

def half(port):
    # (1) The backend ends its side: we get close_notify; we may still send, and it arrives.
    s = tls_connect(port)
    s.sendall(b"HALF\n")
    if read_to_eof(s) == b"server-done\n":
        print("client got close_notify after server-done")
    s.sendall(b"late data\n")
    try:
        s.unwrap()  # our close_notify (the tunnel's came first)
    except (ssl.SSLError, OSError):
        pass
    s.close()
    # (2) We end our side with close_notify: the backend must see EOF after exactly our bytes.
    s = tls_connect(port)
    s.sendall(b"EOFCHECK\npayload\n")
    try:
        s.unwrap()
    except (ssl.SSLError, OSError):
        pass
    s.close()


def limits(port):
    a = socket.create_connection(("127.0.0.1", port), timeout=10)
    b = socket.create_connection(("127.0.0.1", port), timeout=10)
    c = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        if c.recv(1) == b"":
            print("third refused")
    except OSError:
        print("third refused")
    closed = 0
    for s in (a, b):  # they never start a handshake: the tunnel must drop them
        try:
            if s.recv(1) == b"":
                closed += 1
        except ConnectionResetError:
            closed += 1
        except socket.timeout:
            pass
    print(f"silent closed {closed}")
    for s in (a, b, c):
        s.close()
    s = tls_connect(port)
    s.sendall(b"x\n")
    if read_line(s) == b"x\n":
        try:
            if s.recv(1) == b"":  # close_notify after the idle timeout
                print("idle closed")
        except socket.timeout:
            pass
    s.close()


def load(port, n, tunnel_pid):
    raise_fd_limit()
    ctx = client_ctx()
    state = {"done": 0, "peak": 0}

    async def one(i, all_done):
        ok = False
        w = None
        try:
            r, w = await asyncio.open_connection("127.0.0.1", port, ssl=ctx, server_hostname="localhost")
            msg = f"line {i}\n".encode()
            w.write(msg)
            await w.drain()
            ok = await r.readline() == msg
        except Exception as e:
            print(f"conn {i}: {e!r}", file=sys.stderr)
        finally:
            state["done"] += 1
            if state["done"] == n:  # every connection is open (or failed) right now
                state["peak"] = len(os.listdir(f"/proc/{tunnel_pid}/fd"))
                all_done.set()
        await all_done.wait()
        if w:
            w.close()
            try:
                await w.wait_closed()
            except Exception:
                pass
        return ok

    async def main():
        all_done = asyncio.Event()
        return await asyncio.wait_for(asyncio.gather(*(one(i, all_done) for i in range(n))), 100)

    results = asyncio.run(main())
    print(f"ok {sum(1 for r in results if r)}")
    print(f"peak fds {state['peak']}")


def reload(port, pid, log, prefix):
    def der(name):
        with open(os.path.join(CERTS, name)) as f:
            return ssl.PEM_cert_to_DER_cert(f.read())

    def wait_log(text):
        for _ in range(100):
            with open(log) as f:
                if text in f.read():
                    return True
            time.sleep(0.1)
        return False

    def echo(s, text):
        s.sendall(text)
        return read_line(s) == text

    rsa, ecdsa = der("server-rsa.pem"), der("server-ecdsa.pem")
    c1 = tls_connect(port)
    if c1.getpeercert(True) != rsa or not echo(c1, b"one\n"):
        print("first connection failed")
        return
    shutil.copy(os.path.join(CERTS, "server-ecdsa.pem"), prefix + ".pem")
    shutil.copy(os.path.join(CERTS, "server-ecdsa.key"), prefix + ".key")
    os.kill(pid, signal.SIGHUP)
    if not wait_log("reloaded certificates (generation 2)"):
        print("no reload logged")
        return
    c2 = tls_connect(port)
    if c2.getpeercert(True) == ecdsa and echo(c2, b"two\n"):
        print("new conn has the new cert")
    if echo(c1, b"three\n"):
        print("old conn still echoes")
    with open(prefix + ".pem", "w") as f:
        f.write("not a certificate\n")
    os.kill(pid, signal.SIGHUP)
    if wait_log("reload failed"):
        c3 = tls_connect(port)
        if c3.getpeercert(True) == ecdsa and echo(c3, b"four\n"):
            print("broken reload kept the config")
        c3.close()
    c1.close()
    c2.close()


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "backend":
        backend(args[0], args[1])
    elif cmd == "half":
        half(int(args[0]))
    elif cmd == "limits":
        limits(int(args[0]))
    elif cmd == "load":
        load(int(args[0]), int(args[1]), int(args[2]))
    elif cmd == "reload":
        reload(int(args[0]), int(args[1]), args[2], args[3])
    else:
        sys.exit(f"unknown command {cmd}")

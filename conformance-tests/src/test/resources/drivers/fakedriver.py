"""A tiny driver that speaks zck's driver protocol correctly, for the kit's own tests.

Its sockets are in memory (no ZeroMQ at all): a message sent on a socket goes to the socket bound to the endpoint it
connected to, or, for a bound socket, to the first socket connected to its endpoint. Standard library only.

Run it as a script for a correct driver; the broken drivers next to it import it and pass hooks: a hook gets the
driver and the request, and returns True when it has dealt with the request (by misbehaving).

Usage: fakedriver.py [--connect HOST:PORT]
"""

import base64
import json
import os
import queue
import socket as net
import sys
import threading

CAPABILITIES = {
    "socketTypes": ["PAIR", "PUSH", "PULL"],
    "transports": ["tcp", "inproc"],
    "mechanisms": ["NULL"],
    "options": ["SNDHWM", "RCVHWM", "LINGER", "IMMEDIATE", "ROUTING_ID", "ZAP_DOMAIN"],
    "events": ["LISTENING", "CONNECTED"],
}

DEFAULTS = {"SNDHWM": 1000, "RCVHWM": 1000, "LINGER": -1, "IMMEDIATE": False, "ROUTING_ID": "", "ZAP_DOMAIN": ""}


class Socket:
    def __init__(self, handle, type_):
        self.handle = handle
        self.type = type_
        self.options = dict(DEFAULTS)
        self.inbox = queue.Queue()
        self.bound = set()
        self.connected = set()
        self.closed = False
        self.requests = queue.Queue()


class Driver:
    def __init__(self, hooks=None, on_eof=None):
        self.hooks = hooks or {}
        self.on_eof = on_eof
        self.sockets = {}
        self.lock = threading.Lock()
        self.out_lock = threading.Lock()
        self.next_port = 40000
        self.counts = {}
        args = sys.argv[1:]
        if "--connect" in args:
            host, port = args[args.index("--connect") + 1].rsplit(":", 1)
            conn = net.create_connection((host, int(port)))
            self.input = conn.makefile("r", encoding="utf-8", newline="\n")
            self.output = conn.makefile("w", encoding="utf-8", newline="\n")
        else:
            self.input = sys.stdin
            self.output = sys.stdout

    # ---- output

    def write_line(self, text):
        with self.out_lock:
            self.output.write(text + "\n")
            self.output.flush()

    def write(self, obj):
        self.write_line(json.dumps(obj, separators=(",", ":")))

    def reply(self, request, result=None):
        self.write({"id": request["id"], "ok": True, "result": result if result is not None else {}})

    def error(self, request, kind, message):
        self.write({"id": request["id"], "ok": False, "error": {"kind": kind, "message": message}})

    def event(self, sock, kind, endpoint):
        self.write({"event": {"socket": sock.handle, "kind": kind, "endpoint": endpoint, "detail": ""}})

    # ---- the loop

    def run(self):
        while True:
            line = self.input.readline()
            if not line:
                break
            request = json.loads(line)
            op = request.get("op")
            self.counts[op] = self.counts.get(op, 0) + 1
            request["_count"] = self.counts[op]
            if "socket" in request:
                sock = self.sockets.get(request["socket"])
                if sock is None:
                    self.error(request, "TERMINATED", "no socket %s" % request["socket"])
                else:
                    sock.requests.put(request)
            else:
                self.handle(request)
        if self.on_eof:
            self.on_eof(self)
        os._exit(0)

    def serve(self, sock):
        while True:
            self.handle(sock.requests.get())

    def handle(self, request):
        hook = self.hooks.get(request["op"])
        if hook and hook(self, request):
            return
        getattr(self, "op_" + request["op"], self.op_unknown)(request)

    # ---- operations

    def op_unknown(self, request):
        self.error(request, "UNSUPPORTED", "unknown op %s" % request.get("op"))

    def op_hello(self, request):
        if request.get("protocol") != 1:
            self.error(request, "UNSUPPORTED", "protocol 1 only")
            return
        self.reply(request, {"protocol": 1, "name": "fake", "version": "0.1", "language": "Python",
                             "detail": "zck test driver, in-memory sockets", "capabilities": CAPABILITIES})

    def op_socket(self, request):
        if request["type"] not in CAPABILITIES["socketTypes"]:
            self.error(request, "UNSUPPORTED", "no %s socket" % request["type"])
            return
        with self.lock:
            handle = len(self.sockets) + 1
            sock = Socket(handle, request["type"])
            self.sockets[handle] = sock
        threading.Thread(target=self.serve, args=(sock,), daemon=True).start()
        self.reply(request, {"socket": handle})

    def op_set(self, request):
        sock = self.option_socket(request)
        if sock is not None:
            sock.options[request["option"]] = request["value"]
            self.reply(request)

    def op_get(self, request):
        sock = self.option_socket(request)
        if sock is not None:
            self.reply(request, {"value": sock.options[request["option"]]})

    def option_socket(self, request):
        """The open socket a set or get is for, or None when it has answered an error."""
        sock = self.open_socket(request)
        if sock is not None and request["option"] not in DEFAULTS:
            self.error(request, "UNSUPPORTED", "unknown option %s" % request["option"])
            return None
        return sock

    def op_bind(self, request):
        sock = self.open_socket(request)
        if sock is None:
            return
        endpoint = request["endpoint"]
        if endpoint.startswith("tcp://") and endpoint.endswith(":0"):
            with self.lock:
                self.next_port += 1
                endpoint = endpoint[:-1] + str(self.next_port)
        with self.lock:
            if any(endpoint in other.bound for other in self.sockets.values()):
                self.error(request, "OTHER", "EADDRINUSE: %s" % endpoint)
                return
            sock.bound.add(endpoint)
        self.event(sock, "LISTENING", endpoint)
        self.reply(request, {"endpoint": endpoint})

    def op_connect(self, request):
        sock = self.open_socket(request)
        if sock is None:
            return
        sock.connected.add(request["endpoint"])
        self.event(sock, "CONNECTED", request["endpoint"])
        self.reply(request)

    def op_unbind(self, request):
        self.forget(request, "bound")

    def op_disconnect(self, request):
        self.forget(request, "connected")

    def forget(self, request, field):
        sock = self.open_socket(request)
        if sock is None:
            return
        endpoints = getattr(sock, field)
        if request["endpoint"] not in endpoints:
            self.error(request, "OTHER", "ENOENT: %s" % request["endpoint"])
            return
        endpoints.discard(request["endpoint"])
        self.reply(request)

    def op_send(self, request):
        sock = self.open_socket(request)
        if sock is None:
            return
        frames = [base64.b64decode(frame) for frame in request["frames"]]
        peer = self.peer_of(sock)
        if peer is None:
            threading.Event().wait(request["timeoutMs"] / 1000.0)
            self.error(request, "WOULD_BLOCK", "EAGAIN: no peer")
            return
        peer.inbox.put(frames)
        self.reply(request)

    def op_recv(self, request):
        sock = self.open_socket(request)
        if sock is None:
            return
        try:
            frames = sock.inbox.get(timeout=request["timeoutMs"] / 1000.0) if request["timeoutMs"] > 0 \
                else sock.inbox.get_nowait()
        except queue.Empty:
            self.error(request, "WOULD_BLOCK", "EAGAIN: nothing received")
            return
        self.reply(request, {"frames": [base64.b64encode(frame).decode("ascii") for frame in frames]})

    def op_connectPeer(self, request):
        self.error(request, "UNSUPPORTED", "no PEER sockets")

    def op_close(self, request):
        sock = self.open_socket(request)
        if sock is None:
            return
        sock.closed = True
        self.reply(request)

    def op_bye(self, request):
        self.reply(request)
        os._exit(0)

    # ---- helpers

    def open_socket(self, request):
        sock = self.sockets[request["socket"]]
        if sock.closed:
            self.error(request, "TERMINATED", "socket %s is closed" % sock.handle)
            return None
        return sock

    def peer_of(self, sock):
        with self.lock:
            others = [other for other in self.sockets.values() if other is not sock and not other.closed]
            for other in others:
                if sock.connected & other.bound or sock.bound & other.connected:
                    return other
        return None


def once(op_count, hook):
    """A hook that misbehaves on the op_count-th request of its op only (counting from 1) and is correct otherwise."""
    def maybe(driver, request):
        if request["_count"] == op_count:
            hook(driver, request)
            return True
        return False
    return maybe


if __name__ == "__main__":
    Driver().run()

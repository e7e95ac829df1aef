# A libzmq socket driven over JSON lines, for the engine's interop tests (ScriptHandshakePeer, PyzmqPeerFactory).
#
# Usage: pyzmq_peer.py TYPE bind|connect ENDPOINT [--routing-id HEX] [--subscribe HEX]...
#
# Runs under Debian's /usr/bin/python3 with python3-zmq (libzmq 4.3.4). It creates one socket of TYPE with
# LINGER 0 and the given routing id, subscribes a SUB to each --subscribe topic (none given: to nothing; the
# harness passes an empty topic for "everything"), monitors it with ZMQ_EVENT_ALL, binds or connects it and then
# writes one JSON object per line on stdout:
#   {"type": "ready", "endpoint": ..., "libzmq": ..., "pyzmq": ..., "draft": bool}   once, after bind/connect
#   {"type": "event", "event": NAME, "code": N, "value": N, "endpoint": ...}        each monitor event
#   {"type": "reply", "id": N, "ok": bool, ... | "error": text}                     one per command
#   {"type": "fatal", "error": text}                                                 then exit 1
# Commands arrive as JSON lines on stdin (a "socket" field, which the harness sends for zeromqjs_peer.js, is ignored):
#   {"cmd": "send", "id": N, "messages": [{"frames": [hex...]}...], "timeout_ms": N}
#       sends the messages in order, each waiting up to timeout_ms; replies once. A "routing_id" or "group" is
#       refused: Debian's libzmq has no draft types to use them with
#   {"cmd": "receive", "id": N, "timeout_ms": N, "count": N, "properties": [name...]}
#       receives up to "count" messages (default 1), waiting up to timeout_ms for each, and replies
#       "messages": [{"frames": [hex...], "properties": {name: value}}...], fewer when the wait ran out;
#       "properties" (optional) names the connection metadata to read from each message's last frame
#       (zmq_msg_gets: what libzmq read from the sender's READY); names libzmq has no value for are left out
# Frames travel as hex both ways, so any octets (and frames of any size, up to MiBs per line) pass unchanged.
#   {"cmd": "stall", "id": N}   test aid: start a sleeping child, ignore SIGTERM and stop answering
#   {"cmd": "quit"}             (end of input means the same)
# Nothing here sleeps for synchronisation: the main loop blocks in zmq.Poller on the monitor, stdin, the socket's
# command fd (ZMQ_FD) and, while a receive is pending, the socket itself.
#
# libzmq hands a socket its new connections as commands that only the socket's own thread processes, inside a zmq
# call on that socket. A bound socket that is never called would therefore never attach an accepted connection's
# pipe: a bound SUB would never send its subscription. So whenever ZMQ_FD signals, the loop asks for ZMQ_EVENTS,
# which processes the pending commands, as an application's event loop would.
import json
import os
import signal
import subprocess
import sys
import time

import zmq
from zmq.utils.monitor import recv_monitor_message

EVENT_NAMES = {
    zmq.EVENT_CONNECTED: "CONNECTED",
    zmq.EVENT_CONNECT_DELAYED: "CONNECT_DELAYED",
    zmq.EVENT_CONNECT_RETRIED: "CONNECT_RETRIED",
    zmq.EVENT_LISTENING: "LISTENING",
    zmq.EVENT_BIND_FAILED: "BIND_FAILED",
    zmq.EVENT_ACCEPTED: "ACCEPTED",
    zmq.EVENT_ACCEPT_FAILED: "ACCEPT_FAILED",
    zmq.EVENT_CLOSED: "CLOSED",
    zmq.EVENT_CLOSE_FAILED: "CLOSE_FAILED",
    zmq.EVENT_DISCONNECTED: "DISCONNECTED",
    zmq.EVENT_MONITOR_STOPPED: "MONITOR_STOPPED",
    zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL: "HANDSHAKE_FAILED_NO_DETAIL",
    zmq.EVENT_HANDSHAKE_SUCCEEDED: "HANDSHAKE_SUCCEEDED",
    zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL: "HANDSHAKE_FAILED_PROTOCOL",
    zmq.EVENT_HANDSHAKE_FAILED_AUTH: "HANDSHAKE_FAILED_AUTH",
}


def emit(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


USAGE = "usage: pyzmq_peer.py TYPE bind|connect ENDPOINT [--routing-id HEX] [--subscribe HEX]..."


def parse_options(args):
    """The --routing-id and --subscribe options as (routing id or None, [topics]); None if malformed."""
    routing_id, topics = None, []
    if len(args) % 2:
        return None
    for flag, value in zip(args[::2], args[1::2]):
        try:
            if flag == "--routing-id":
                routing_id = bytes.fromhex(value)
            elif flag == "--subscribe":
                topics.append(bytes.fromhex(value))
            else:
                return None
        except ValueError:
            return None
    return routing_id, topics


def main(argv):
    options = parse_options(argv[4:]) if len(argv) >= 4 else None
    if options is None or argv[2] not in ("bind", "connect"):
        emit(type="fatal", error=USAGE)
        return 1
    type_name, role, endpoint = argv[1], argv[2], argv[3]
    routing_id, topics = options
    ctx = zmq.Context()
    try:
        sock = ctx.socket(getattr(zmq, type_name))
        sock.setsockopt(zmq.LINGER, 0)
        if routing_id is not None:
            sock.setsockopt(zmq.ROUTING_ID, routing_id)
        if type_name == "SUB":
            for topic in topics:
                sock.setsockopt(zmq.SUBSCRIBE, topic)
        # The monitor must exist before bind/connect, or the first events are lost.
        monitor = sock.get_monitor_socket(zmq.EVENT_ALL)
        if role == "bind":
            sock.bind(endpoint)
            endpoint = sock.getsockopt_string(zmq.LAST_ENDPOINT)
        else:
            sock.connect(endpoint)
    except (zmq.ZMQError, AttributeError) as e:
        emit(type="fatal", error="%s %s %s: %s" % (type_name, role, endpoint, e))
        return 1
    emit(type="ready", endpoint=endpoint, libzmq=zmq.zmq_version(), pyzmq=zmq.pyzmq_version(), draft=zmq.has("draft"))
    try:
        serve(sock, monitor)
    finally:
        sock.close(linger=0)
        monitor.close(linger=0)
        ctx.term()
    return 0


def serve(sock, monitor):
    stdin = sys.stdin.fileno()
    buffered = []
    pending = None  # the receive waiting for messages: a Receive
    commands = sock.getsockopt(zmq.FD)
    while True:
        poller = zmq.Poller()
        poller.register(monitor, zmq.POLLIN)
        poller.register(stdin, zmq.POLLIN)
        poller.register(commands, zmq.POLLIN)
        timeout = None
        if pending is not None:
            poller.register(sock, zmq.POLLIN)
            timeout = max(0, int((pending.deadline - time.monotonic()) * 1000))
        ready = dict(poller.poll(timeout))
        if commands in ready:
            sock.getsockopt(zmq.EVENTS)  # processes the socket's commands, e.g. attaches an accepted pipe
        if monitor in ready:
            report_event(recv_monitor_message(monitor))
        if pending is not None and sock in ready:
            pending.take(sock)
        if pending is not None and (pending.complete() or time.monotonic() >= pending.deadline):
            emit(type="reply", id=pending.id, ok=True, messages=pending.messages)
            pending = None
        if stdin in ready:
            chunk = os.read(stdin, 65536)
            if not chunk:
                return  # the harness went away: end with it
            # A command with a MiB frame spans many chunks: keep them apart until its newline arrives.
            buffered.append(chunk)
            if b"\n" not in chunk:
                continue
            lines = b"".join(buffered).split(b"\n")
            buffered = [lines.pop()]
            for line in lines:
                if not line.strip():
                    continue
                command = json.loads(line)
                if command["cmd"] == "quit":
                    return
                if command["cmd"] == "receive":
                    pending = Receive(command)
                else:
                    execute(sock, command)


class Receive:
    """A receive command waiting for its messages; each one that arrives restarts the wait."""

    def __init__(self, command):
        self.id = command["id"]
        self.count = command.get("count", 1)
        self.timeout = command["timeout_ms"] / 1000.0
        self.properties = command.get("properties", [])
        self.messages = []
        self.deadline = time.monotonic() + self.timeout

    def take(self, sock):
        """Takes the messages that have arrived, up to the count."""
        while not self.complete():
            try:
                frames = sock.recv_multipart(flags=zmq.NOBLOCK, copy=False)
            except zmq.Again:
                return
            self.messages.append({"frames": [f.bytes.hex() for f in frames],
                                  "properties": message_properties(frames[-1], self.properties)})
            self.deadline = time.monotonic() + self.timeout

    def complete(self):
        return len(self.messages) >= self.count


def message_properties(frame, names):
    found = {}
    for name in names:
        try:
            found[name] = frame.get(name)
        except zmq.ZMQError:
            pass  # EINVAL: libzmq has no such property for this message
    return found


def report_event(message):
    code = message["event"]
    endpoint = message["endpoint"]
    if isinstance(endpoint, bytes):
        endpoint = endpoint.decode("utf-8", "replace")
    emit(type="event", event=EVENT_NAMES.get(code, "UNKNOWN"), code=code, value=message["value"], endpoint=endpoint)


def execute(sock, command):
    if command["cmd"] == "send":
        messages = command["messages"]
        try:
            sock.setsockopt(zmq.SNDTIMEO, command["timeout_ms"])
            for index, message in enumerate(messages):
                if "routing_id" in message or "group" in message:
                    raise zmq.ZMQError(zmq.ENOTSUP, "the pyzmq driver passes no routing ids or groups")
                sock.send_multipart([bytes.fromhex(f) for f in message["frames"]])
            emit(type="reply", id=command["id"], ok=True)
        except zmq.ZMQError as e:
            emit(type="reply", id=command["id"], ok=False,
                 error="%s (errno %d) at message %d of %d" % (e, e.errno, index, len(messages)))
    elif command["cmd"] == "stall":
        # Simulates a wedged peer: a child that outlives us unless the harness kills the whole tree, and a parent
        # that ignores SIGTERM and stdin. The harness must still clean both up.
        child = subprocess.Popen([sys.executable, "-c", "import time\nwhile True: time.sleep(60)"])
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        emit(type="reply", id=command["id"], ok=True, child_pid=child.pid)
        while True:
            time.sleep(60)
    else:
        emit(type="reply", id=command.get("id"), ok=False, error="unknown command: %s" % command["cmd"])


if __name__ == "__main__":
    sys.exit(main(sys.argv))

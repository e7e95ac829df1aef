#!/usr/bin/python3
"""zck driver for libzmq, reached through pyzmq.

Puts libzmq behind the zck driver protocol, version 1 (spec/DRIVER-PROTOCOL.md in the zck repository, which is the
contract this file implements): JSON requests come in one per line, and replies and socket events go out one per
line.

Run it with the system Python, which has Debian's python3-zmq (pyzmq over the system libzmq):

    ./zck run --impl driver:'/usr/bin/python3 conformance-tests/drivers/pyzmq/zck_driver.py'

By itself it speaks on stdin/stdout; with ``--connect HOST:PORT`` it speaks on one TCP connection to that address
instead. ``--verbose`` logs every line in and out. Logs always go to stderr. Standard library and pyzmq only.

Design (see section 2 of the protocol, "Concurrency"):

- The main thread reads requests and dispatches them. Requests that name no socket (hello, socket, bye) run on it.
- Each zmq socket is owned by one worker thread (libzmq sockets are not thread-safe), which takes the requests for
  that socket from a queue and answers them itself; a recv waiting on one socket never delays another socket.
- Each socket has a monitor thread, which turns libzmq's monitor events into event lines.
- libzmq's monitor reports nothing about inproc connections. The driver sees every inproc bind and connect (an
  inproc peer can only be another socket of this process), and reports HANDSHAKE_SUCCEEDED on both sockets when
  libzmq attaches their pipe: at the connect, or at the bind for a connect that came first (see InprocLinks).
  The JeroMQ adapter synthesizes the same events, which the kit's suites wait for before they start.
- Every line goes out through one writer under a lock, and is flushed at once.
"""

import argparse
import base64
import binascii
import contextlib
import errno
import functools
import json
import logging
import os
import queue
import socket as net
import sys
import threading
import time
import traceback

import zmq
from zmq.utils.monitor import recv_monitor_message

PROTOCOL = 1

log = logging.getLogger("zck-pyzmq")

# ---------------------------------------------------------------------------------------------------- capabilities

# The classic socket types, by their ZMTP names.
SOCKET_TYPES = {name: getattr(zmq, name) for name in (
    "PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB")}

# The draft types are not offered: Debian's libzmq 4.3.4 and pyzmq 24 are built without the draft API
# (zmq.has("draft") is false; pyzmq refuses message routing ids and groups, and zmq_join), so although libzmq creates
# such sockets, they cannot be addressed. Asking for one is UNSUPPORTED.
DRAFT_TYPES = ("SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "PEER", "CHANNEL")

TRANSPORTS = ("tcp", "ipc", "inproc")  # inproc reaches the sockets of this driver process only

MECHANISMS = ("NULL",)  # the PLAIN_*, CURVE_* and ZAP_DOMAIN options are not mapped

INT, BOOL, BYTES = "an integer", "a boolean", "a base64 string"
ALL_TYPES = None

# SPI option name -> (libzmq option, JSON value type, socket types it applies to, readable with getsockopt).
# The types are those libzmq 4.3.4 accepts the option for (REP is built on ROUTER, PUB on XPUB, REQ on DEALER),
# except CONFLATE: libzmq accepts it on every type but honours it only on these five.
# SUBSCRIBE and UNSUBSCRIBE are actions (write-only); the type-specific options are set-only in libzmq.
OPTIONS = {
    "SNDHWM": (zmq.SNDHWM, INT, ALL_TYPES, True),
    "RCVHWM": (zmq.RCVHWM, INT, ALL_TYPES, True),
    "LINGER": (zmq.LINGER, INT, ALL_TYPES, True),
    "RECONNECT_IVL": (zmq.RECONNECT_IVL, INT, ALL_TYPES, True),
    "RECONNECT_IVL_MAX": (zmq.RECONNECT_IVL_MAX, INT, ALL_TYPES, True),
    "IMMEDIATE": (zmq.IMMEDIATE, BOOL, ALL_TYPES, True),
    "ROUTING_ID": (zmq.ROUTING_ID, BYTES, ALL_TYPES, True),
    "SUBSCRIBE": (zmq.SUBSCRIBE, BYTES, {"SUB"}, False),
    "UNSUBSCRIBE": (zmq.UNSUBSCRIBE, BYTES, {"SUB"}, False),
    "ROUTER_MANDATORY": (zmq.ROUTER_MANDATORY, BOOL, {"ROUTER", "REP"}, False),
    "ROUTER_HANDOVER": (zmq.ROUTER_HANDOVER, BOOL, {"ROUTER", "REP"}, False),
    "PROBE_ROUTER": (zmq.PROBE_ROUTER, BOOL, {"ROUTER", "REP", "DEALER", "REQ"}, False),
    "XPUB_NODROP": (zmq.XPUB_NODROP, BOOL, {"XPUB", "PUB"}, False),
    "XPUB_VERBOSE": (zmq.XPUB_VERBOSE, BOOL, {"XPUB", "PUB"}, False),
    "XPUB_MANUAL": (zmq.XPUB_MANUAL, BOOL, {"XPUB", "PUB"}, False),
    "REQ_RELAXED": (zmq.REQ_RELAXED, BOOL, {"REQ"}, False),
    "REQ_CORRELATE": (zmq.REQ_CORRELATE, BOOL, {"REQ"}, False),
    "HEARTBEAT_IVL": (zmq.HEARTBEAT_IVL, INT, ALL_TYPES, True),
    "HEARTBEAT_TTL": (zmq.HEARTBEAT_TTL, INT, ALL_TYPES, True),
    "HEARTBEAT_TIMEOUT": (zmq.HEARTBEAT_TIMEOUT, INT, ALL_TYPES, True),
    "MAXMSGSIZE": (zmq.MAXMSGSIZE, INT, ALL_TYPES, True),
    "HANDSHAKE_IVL": (zmq.HANDSHAKE_IVL, INT, ALL_TYPES, True),
    "CONFLATE": (zmq.CONFLATE, BOOL, {"DEALER", "PULL", "PUSH", "PUB", "SUB"}, True),
}

# libzmq monitor event -> SPI event kind. Events without a kind (CONNECT_DELAYED, BIND_FAILED, ...) are not reported.
EVENT_KINDS = {
    zmq.EVENT_LISTENING: "LISTENING",
    zmq.EVENT_ACCEPTED: "ACCEPTED",
    zmq.EVENT_CONNECTED: "CONNECTED",
    zmq.EVENT_CONNECT_RETRIED: "CONNECT_RETRIED",
    zmq.EVENT_HANDSHAKE_SUCCEEDED: "HANDSHAKE_SUCCEEDED",
    zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL: "HANDSHAKE_FAILED",
    zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL: "HANDSHAKE_FAILED",
    zmq.EVENT_HANDSHAKE_FAILED_AUTH: "HANDSHAKE_FAILED",
    zmq.EVENT_DISCONNECTED: "DISCONNECTED",
    zmq.EVENT_CLOSED: "CLOSED",
}


def capabilities():
    return {
        "socketTypes": list(SOCKET_TYPES),
        "transports": list(TRANSPORTS),
        "mechanisms": list(MECHANISMS),
        "options": list(OPTIONS),
        "events": list(dict.fromkeys(EVENT_KINDS.values())),
    }


# ---------------------------------------------------------------------------------------------------- errors

class Failure(Exception):
    """A request that fails: answered with {"ok": false, "error": {"kind": kind, "message": message}}."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


# libzmq's own errno values have no name in Python's errno module; ENOTSUP shares its number with EOPNOTSUPP.
ZMQ_ERRNO_NAMES = {
    zmq.ENOTSUP: "ENOTSUP",
    zmq.EFSM: "EFSM",
    zmq.ENOCOMPATPROTO: "ENOCOMPATPROTO",
    zmq.ETERM: "ETERM",
    zmq.EMTHREAD: "EMTHREAD",
}

ERROR_KINDS = {
    "EAGAIN": "WOULD_BLOCK",
    "EFSM": "WRONG_STATE",
    "EHOSTUNREACH": "HOST_UNREACHABLE",
    "ETERM": "TERMINATED",
    "ENOTSOCK": "TERMINATED",
    "ENOTSUP": "UNSUPPORTED",
    "EPROTONOSUPPORT": "UNSUPPORTED",
}


def errno_name(number):
    return ZMQ_ERRNO_NAMES.get(number) or errno.errorcode.get(number) or f"errno {number}"


def zmq_failure(error, context=""):
    """The Failure for a ZMQError: its kind from the errno, its message "ENAME: libzmq's text (context)"."""
    name = errno_name(error.errno)
    message = f"{name}: {zmq.strerror(error.errno)}"
    if context:
        message += f" ({context})"
    return Failure(ERROR_KINDS.get(name, "OTHER"), message)


def terminated(message):
    return Failure("TERMINATED", message)


def unsupported(message):
    return Failure("UNSUPPORTED", message)


def invalid(message):
    return Failure("OTHER", "EINVAL: " + message)


def unexpected(error):
    """A bug in the driver: logged with its traceback, answered as OTHER with the traceback's last line."""
    log.error("unexpected error\n%s", "".join(traceback.format_exception(error)).rstrip())
    last = traceback.format_exception_only(error)[-1].strip()
    return Failure("OTHER", "driver error: " + last)


# ---------------------------------------------------------------------------------------------------- the channel

class Channel:
    """The line channel to the kit: reads requests, writes replies and events (one writer at a time)."""

    def __init__(self, reader, writer, verbose):
        self._reader = reader
        self._writer = writer
        self._verbose = verbose
        self._lock = threading.Lock()
        self._closed = False

    def lines(self):
        """The request lines, until end of input."""
        while True:
            line = self._reader.readline()
            if not line:
                return
            if self._verbose:
                log.info("< %s", shorten(line.decode("utf-8", "replace").rstrip()))
            yield line

    def write(self, obj):
        line = json.dumps(obj, separators=(",", ":"))
        with self._lock:
            if self._closed:
                return
            if self._verbose:
                log.info("> %s", shorten(line))
            try:
                self._writer.write(line.encode("utf-8") + b"\n")
                self._writer.flush()
            except OSError as error:  # the kit is gone; the reader will see the end of input
                self._closed = True
                log.warning("cannot write to the kit: %s", error)

    def close(self):
        """Writes nothing more (after the reply to bye, a late event would only confuse the kit)."""
        with self._lock:
            self._closed = True

    def reply_ok(self, request_id, result):
        self.write({"id": request_id, "ok": True, "result": result})

    def reply_error(self, request_id, failure):
        self.write({"id": request_id, "ok": False, "error": {"kind": failure.kind, "message": failure.message}})

    def event(self, handle, kind, endpoint, detail):
        self.write({"event": {"socket": handle, "kind": kind, "endpoint": endpoint, "detail": detail}})


def shorten(text, limit=300):
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


# ---------------------------------------------------------------------------------------------------- request fields

def field(request, name, kind):
    """A required request field of the given Python type (bool is not accepted as an integer)."""
    value = request.get(name)
    if value is None or not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise invalid(f"'{request.get('op')}' needs '{name}' ({kind.__name__})")
    return value


def timeout_of(request):
    timeout_ms = field(request, "timeoutMs", int)
    if timeout_ms < 0:
        raise invalid(f"negative timeoutMs {timeout_ms}")
    return timeout_ms


def decode_base64(text, what):
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise invalid(f"{what} is not base64") from None


def encode_base64(data):
    return base64.b64encode(data).decode("ascii")


def require_transport(endpoint):
    scheme = endpoint.split("://", 1)[0].lower() if "://" in endpoint else ""
    if scheme not in TRANSPORTS:
        raise unsupported(f"EPROTONOSUPPORT: this driver declares {', '.join(TRANSPORTS)}, not '{endpoint}'")


# ---------------------------------------------------------------------------------------------------- one socket

SHUTDOWN = object()  # queued to a worker at bye: close the socket with LINGER 0 and end
WAIT_SLICE_S = 0.1  # a waiting send or recv looks at the stop flag this often
HOUSEKEEPING_S = 0.005  # how often an idle socket lets libzmq process its commands (see _housekeeping)
REST_OF_MESSAGE_MS = 1000  # libzmq takes a message whole once its first frame is in; this only bounds a broken case


class SocketWorker:
    """The thread that owns one zmq socket and answers the requests about it, one after the other."""

    def __init__(self, driver, handle, type_name):
        self.driver = driver
        self.handle = handle
        self.type_name = type_name
        self.requests = queue.Queue()
        self.stopping = False  # set at bye: a pending wait ends with TERMINATED
        self.sock = None
        self.poller = None
        self._accepting = True  # false once the thread has ended: requests are then refused, not lost
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name=f"socket-{handle}-{type_name}", daemon=True)

    def start(self, request_id):
        self.requests.put({"id": request_id, "op": "create"})
        self.thread.start()

    def submit(self, request):
        """Queues a request; false when the socket is already closed (the caller answers TERMINATED)."""
        with self._lock:
            if self._accepting:
                self.requests.put(request)
            return self._accepting

    def stop(self):
        self.stopping = True
        self.requests.put(SHUTDOWN)

    # ------------------------------------------------------------------ the thread

    def _run(self):
        channel = self.driver.channel
        while True:
            try:
                request = self.requests.get(timeout=HOUSEKEEPING_S if self.sock is not None else None)
            except queue.Empty:
                self._housekeeping()
                continue
            if request is SHUTDOWN:
                self._close(linger=0)
                break
            request_id = request.get("id")
            try:
                channel.reply_ok(request_id, self._execute(request))
            except Failure as failure:
                channel.reply_error(request_id, failure)
            except zmq.ZMQError as error:
                channel.reply_error(request_id, zmq_failure(error, f"{request.get('op')} on {self.type_name}"))
            except Exception as error:  # never let a bug end the thread: the socket would stop answering
                channel.reply_error(request_id, unexpected(error))
            if self.sock is None:  # closed, or never created
                break
        with self._lock:
            self._accepting = False
        self._drain()

    def _housekeeping(self):
        """Lets libzmq do the socket's background work while nobody asks anything of it, as an application's poll
        loop would: libzmq attaches new connections (and so sends a SUB's subscriptions), finishes disconnects and
        resubscribes after a reconnect only when the application calls into the socket."""
        try:
            self.sock.getsockopt(zmq.EVENTS)
        except zmq.ZMQError:
            pass

    def _drain(self):
        """Answers what was queued behind the close (nothing, if the kit keeps to the protocol)."""
        while True:
            try:
                request = self.requests.get_nowait()
            except queue.Empty:
                return
            if request is not SHUTDOWN:
                self.driver.channel.reply_error(request.get("id"), terminated(f"ETERM: socket {self.handle} is closed"))

    def _execute(self, request):
        op = request["op"]
        if op == "create":
            return self._create()
        if op == "set":
            return self._set(field(request, "option", str), request.get("value"))
        if op == "get":
            return self._get(field(request, "option", str))
        inproc = self.driver.inproc
        if op == "bind":
            endpoint = field(request, "endpoint", str)
            require_transport(endpoint)
            with inproc.step(endpoint):
                self.sock.bind(endpoint)
                resolved = self.sock.getsockopt(zmq.LAST_ENDPOINT).decode("utf-8", "replace")
                inproc.bound(self.handle, resolved)
            return {"endpoint": resolved}
        if op == "connect":
            endpoint = field(request, "endpoint", str)
            require_transport(endpoint)
            with inproc.step(endpoint):
                self.sock.connect(endpoint)
                inproc.connected(self.handle, endpoint)
            return {}
        if op == "unbind":
            endpoint = field(request, "endpoint", str)
            with inproc.step(endpoint):
                self.sock.unbind(endpoint)
                inproc.unbound(self.handle, endpoint)
            return {}
        if op == "disconnect":
            endpoint = field(request, "endpoint", str)
            with inproc.step(endpoint):
                self.sock.disconnect(endpoint)
                inproc.disconnected(self.handle, endpoint)
            return {}
        if op == "connectPeer":
            raise unsupported("ENOTSUP: connectPeer needs a PEER socket (draft API, not available here)")
        if op == "send":
            return self._send(request)
        if op == "recv":
            return self._recv(timeout_of(request))
        if op == "close":
            self._close(linger=None)
            return {}
        raise unsupported(f"unknown op {op}")  # not reached: the dispatcher checks the op

    # ------------------------------------------------------------------ create and close

    def _create(self):
        try:
            self.sock = self.driver.context.socket(SOCKET_TYPES[self.type_name])
        except zmq.ZMQError as error:
            self.driver.forget(self.handle)
            raise zmq_failure(error, f"create a {self.type_name} socket") from None
        self.poller = zmq.Poller()
        # Monitor before anything else, so that the events of the first bind or connect are seen. The endpoint
        # is named after the handle, which is never reused (a socket's fd can be, while its old monitor lingers).
        try:
            monitor = self.sock.get_monitor_socket(zmq.EVENT_ALL, f"inproc://zck-monitor-{self.handle}")
            monitor.setsockopt(zmq.LINGER, 0)
        except zmq.ZMQError as error:
            self._close(linger=0)
            raise zmq_failure(error, f"monitor a {self.type_name} socket") from None
        threading.Thread(target=watch, args=(self.driver.channel, self.handle, monitor),
                         name=f"monitor-{self.handle}", daemon=True).start()
        return {"socket": self.handle}

    def _close(self, linger):
        """Closes the socket; linger None keeps its LINGER (libzmq then sends what is queued for that long)."""
        if self.sock is None:
            return
        self.driver.forget(self.handle)  # later requests on the handle: TERMINATED
        sock, self.sock = self.sock, None
        # The monitor stays: libzmq reports the close (CLOSED, DISCONNECTED), then MONITOR_STOPPED, which ends it.
        with self.driver.inproc.step():
            sock.close(linger=linger)
            self.driver.inproc.closed(self.handle)

    # ------------------------------------------------------------------ options

    def _option(self, name):
        mapping = OPTIONS.get(name)
        if mapping is None:
            raise unsupported(f"unknown option {name}")
        option, kind, types, readable = mapping
        if types is not ALL_TYPES and self.type_name not in types:
            raise unsupported(f"ENOTSUP: {name} does not apply to {self.type_name} (only {', '.join(sorted(types))})")
        return option, kind, readable

    def _set(self, name, value):
        option, kind, _ = self._option(name)
        if kind is INT and isinstance(value, int) and not isinstance(value, bool):
            raw = value
        elif kind is BOOL and isinstance(value, bool):
            raw = int(value)
        elif kind is BYTES and isinstance(value, str):
            raw = decode_base64(value, f"the {name} value")
        else:
            raise invalid(f"{name} takes {kind}, not {json.dumps(value)}")
        try:
            self.sock.setsockopt(option, raw)
        except zmq.ZMQError as error:
            shown = f"{len(raw)} octets" if kind is BYTES else json.dumps(value)
            raise zmq_failure(error, f"set {name} = {shown} on {self.type_name}") from None
        return {}

    def _get(self, name):
        option, kind, readable = self._option(name)
        if not readable:
            raise unsupported(f"ENOTSUP: {name} cannot be read (set-only in libzmq)")
        value = self.sock.getsockopt(option)
        if kind is BOOL:
            value = bool(value)
        elif kind is BYTES:
            value = encode_base64(value)
        return {"value": value}

    # ------------------------------------------------------------------ send and recv

    def _send(self, request):
        frames_b64 = request.get("frames")
        if not isinstance(frames_b64, list) or not frames_b64 or not all(isinstance(f, str) for f in frames_b64):
            raise invalid("'send' needs 'frames', a non-empty array of base64 strings")
        timeout_ms = timeout_of(request)
        frames = [decode_base64(text, f"frame {i + 1}") for i, text in enumerate(frames_b64)]
        # routingId (SERVER, PEER) and group (RADIO) address draft sockets only, which this driver does not offer.
        last = len(frames) - 1
        for i, frame in enumerate(frames):
            flags = zmq.SNDMORE if i < last else 0
            send = functools.partial(self.sock.send, frame, zmq.DONTWAIT | flags, copy=True)
            if i == 0:  # only the first frame may wait: libzmq takes the rest of a message whose first frame it took
                self._within(timeout_ms, zmq.POLLOUT, send, "send")
            else:
                try:
                    self._within(REST_OF_MESSAGE_MS, zmq.POLLOUT, send, "send")
                except Failure as failure:
                    raise Failure("OTHER", f"libzmq refused frame {i + 1} of {len(frames)} after taking the first "
                                           f"({failure.message}): part of the message may have gone") from None
        return {}

    def _recv(self, timeout_ms):
        # libzmq delivers a message whole: once its first frame can be taken, so can the rest
        receive = functools.partial(self.sock.recv_multipart, zmq.DONTWAIT, copy=True)
        frames = self._within(timeout_ms, zmq.POLLIN, receive, "recv")
        return {"frames": [encode_base64(frame) for frame in frames]}

    def _within(self, timeout_ms, direction, attempt, what):
        """Runs attempt (a DONTWAIT call) until it stops raising EAGAIN, for at most timeout_ms.

        It is tried at once, so that errors other than EAGAIN (EFSM, EHOSTUNREACH, ENOTSUP) come back without
        waiting; then again each time libzmq reports the socket ready in that direction, until the time is up.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        self.poller.register(self.sock, direction)
        try:
            ready = False
            while True:
                try:
                    return attempt()
                except zmq.Again:
                    pass
                left = deadline - time.monotonic()
                if left <= 0:
                    waited = " (don't wait)" if timeout_ms == 0 else f" (waited {timeout_ms} ms)"
                    raise Failure("WOULD_BLOCK", f"EAGAIN: {zmq.strerror(errno.EAGAIN)}: {what}{waited}")
                if self.stopping:
                    raise terminated(f"ETERM: the driver is shutting down ({what} on socket {self.handle})")
                if ready:  # ready, yet the attempt would block (a ROUTER_MANDATORY peer at HWM): do not spin
                    time.sleep(0.001)
                ready = bool(self.poller.poll(min(left, WAIT_SLICE_S) * 1000))
        finally:
            self.poller.unregister(self.sock)


# ---------------------------------------------------------------------------------------------------- events

def describe(event, value):
    """The detail of a monitor event: what its value means for that event ("" for a file descriptor)."""
    if event == zmq.EVENT_CONNECT_RETRIED:
        return f"retry in {value} ms"
    if event == zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL:
        return f"{errno_name(value)}: {zmq.strerror(value)}"
    if event == zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL:
        return f"{PROTOCOL_ERRORS.get(value, 'protocol error')} (0x{value:x})"
    if event == zmq.EVENT_HANDSHAKE_FAILED_AUTH:
        return f"ZAP status {value}"
    return ""


PROTOCOL_ERRORS = {getattr(zmq, name): name for name in dir(zmq) if name.startswith("PROTOCOL_ERROR_")}


def watch(channel, handle, monitor):
    """The monitor thread of one socket: reports its events until libzmq stops the monitor or the context ends."""
    try:
        while True:
            message = recv_monitor_message(monitor)
            event = message["event"]
            if event == zmq.EVENT_MONITOR_STOPPED:
                break
            kind = EVENT_KINDS.get(event)
            if kind is not None:
                endpoint = message["endpoint"]
                if isinstance(endpoint, bytes):
                    endpoint = endpoint.decode("utf-8", "replace")
                channel.event(handle, kind, endpoint, describe(event, message["value"]))
    except zmq.ContextTerminated:
        pass
    except Exception as error:
        log.error("monitor of socket %d failed\n%s", handle, "".join(traceback.format_exception(error)).rstrip())
    finally:
        monitor.close(linger=0)


# ---------------------------------------------------------------------------------------------------- inproc events

def is_inproc(endpoint):
    return endpoint.lower().startswith("inproc://")


class InprocLinks:
    """The inproc connections of this process's sockets, for the HANDSHAKE_SUCCEEDED events libzmq does not report
    for them. libzmq attaches an inproc pipe when a socket connects to a bound name, or, for a connect to a name
    nobody has bound, when a socket binds it later; it checks no socket types on inproc, and does not reconnect when
    the bound socket goes away. Each attachment is reported once on each of its two sockets.

    The sockets' threads bind and connect side by side, so each records its libzmq call under step(), together
    with the call: the records then follow the order in which libzmq saw the calls.
    """

    DETAIL = "synthesized: the inproc pipe is attached (libzmq reports no events for inproc)"

    def __init__(self, channel):
        self._channel = channel
        self._lock = threading.Lock()
        self._binders = {}  # inproc endpoint -> the handle of the socket bound to it
        self._waiting = {}  # inproc endpoint -> the handles that connected while nobody had bound it, in order

    def step(self, endpoint=None):
        """What to hold around a libzmq call on endpoint and its record; with no endpoint, around a close (which
        ends the socket's inproc binds and connects). Calls on other transports hold nothing, so that they never
        wait for one another (a tcp bind may take its time resolving a host name)."""
        return self._lock if endpoint is None or is_inproc(endpoint) else contextlib.nullcontext()

    def bound(self, handle, endpoint):
        if not is_inproc(endpoint):
            return
        self._binders[endpoint] = handle
        for connecter in self._waiting.pop(endpoint, []):
            self._attached(connecter, handle, endpoint)

    def connected(self, handle, endpoint):
        if not is_inproc(endpoint):
            return
        binder = self._binders.get(endpoint)
        if binder is not None:
            self._attached(handle, binder, endpoint)
        else:
            self._waiting.setdefault(endpoint, []).append(handle)

    def _attached(self, connecter, binder, endpoint):
        self._channel.event(connecter, "HANDSHAKE_SUCCEEDED", endpoint, self.DETAIL)
        self._channel.event(binder, "HANDSHAKE_SUCCEEDED", endpoint, self.DETAIL)

    def unbound(self, handle, endpoint):
        if self._binders.get(endpoint) == handle:
            del self._binders[endpoint]

    def disconnected(self, handle, endpoint):
        waiting = [connecter for connecter in self._waiting.get(endpoint, []) if connecter != handle]
        if waiting:
            self._waiting[endpoint] = waiting
        else:
            self._waiting.pop(endpoint, None)

    def closed(self, handle):
        for endpoint, binder in list(self._binders.items()):
            if binder == handle:
                del self._binders[endpoint]
        for endpoint in list(self._waiting):
            self.disconnected(handle, endpoint)


# ---------------------------------------------------------------------------------------------------- the driver

SOCKET_OPS = {"set", "get", "bind", "connect", "unbind", "disconnect", "connectPeer", "send", "recv", "close"}
TERM_GUARD_S = 3.0  # at bye, the longest wait for zmq_ctx_term (a socket closed with a long LINGER can hold it)
WORKER_JOIN_S = 1.0


class Driver:
    def __init__(self, channel):
        self.channel = channel
        self.context = zmq.Context()
        self.inproc = InprocLinks(channel)
        self._workers = {}  # handle -> SocketWorker, open sockets only
        self._lock = threading.Lock()
        self._next_handle = 1

    def serve(self):
        """Reads and dispatches requests until bye or end of input; then shuts down. Returns the exit status."""
        for line in self.channel.lines():
            if not line.strip():
                continue
            try:
                request = json.loads(line)
            except ValueError as error:
                log.error("not a JSON line (%s): %s", error, shorten(line.decode("utf-8", "replace").rstrip()))
                continue
            if not isinstance(request, dict) or not isinstance(request.get("id"), int):
                log.error("not a request (no integer id): %s", shorten(line.decode("utf-8", "replace").rstrip()))
                continue
            if request.get("op") == "bye":
                self.shutdown()
                self.channel.reply_ok(request["id"], {})
                self.channel.close()
                return 0
            try:
                self.dispatch(request)
            except Failure as failure:
                self.channel.reply_error(request["id"], failure)
            except Exception as error:
                self.channel.reply_error(request["id"], unexpected(error))
        log.info("end of input: shutting down")
        self.shutdown()
        return 0

    def dispatch(self, request):
        op = request.get("op")
        if op in SOCKET_OPS:
            handle = request.get("socket")
            with self._lock:
                worker = self._workers.get(handle) if isinstance(handle, int) else None
            if worker is None or not worker.submit(request):
                raise terminated(f"ENOTSOCK: no open socket {json.dumps(handle)}")
        elif op == "hello":
            self.channel.reply_ok(request["id"], self.hello(request))
        elif op == "socket":
            self.open_socket(request)
        else:
            raise unsupported(f"unknown op {json.dumps(op)}")

    def hello(self, request):
        if request.get("protocol") != PROTOCOL:
            raise unsupported(f"this driver speaks protocol {PROTOCOL}, not {json.dumps(request.get('protocol'))}")
        python = ".".join(str(part) for part in sys.version_info[:3])
        return {
            "protocol": PROTOCOL,
            "name": "libzmq",
            "version": zmq.zmq_version(),
            "language": "C++",
            "detail": f"pyzmq {zmq.pyzmq_version()}, Python {python}",
            "capabilities": capabilities(),
        }

    def open_socket(self, request):
        type_name = field(request, "type", str)
        if type_name in DRAFT_TYPES:
            raise unsupported(f"ENOTSUP: {type_name} is a draft socket type; this libzmq/pyzmq has no draft API")
        if type_name not in SOCKET_TYPES:
            raise unsupported(f"ENOTSUP: unknown socket type {type_name}")
        with self._lock:
            handle = self._next_handle
            self._next_handle += 1
            worker = SocketWorker(self, handle, type_name)
            self._workers[handle] = worker
        worker.start(request["id"])  # the worker creates the socket and answers

    def forget(self, handle):
        with self._lock:
            self._workers.pop(handle, None)

    def shutdown(self):
        """Closes what is still open (LINGER 0), then terminates the context, waiting for it at most TERM_GUARD_S."""
        with self._lock:
            workers = list(self._workers.values())
        for worker in workers:
            worker.stop()
        for worker in workers:
            worker.thread.join(WORKER_JOIN_S)
            if worker.thread.is_alive():
                log.warning("socket %d did not close in time", worker.handle)
        terminate = threading.Thread(target=self.context.term, name="context-term", daemon=True)
        terminate.start()
        terminate.join(TERM_GUARD_S)
        if terminate.is_alive():
            log.warning("zmq_ctx_term still waits after %.0f s (a socket closed with LINGER holds messages); "
                        "exiting anyway", TERM_GUARD_S)


# ---------------------------------------------------------------------------------------------------- main

def open_channel(args):
    if args.connect is None:
        return Channel(sys.stdin.buffer, sys.stdout.buffer, args.verbose)
    host, _, port = args.connect.rpartition(":")
    if not host or not port.isdigit():
        raise SystemExit(f"--connect takes HOST:PORT, not {args.connect!r}")
    try:
        connection = net.create_connection((host.strip("[]"), int(port)))
    except OSError as error:
        raise SystemExit(f"cannot connect to {args.connect}: {error}") from None
    connection.setsockopt(net.IPPROTO_TCP, net.TCP_NODELAY, 1)
    return Channel(connection.makefile("rb"), connection.makefile("wb"), args.verbose)


def main():
    parser = argparse.ArgumentParser(description="zck driver protocol v1 for libzmq through pyzmq")
    parser.add_argument("--connect", metavar="HOST:PORT", help="speak on a TCP connection instead of stdin/stdout")
    parser.add_argument("--verbose", action="store_true", help="log every line in and out (to stderr)")
    args = parser.parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.INFO if args.verbose else logging.WARNING,
                        format="zck-pyzmq %(levelname)s [%(threadName)s] %(message)s")
    status = Driver(open_channel(args)).serve()
    sys.stderr.flush()
    # Leave at once: daemon threads may still hold zmq objects (or zmq_ctx_term may still wait, see shutdown), and
    # the interpreter's own clean-up would wait for them.
    os._exit(status)


if __name__ == "__main__":
    main()

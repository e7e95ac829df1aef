#!/usr/bin/python3
"""A quick self-test of zck_driver.py: starts the driver and talks the driver protocol to it (no kit needed).

    /usr/bin/python3 conformance-tests/drivers/pyzmq/selftest.py [-v]

Each check prints a line; the exit status is the number of failed checks. The kit's own adapter contract
(./zck run --impl driver:'...') remains the real judge; this is for working on the driver.
"""

import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zck_driver.py")
PYTHON = "/usr/bin/python3"


def b64(data):
    return base64.b64encode(data).decode("ascii")


class Session:
    """One driver process: send requests, await replies by id, collect events per socket."""

    def __init__(self, *extra_args, connect=False):
        self.replies = {}
        self.events = []
        self.cond = threading.Condition()
        self.next_id = 1
        args = [PYTHON, DRIVER, *extra_args]
        if connect:  # the driver+tcp: form: the driver connects to us
            server = socket.create_server(("127.0.0.1", 0))
            args += ["--connect", f"127.0.0.1:{server.getsockname()[1]}"]
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            conn, _ = server.accept()
            server.close()
            self.out, inp = conn.makefile("wb"), conn.makefile("rb")
        else:
            self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            self.out, inp = self.proc.stdin, self.proc.stdout
        threading.Thread(target=self._read, args=(inp,), daemon=True).start()

    def _read(self, inp):
        for line in inp:
            message = json.loads(line)
            with self.cond:
                if "event" in message:
                    self.events.append(message["event"])
                else:
                    assert message["id"] not in self.replies, f"second reply to {message['id']}"
                    self.replies[message["id"]] = message
                self.cond.notify_all()

    def submit(self, op, **args):
        request_id = self.next_id
        self.next_id += 1
        self.out.write((json.dumps({"id": request_id, "op": op, **args}) + "\n").encode())
        self.out.flush()
        return request_id

    def reply(self, request_id, timeout=10.0):
        with self.cond:
            if not self.cond.wait_for(lambda: request_id in self.replies, timeout):
                raise AssertionError(f"no reply to request {request_id} within {timeout} s")
            return self.replies.pop(request_id)

    def ok(self, op, **args):
        reply = self.reply(self.submit(op, **args))
        assert reply["ok"], f"{op} {args}: {reply}"
        return reply["result"]

    def error(self, op, **args):
        reply = self.reply(self.submit(op, **args))
        assert not reply["ok"], f"{op} {args} should fail: {reply}"
        return reply["error"]["kind"]

    def socket(self, type_name):
        return self.ok("socket", type=type_name)["socket"]

    def await_event(self, handle, kind, timeout=5.0):
        with self.cond:
            found = self.cond.wait_for(
                lambda: any(e["socket"] == handle and e["kind"] == kind for e in self.events), timeout)
            assert found, f"no {kind} on socket {handle}; events: {self.events}"
            return next(e for e in self.events if e["socket"] == handle and e["kind"] == kind)

    def bye(self):
        started = time.monotonic()
        self.ok("bye")
        status = self.proc.wait(5)
        return status, time.monotonic() - started


def pair(session, a_type, b_type, transport="tcp://127.0.0.1:0"):
    """Two sockets, the first bound, the second connected, both handshaken (for inproc, as the driver reports it)."""
    a = session.socket(a_type)
    endpoint = session.ok("bind", socket=a, endpoint=transport)["endpoint"]
    b = session.socket(b_type)
    session.ok("connect", socket=b, endpoint=endpoint)
    session.await_event(a, "HANDSHAKE_SUCCEEDED")
    session.await_event(b, "HANDSHAKE_SUCCEEDED")
    return a, b, endpoint


# ---------------------------------------------------------------------------------------------------- checks

def check_example_session(s):
    hello = s.ok("hello", protocol=1)
    assert hello["name"] == "libzmq" and hello["language"] == "C++", hello
    assert "PUSH" in hello["capabilities"]["socketTypes"]
    pull = s.socket("PULL")
    endpoint = s.ok("bind", socket=pull, endpoint="tcp://127.0.0.1:0")["endpoint"]
    assert endpoint.startswith("tcp://127.0.0.1:") and not endpoint.endswith(":0"), endpoint
    push = s.socket("PUSH")
    s.ok("connect", socket=push, endpoint=endpoint)
    frames = [b"hello", b"\x00\x01\xff", b"", bytes(range(19)), os.urandom(1 << 20)]
    receiving = s.submit("recv", socket=pull, timeoutMs=5000)
    time.sleep(0.2)  # the recv is waiting
    s.ok("send", socket=push, frames=[b64(f) for f in frames], timeoutMs=5000)
    got = s.reply(receiving)
    assert got["ok"] and [base64.b64decode(f) for f in got["result"]["frames"]] == frames, "frames differ"
    assert s.error("recv", socket=pull, timeoutMs=0) == "WOULD_BLOCK"
    assert s.error("set", socket=pull, option="NO_SUCH_OPTION", value=1) == "UNSUPPORTED"
    s.await_event(pull, "LISTENING")
    s.await_event(pull, "ACCEPTED")
    s.await_event(pull, "HANDSHAKE_SUCCEEDED")
    assert s.await_event(push, "CONNECTED")["endpoint"] == endpoint
    s.await_event(push, "HANDSHAKE_SUCCEEDED")
    s.ok("close", socket=push)
    assert s.error("send", socket=push, frames=[b64(b"x")], timeoutMs=0) == "TERMINATED"
    assert s.error("close", socket=push) == "TERMINATED"
    s.await_event(pull, "DISCONNECTED")
    s.ok("unbind", socket=pull, endpoint=endpoint)
    s.await_event(pull, "CLOSED")


def check_errors(s):
    req = s.socket("REQ")
    assert s.error("recv", socket=req, timeoutMs=1000) == "WRONG_STATE"
    router = s.socket("ROUTER")
    s.ok("set", socket=router, option="ROUTER_MANDATORY", value=True)
    assert s.error("send", socket=router, frames=[b64(b"nobody"), b64(b"x")], timeoutMs=1000) == "HOST_UNREACHABLE"
    pull, push = s.socket("PULL"), s.socket("PUSH")
    assert s.error("send", socket=pull, frames=[b64(b"x")], timeoutMs=0) == "UNSUPPORTED"
    assert s.error("recv", socket=push, timeoutMs=0) == "UNSUPPORTED"
    started = time.monotonic()
    assert s.error("send", socket=push, frames=[b64(b"x")], timeoutMs=300) == "WOULD_BLOCK"  # no peer
    assert 0.25 < time.monotonic() - started < 2, "send did not wait its timeout"
    assert s.error("bind", socket=pull, endpoint="udp://127.0.0.1:0") == "UNSUPPORTED"
    taken = s.ok("bind", socket=pull, endpoint="tcp://127.0.0.1:0")["endpoint"]
    assert s.error("bind", socket=push, endpoint=taken) == "OTHER"
    assert s.error("unbind", socket=pull, endpoint="tcp://127.0.0.1:1") == "OTHER"
    assert s.error("connectPeer", socket=push, endpoint=taken) == "UNSUPPORTED"
    assert s.error("socket", type="SERVER") == "UNSUPPORTED"
    assert s.error("socket", type="NOPE") == "UNSUPPORTED"
    assert s.error("frobnicate") == "UNSUPPORTED"
    assert s.error("frobnicate", socket=pull) == "UNSUPPORTED"
    assert s.error("recv", socket=999, timeoutMs=0) == "TERMINATED"
    assert s.error("send", socket=push, frames=["not base64!"], timeoutMs=0) == "OTHER"
    assert s.error("hello", protocol=2) == "UNSUPPORTED"


def check_options(s):
    sub, push, router = s.socket("SUB"), s.socket("PUSH"), s.socket("ROUTER")
    for option, value in [("SNDHWM", 7), ("LINGER", 0), ("IMMEDIATE", True), ("ROUTING_ID", b64(b"\x01id")),
                          ("MAXMSGSIZE", 1 << 20), ("HEARTBEAT_IVL", 100), ("CONFLATE", True)]:
        s.ok("set", socket=push, option=option, value=value)
        assert s.ok("get", socket=push, option=option)["value"] == value, option
    assert s.ok("get", socket=push, option="RCVHWM")["value"] == 1000
    assert s.ok("get", socket=push, option="IMMEDIATE")["value"] is True
    s.ok("set", socket=sub, option="SUBSCRIBE", value=b64(b"a"))
    assert s.error("get", socket=sub, option="SUBSCRIBE") == "UNSUPPORTED"
    assert s.error("get", socket=sub, option="JOIN") == "UNSUPPORTED"
    assert s.error("set", socket=push, option="ROUTER_MANDATORY", value=True) == "UNSUPPORTED"
    assert s.error("set", socket=push, option="SUBSCRIBE", value="") == "UNSUPPORTED"
    assert s.error("get", socket=router, option="ROUTER_MANDATORY") == "UNSUPPORTED"
    assert s.error("set", socket=push, option="SNDHWM", value="many") == "OTHER"
    assert s.error("set", socket=push, option="IMMEDIATE", value=1) == "OTHER"
    assert s.error("set", socket=push, option="ROUTING_ID", value="") == "OTHER"  # libzmq: EINVAL


def check_concurrency(s):
    idle = s.socket("PULL")
    s.ok("bind", socket=idle, endpoint="inproc://idle")
    pull, push, _ = pair(s, "PULL", "PUSH")
    waiting = s.submit("recv", socket=idle, timeoutMs=5000)
    time.sleep(0.1)
    started = time.monotonic()
    s.ok("send", socket=push, frames=[b64(b"meanwhile")], timeoutMs=1000)
    s.ok("recv", socket=pull, timeoutMs=1000)
    assert time.monotonic() - started < 0.5, "the send waited for the other socket's recv"
    reply = s.reply(waiting)
    assert reply["error"]["kind"] == "WOULD_BLOCK", reply
    assert time.monotonic() - started > 4.5, "the recv did not wait its timeout"


def check_pub_sub(s):
    pub, sub, _ = pair(s, "PUB", "SUB")
    s.ok("set", socket=sub, option="SUBSCRIBE", value=b64(b"top"))
    deadline = time.monotonic() + 5
    while True:  # the subscription travels to the PUB: send until it is there
        s.ok("send", socket=pub, frames=[b64(b"other")], timeoutMs=0)
        s.ok("send", socket=pub, frames=[b64(b"topic"), b64(b"body")], timeoutMs=0)
        reply = s.reply(s.submit("recv", socket=sub, timeoutMs=50))
        if reply["ok"]:
            assert reply["result"]["frames"] == [b64(b"topic"), b64(b"body")], reply
            return
        assert time.monotonic() < deadline, "SUB received nothing"


def check_dealer_router(s):
    router = s.socket("ROUTER")
    endpoint = s.ok("bind", socket=router, endpoint="ipc://*")["endpoint"]
    dealer = s.socket("DEALER")
    s.ok("set", socket=dealer, option="ROUTING_ID", value=b64(b"dealer-1"))
    s.ok("connect", socket=dealer, endpoint=endpoint)
    s.ok("send", socket=dealer, frames=[b64(b"ping")], timeoutMs=2000)
    got = s.ok("recv", socket=router, timeoutMs=2000)["frames"]
    assert got == [b64(b"dealer-1"), b64(b"ping")], got
    s.ok("send", socket=router, frames=[b64(b"dealer-1"), b64(b"pong")], timeoutMs=2000)
    assert s.ok("recv", socket=dealer, timeoutMs=2000)["frames"] == [b64(b"pong")]


def check_req_rep_inproc(s):
    rep, req, _ = pair(s, "REP", "REQ", "inproc://rr")
    s.ok("send", socket=req, frames=[b64(b"q")], timeoutMs=1000)
    assert s.error("send", socket=req, frames=[b64(b"q2")], timeoutMs=0) == "WRONG_STATE"
    assert s.ok("recv", socket=rep, timeoutMs=1000)["frames"] == [b64(b"q")]
    s.ok("send", socket=rep, frames=[b64(b"a")], timeoutMs=1000)
    assert s.ok("recv", socket=req, timeoutMs=1000)["frames"] == [b64(b"a")]


def check_inproc_handshakes(s):
    def handshakes(handle):
        return [e for e in s.events if e["socket"] == handle and e["kind"] == "HANDSHAKE_SUCCEEDED"]

    def assert_synthesized(handle, endpoint):
        event = s.await_event(handle, "HANDSHAKE_SUCCEEDED")
        assert event["endpoint"] == endpoint and event["detail"].startswith("synthesized: "), event

    pull = s.socket("PULL")
    s.ok("bind", socket=pull, endpoint="inproc://first")
    push = s.socket("PUSH")
    s.ok("connect", socket=push, endpoint="inproc://first")  # connect after bind: attached at the connect
    assert_synthesized(push, "inproc://first")
    assert_synthesized(pull, "inproc://first")

    early = s.socket("PUSH")
    s.ok("connect", socket=early, endpoint="inproc://second")  # connect before bind: attached at the bind
    closed, disconnected = s.socket("PUSH"), s.socket("PUSH")
    for handle in (closed, disconnected):
        s.ok("connect", socket=handle, endpoint="inproc://second")
    s.ok("close", socket=closed)
    s.ok("disconnect", socket=disconnected, endpoint="inproc://second")
    time.sleep(0.1)
    assert not handshakes(early), "a handshake before the bind"
    late = s.socket("PULL")
    s.ok("bind", socket=late, endpoint="inproc://second")
    assert_synthesized(early, "inproc://second")
    assert_synthesized(late, "inproc://second")
    s.ok("send", socket=early, frames=[b64(b"early")], timeoutMs=1000)
    assert s.ok("recv", socket=late, timeoutMs=1000)["frames"] == [b64(b"early")]

    s.ok("unbind", socket=late, endpoint="inproc://second")
    after = s.socket("PUSH")
    s.ok("connect", socket=after, endpoint="inproc://second")  # nobody bound now: it waits
    time.sleep(0.1)
    assert len(handshakes(late)) == 1, "one connection, one event (not the closed, disconnected or later sockets)"
    assert not handshakes(closed) and not handshakes(disconnected) and not handshakes(after), s.events


def check_handshake_failed(s):
    pull = s.socket("PULL")
    endpoint = s.ok("bind", socket=pull, endpoint="tcp://127.0.0.1:0")["endpoint"]
    host, port = endpoint[len("tcp://"):].rsplit(":", 1)
    with socket.create_connection((host, int(port))) as raw:  # a ZMTP 3.0 greeting asking for PLAIN, not NULL
        raw.sendall(b"\xff" + bytes(8) + b"\x7f" + b"\x03\x00" + b"PLAIN".ljust(20, b"\x00") + bytes(32))
        event = s.await_event(pull, "HANDSHAKE_FAILED")
    assert "MECHANISM_MISMATCH" in event["detail"], event
    # an incompatible socket type: libzmq 4.3.4 reports only DISCONNECTED, and no HANDSHAKE_SUCCEEDED
    pub = s.socket("PUB")
    s.ok("connect", socket=pub, endpoint=endpoint)
    s.await_event(pub, "DISCONNECTED")
    assert not any(e["kind"] == "HANDSHAKE_SUCCEEDED" for e in s.events), s.events


def check_bye_with_lingering_sockets(s):
    push = s.socket("PUSH")
    s.ok("connect", socket=push, endpoint="tcp://127.0.0.1:1")  # nobody there: the message stays queued
    s.ok("send", socket=push, frames=[b64(b"stuck")], timeoutMs=0)
    s.submit("recv", socket=s.socket("PULL"), timeoutMs=10000)  # still waiting at bye
    status, took = s.bye()
    assert status == 0 and took < 2, (status, took)


def check_bye_after_lingering_close(s):
    push = s.socket("PUSH")
    s.ok("connect", socket=push, endpoint="tcp://127.0.0.1:1")
    s.ok("send", socket=push, frames=[b64(b"stuck")], timeoutMs=0)
    s.ok("close", socket=push)  # LINGER -1: zmq_ctx_term would wait forever
    status, took = s.bye()
    assert status == 0 and took < 5, (status, took)


def check_end_of_input(s):
    s.ok("hello", protocol=1)
    s.socket("PAIR")
    s.out.close()
    assert s.proc.wait(5) == 0


def check_connect_mode(s):
    assert s.ok("hello", protocol=1)["name"] == "libzmq"
    pair_a, pair_b, _ = pair(s, "PAIR", "PAIR")
    s.ok("send", socket=pair_a, frames=[b64(b"")], timeoutMs=1000)
    assert s.ok("recv", socket=pair_b, timeoutMs=1000)["frames"] == [""]


CHECKS = [  # (check, session options, ends the session itself)
    (check_example_session, {}, False),
    (check_errors, {}, False),
    (check_options, {}, False),
    (check_concurrency, {}, False),
    (check_pub_sub, {}, False),
    (check_dealer_router, {}, False),
    (check_req_rep_inproc, {}, False),
    (check_inproc_handshakes, {}, False),
    (check_handshake_failed, {}, False),
    (check_bye_with_lingering_sockets, {}, True),
    (check_bye_after_lingering_close, {}, True),
    (check_end_of_input, {}, True),
    (check_connect_mode, {"connect": True}, False),
]


def main():
    extra = ["--verbose"] if "-v" in sys.argv[1:] else []
    failed = 0
    for check, options, ends_session in CHECKS:
        session = Session(*extra, **options)
        try:
            check(session)
            if not ends_session:
                status, took = session.bye()
                assert status == 0 and took < 2, f"bye: exit status {status} after {took:.1f} s"
            print(f"ok    {check.__name__}")
        except AssertionError as failure:
            failed += 1
            print(f"FAIL  {check.__name__}: {failure}")
        finally:
            if session.proc.poll() is None:
                session.proc.kill()
    print(f"{len(CHECKS) - failed} of {len(CHECKS)} checks passed")
    sys.exit(failed)


if __name__ == "__main__":
    main()

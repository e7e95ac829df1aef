# Drives libzmq sockets (through pyzmq) for LibzmqWireGoldenTest, which captures what libzmq puts on the wire.
# One command per stdin line, one reply per stdout line ("ok ID [DETAIL]" or "err ID TEXT"):
#   open ID TYPE ENDPOINT ROUTING_ID_HEX|- [heartbeat]   a socket (LINGER 0), its routing id if given, heartbeats
#                                                         (IVL 100 ms, TTL 1500 ms, TIMEOUT 5000 ms) if asked; connect
#   bind ID TYPE                                          bind tcp://127.0.0.1:* with ZAP on, the ZAP handler denying
#                                                         every request with status 400; DETAIL is the endpoint
#   sub ID HEX / unsub ID HEX                             ZMQ_SUBSCRIBE / ZMQ_UNSUBSCRIBE
#   close ID                                              close the socket
#   quit                                                  (end of input means the same)
# It prints "ready libzmq VERSION pyzmq VERSION" first, and exits by itself after DEADLINE seconds whatever happens.
import os
import signal
import sys
import threading

import zmq

DEADLINE = 300
signal.alarm(DEADLINE)  # the default action of SIGALRM ends the process

ctx = zmq.Context()
sockets = {}
zap_started = threading.Event()


def zap_handler():
    zap = ctx.socket(zmq.REP)
    zap.setsockopt(zmq.LINGER, 0)
    zap.bind("inproc://zeromq.zap.01")
    zap_started.set()
    while True:
        request = zap.recv_multipart()
        zap.send_multipart([b"1.0", request[1], b"400", b"denied by LibzmqWireGoldenTest", b"", b""])


def run(words):
    command, sid = words[0], words[1]
    if command == "open":
        sock = ctx.socket(getattr(zmq, words[2]))
        sock.setsockopt(zmq.LINGER, 0)
        if words[4] != "-":
            sock.setsockopt(zmq.ROUTING_ID, bytes.fromhex(words[4]))
        if len(words) > 5 and words[5] == "heartbeat":
            sock.setsockopt(zmq.HEARTBEAT_IVL, 100)
            sock.setsockopt(zmq.HEARTBEAT_TTL, 1500)
            sock.setsockopt(zmq.HEARTBEAT_TIMEOUT, 5000)
        sock.connect(words[3])
        sockets[sid] = sock
        return ""
    if command == "bind":
        if not zap_started.is_set():
            threading.Thread(target=zap_handler, daemon=True).start()
            zap_started.wait(10)
        sock = ctx.socket(getattr(zmq, words[2]))
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.ZAP_DOMAIN, b"zck")
        sock.bind("tcp://127.0.0.1:*")
        sockets[sid] = sock
        return sock.getsockopt(zmq.LAST_ENDPOINT).decode()
    if command == "sub":
        sockets[sid].setsockopt(zmq.SUBSCRIBE, bytes.fromhex(words[2]))
        return ""
    if command == "unsub":
        sockets[sid].setsockopt(zmq.UNSUBSCRIBE, bytes.fromhex(words[2]))
        return ""
    if command == "close":
        sockets.pop(sid).close(linger=0)
        return ""
    raise ValueError("unknown command " + command)


def main():
    print("ready libzmq %s pyzmq %s" % (zmq.zmq_version(), zmq.pyzmq_version()), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        try:
            detail = run(words)
            print(("ok %s %s" % (words[1], detail)).strip(), flush=True)
        except Exception as e:  # report, keep serving
            print("err %s %s: %s" % (words[1] if len(words) > 1 else "-", type(e).__name__, e), flush=True)
    sys.stdout.flush()
    os._exit(0)  # no context termination: nothing must block the exit


main()

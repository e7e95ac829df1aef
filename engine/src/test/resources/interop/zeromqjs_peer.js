// libzmq 4.3.5 sockets through zeromq.js (npm zeromq 6), driven over JSON lines, for the engine's interop tests
// (ScriptHandshakePeer, ZeromqjsPeerFactory).
//
// Usage: NODE_PATH=.../conformance-tests/drivers/zeromqjs/node_modules node zeromqjs_peer.js
//
// Unlike pyzmq_peer.py, which runs one socket set up from its command line, one process serves many sockets, each
// opened by a command and named by the "socket" number the harness gives it, so that a test class starts Node once
// rather than once per case. The protocol is otherwise pyzmq_peer.py's (see there); every line on stdout is one JSON
// object, and nothing else goes to stdout (Node's "draft features are experimental" warning goes to stderr):
//   {"type": "ready", "libzmq": ..., "zeromq": ..., "node": ..., "draft": bool}   once, when zeromq.js is loaded
//   {"type": "event", "socket": N, "event": NAME, "code": N, "value": ..., "endpoint": ...}   each monitor event
//   {"type": "reply", "id": N, "ok": bool, ... | "error": text}                           one per command
//   {"type": "fatal", "error": text}                                                       then exit 1
// Commands, one JSON object per line on stdin; all but "quit" carry "id", all but "open" and "quit" a "socket" that
// an "open" created:
//   {"cmd": "open", "socket": N, "type": TYPE, "role": "bind"|"connect", "endpoint": ...,
//    "routing_id": hex, "subscribe": [hex...], "join": [group...]}
//       creates a TYPE socket with LINGER 0 and the routing id, subscribes a SUB to each topic (none: to nothing),
//       joins a DISH to each group, monitors it and binds or connects it; replies "endpoint" (the real one when bound)
//   {"cmd": "send", "socket": N, "messages": [{"frames": [hex...], "routing_id": N, "group": text}...],
//    "timeout_ms": N}
//       sends the messages in order, each waiting up to timeout_ms; a SERVER sends to "routing_id", or else to the
//       client it last received from; a RADIO sends in "group"
//   {"cmd": "receive", "socket": N, "timeout_ms": N, "count": N}
//       receives up to "count" messages, waiting up to timeout_ms for each, and replies "messages": [{"frames":
//       [hex...], "routing_id": N (SERVER), "group": text (DISH)}...], fewer when the wait ran out. zeromq.js has no
//       zmq_msg_gets, so no connection properties: the harness does not ask for any.
//   {"cmd": "close", "socket": N}   closes the socket (LINGER 0) and its monitor
//   {"cmd": "quit"}                 (end of input means the same)
// Nothing here sleeps for synchronisation: everything waits on zeromq.js promises, and a receive's timeout is a timer
// that ends the wait.
//
// zeromq.js polls a socket only while a send or receive is pending on it, and libzmq hands a socket its new
// connections as commands that only a call on the socket processes: an idle bound SUB would never send its
// subscription (see pyzmq_peer.py). So every socket that can receive at any time keeps one receive pending from the
// start, queueing what arrives for the "receive" commands, as an application's read loop would. REQ and REP cannot
// (a receive out of turn fails with EFSM): they receive only on command.
'use strict';

const readline = require('readline');

function emit(fields) {
    process.stdout.write(JSON.stringify(fields) + '\n');
}

let zmq;
let draft;
try {
    zmq = require('zeromq');
    draft = require('zeromq/draft');
} catch (e) {
    emit({type: 'fatal', error: 'cannot load zeromq.js (NODE_PATH=' + process.env.NODE_PATH + '): ' + e.message});
    process.exit(1);
}

const TYPES = {
    PAIR: zmq.Pair,
    PUB: zmq.Publisher,
    SUB: zmq.Subscriber,
    REQ: zmq.Request,
    REP: zmq.Reply,
    DEALER: zmq.Dealer,
    ROUTER: zmq.Router,
    PULL: zmq.Pull,
    PUSH: zmq.Push,
    XPUB: zmq.XPublisher,
    XSUB: zmq.XSubscriber,
    SERVER: draft.Server,
    CLIENT: draft.Client,
    RADIO: draft.Radio,
    DISH: draft.Dish,
    GATHER: draft.Gather,
    SCATTER: draft.Scatter,
};
const SEND_ONLY = new Set(['PUB', 'PUSH', 'RADIO', 'SCATTER']);
const LOCKSTEP = new Set(['REQ', 'REP']);
const ZMQ_ROUTING_ID = 5;

// zeromq.js names the monitor events; the harness takes libzmq's codes (NativeEvents).
const EVENT_CODES = {
    'connect': 1,
    'connect:delay': 1 << 1,
    'connect:retry': 1 << 2,
    'bind': 1 << 3,
    'bind:error': 1 << 4,
    'accept': 1 << 5,
    'accept:error': 1 << 6,
    'close': 1 << 7,
    'close:error': 1 << 8,
    'disconnect': 1 << 9,
    'end': 1 << 10,
    'handshake:error:other': 1 << 11,
    'handshake': 1 << 12,
    'handshake:error:protocol': 1 << 13,
    'handshake:error:auth': 1 << 14,
};

const peers = new Map(); // socket number -> Peer

class Peer {
    constructor(id, type, socket) {
        this.id = id;
        this.type = type;
        this.socket = socket;
        this.queue = []; // messages the read loop took, not yet asked for
        this.failure = null; // why the read loop stopped
        this.wake = null; // ends the wait of a pending receive
        this.closed = false;
        this.lastRoutingId = undefined; // a SERVER's last client
    }

    /** The next message, or null once timeoutMs has passed without one. */
    async next(timeoutMs) {
        if (LOCKSTEP.has(this.type)) {
            this.socket.receiveTimeout = timeoutMs;
            try {
                return this.toMessage(await this.socket.receive());
            } catch (e) {
                if (e.code === 'EAGAIN' && !this.closed) {
                    return null;
                }
                throw e;
            }
        }
        const deadline = Date.now() + timeoutMs;
        while (true) {
            if (this.queue.length > 0) {
                return this.queue.shift();
            }
            if (this.failure !== null) {
                throw this.failure;
            }
            const remaining = deadline - Date.now();
            if (remaining <= 0 || this.closed) {
                return null;
            }
            await new Promise((resolve) => {
                const timer = setTimeout(resolve, remaining);
                this.wake = () => {
                    clearTimeout(timer);
                    resolve();
                };
            });
            this.wake = null;
        }
    }

    async readLoop() {
        while (!this.closed) {
            try {
                this.queue.push(this.toMessage(await this.socket.receive()));
            } catch (e) {
                if (!this.closed) {
                    this.failure = e;
                }
                return;
            } finally {
                if (this.wake !== null) {
                    this.wake();
                }
            }
        }
    }

    /** zeromq.js gives the frames, then for SERVER and DISH an object with the routing id or group. */
    toMessage(parts) {
        const message = {frames: []};
        for (const part of parts) {
            if (Buffer.isBuffer(part)) {
                message.frames.push(part.toString('hex'));
                continue;
            }
            if (part.routingId !== undefined) {
                message.routing_id = part.routingId;
                this.lastRoutingId = part.routingId;
            }
            if (part.group !== undefined) {
                message.group = part.group.toString();
            }
        }
        return message;
    }

    observe() {
        const observer = new zmq.Observer(this.socket);
        (async () => {
            while (!observer.closed) {
                let event;
                try {
                    event = await observer.receive();
                } catch (e) {
                    return; // the monitor ended with the socket
                }
                emit({
                    type: 'event',
                    socket: this.id,
                    event: event.type,
                    code: EVENT_CODES[event.type] || 0,
                    value: eventValue(event),
                    endpoint: event.address || '',
                });
            }
        })();
    }

    close() {
        this.closed = true;
        peers.delete(this.id);
        this.socket.close(); // rejects a pending receive; the monitor ends with an "end" event
        if (this.wake !== null) {
            this.wake();
        }
    }
}

/** What libzmq's event value was, as far as zeromq.js keeps it: errno, protocol error, ZAP status, interval. */
function eventValue(event) {
    if (event.error) {
        return event.error.errno !== undefined ? event.error.errno : event.error.status || event.error.code;
    }
    return event.interval !== undefined ? event.interval : null;
}

async function open(command) {
    const Type = TYPES[command.type];
    if (Type === undefined) {
        throw new Error('zeromq.js has no ' + command.type + ' socket');
    }
    if (peers.has(command.socket)) {
        throw new Error('socket ' + command.socket + ' is already open');
    }
    const socket = new Type({linger: 0});
    const peer = new Peer(command.socket, command.type, socket);
    let endpoint = command.endpoint;
    try {
        if (command.routing_id !== undefined) {
            socket.setStringOption(ZMQ_ROUTING_ID, Buffer.from(command.routing_id, 'hex'));
        }
        if (command.type === 'SUB') {
            for (const topic of command.subscribe || []) {
                socket.subscribe(Buffer.from(topic, 'hex')); // one at a time: subscribe() with none means everything
            }
        }
        if (command.type === 'DISH') {
            for (const group of command.join || []) {
                socket.join(group);
            }
        }
        peer.observe(); // before bind/connect, or the first events are lost
        if (command.role === 'bind') {
            await socket.bind(endpoint);
            endpoint = socket.lastEndpoint;
        } else {
            socket.connect(endpoint);
        }
    } catch (e) {
        peer.close();
        throw new Error(command.type + ' ' + command.role + ' ' + endpoint + ': ' + e.message);
    }
    peers.set(command.socket, peer);
    if (!SEND_ONLY.has(command.type) && !LOCKSTEP.has(command.type)) {
        peer.readLoop();
    }
    return {endpoint: endpoint};
}

async function send(peer, command) {
    peer.socket.sendTimeout = command.timeout_ms;
    const messages = command.messages;
    for (let i = 0; i < messages.length; i++) {
        const frames = messages[i].frames.map((frame) => Buffer.from(frame, 'hex'));
        const options = {};
        if (peer.type === 'SERVER') {
            options.routingId =
                messages[i].routing_id !== undefined ? messages[i].routing_id : peer.lastRoutingId;
            if (options.routingId === undefined) {
                throw new Error('a SERVER needs a routing id: none given and no client heard from yet');
            }
        }
        if (messages[i].group !== undefined) {
            options.group = messages[i].group;
        }
        try {
            if (Object.keys(options).length > 0) {
                await peer.socket.send(frames.length === 1 ? frames[0] : frames, options);
            } else {
                await peer.socket.send(frames);
            }
        } catch (e) {
            throw new Error(e.message + ' (' + e.code + ') at message ' + i + ' of ' + messages.length);
        }
    }
    return {};
}

async function receive(peer, command) {
    if (SEND_ONLY.has(peer.type)) {
        throw new Error('a ' + peer.type + ' cannot receive');
    }
    const messages = [];
    while (messages.length < (command.count || 1)) {
        const message = await peer.next(command.timeout_ms);
        if (message === null) {
            break;
        }
        messages.push(message);
    }
    return {messages: messages};
}

/** Runs a command's handler and replies with what it returned, or with its error. */
async function answer(command, handler) {
    try {
        emit(Object.assign({type: 'reply', id: command.id, ok: true}, await handler()));
    } catch (e) {
        emit({type: 'reply', id: command.id, ok: false, error: String(e && e.message ? e.message : e)});
    }
}

// A socket's commands run one after the other, in the order they came; sockets do not wait for each other.
const work = new Map(); // socket number -> the promise of its last command

function dispatch(command) {
    if (command.cmd === 'quit') {
        process.exit(0);
    }
    if (command.cmd === 'open') {
        return chain(command.socket, () => answer(command, () => open(command)));
    }
    const peer = peers.get(command.socket);
    if (peer === undefined) {
        return answer(command, () => {
            throw new Error('no open socket ' + command.socket);
        });
    }
    if (command.cmd === 'close') {
        // At once, not after a pending receive: closing ends it.
        work.delete(command.socket);
        return answer(command, () => peer.close() || {});
    }
    const handlers = {send: send, receive: receive};
    const handler = handlers[command.cmd];
    if (handler === undefined) {
        return answer(command, () => {
            throw new Error('unknown command: ' + command.cmd);
        });
    }
    return chain(command.socket, () => answer(command, () => handler(peer, command)));
}

function chain(socket, next) {
    const previous = work.get(socket) || Promise.resolve();
    const done = previous.then(next);
    work.set(socket, done);
    return done;
}

const lines = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
lines.on('line', (line) => {
    if (line.trim() === '') {
        return;
    }
    let command;
    try {
        command = JSON.parse(line);
    } catch (e) {
        process.stderr.write('not a JSON command: ' + line.slice(0, 200) + '\n');
        return;
    }
    dispatch(command);
});
lines.on('close', () => process.exit(0)); // the harness went away: end with it

emit({
    type: 'ready',
    libzmq: zmq.version,
    zeromq: require('zeromq/package.json').version,
    node: process.version,
    draft: zmq.capability.draft === true,
});

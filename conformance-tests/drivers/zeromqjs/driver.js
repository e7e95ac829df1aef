#!/usr/bin/env node
/*
 * zck driver for libzmq, reached through zeromq.js (npm "zeromq" 6, which bundles libzmq 4.3.5).
 *
 * Puts libzmq behind the zck driver protocol, version 1: spec/DRIVER-PROTOCOL.md in the zck repository is the
 * contract this file implements. JSON requests come in one per line; replies and socket events go out one per line.
 *
 * Run it from the repository root, after installing zeromq.js next to it once:
 *
 *     npm install --prefix conformance-tests/drivers/zeromqjs zeromq@6
 *     node conformance-tests/drivers/zeromqjs/driver.js
 *     ./zck run --impl driver:'node conformance-tests/drivers/zeromqjs/driver.js'
 *
 * By itself it speaks on stdin/stdout; with `--connect HOST:PORT` it speaks on one TCP connection to that address
 * instead. `--verbose` logs every line in and out. Logs always go to stderr. Node 20 and zeromq.js only.
 *
 * Design (see section 2 of the protocol, "Concurrency"):
 *
 * - Everything runs on Node's one event loop. Each socket has a promise chain, and the requests that name it run on
 *   that chain one after the other (zeromq.js refuses a second concurrent send or receive on a socket with EBUSY).
 *   Different sockets' chains run side by side, so a recv waiting on one socket never delays a send on another.
 *   Requests that name no socket (hello, socket, bye) are answered at once.
 * - Each socket's Observer (`socket.events`, libzmq's monitor) is read in a loop that turns its events into event
 *   lines, from the socket's creation until libzmq stops the monitor after the close.
 * - libzmq's monitor reports nothing about inproc connections. The driver sees every inproc bind and connect (an
 *   inproc peer can only be another socket of this process), and reports HANDSHAKE_SUCCEEDED on both sockets when
 *   libzmq attaches their pipe: at the connect, or at the bind for a connect that came first (see `inproc`).
 *   The JeroMQ adapter synthesizes the same events, which the kit's suites wait for before they start.
 * - libzmq does a socket's bookkeeping (attaching new connections, sending a DISH's joins or a SUB's subscriptions
 *   on reconnection, finishing a disconnect) only when the application calls into that socket. zeromq.js calls in
 *   only while a send or receive is pending, so every HOUSEKEEPING_MS the driver reads ZMQ_EVENTS of each idle
 *   socket, as an application that polls its sockets would (the JeroMQ adapter does the same).
 * - A send or recv is tried at once without waiting, so that libzmq's immediate errors (EFSM, ENOTSUP, EHOSTUNREACH)
 *   come back at once, as from libzmq's own blocking calls; only EAGAIN leads to a wait, with zeromq.js's
 *   sendTimeout/receiveTimeout set to what is left of timeoutMs.
 * - Options are set and read through the binding's typed accessors with libzmq's option numbers, which is what
 *   zeromq.js's option properties do underneath (the table below names each property). The properties are defined
 *   only on some socket classes (sendHighWaterMark only on those that send, routingId only on REQ, REP, DEALER and
 *   ROUTER) while libzmq accepts those options on every socket; subscribe/unsubscribe and join/leave are methods.
 * - bye (or the end of input) closes what is still open with LINGER 0, answers, and leaves with process.exit(0):
 *   zeromq.js would otherwise terminate libzmq's context at exit and wait for sockets closed earlier with a long
 *   LINGER.
 */
'use strict';

const net = require('net');
const readline = require('readline');
const zmq = require('zeromq');

const PROTOCOL = 1;
const ZEROMQ_JS_VERSION = require('zeromq/package.json').version;

// ------------------------------------------------------------------------------------------------ logging

let verbose = false;

function log(message) {
  process.stderr.write(`zck-zeromqjs: ${message}\n`);
}

function shorten(text, limit = 300) {
  return text.length <= limit ? text : `${text.slice(0, limit)}... (${text.length} characters)`;
}

// ------------------------------------------------------------------------------------------------ socket types

/** zeromq.js's draft classes, or null when its libzmq was built without the draft API. */
function loadDraft() {
  if (!zmq.capability.draft) {
    return null;
  }
  // zeromq/draft warns on load that draft features are experimental. Node would print that on stderr; it is
  // expected here, so it is dropped rather than left among the lines the kit quotes when a driver crashes.
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning, ...rest) => {
    if (!String(warning).includes('draft features are experimental')) {
      emitWarning.call(process, warning, ...rest);
    }
  };
  try {
    return require('zeromq/draft');
  } finally {
    process.emitWarning = emitWarning;
  }
}

const draft = loadDraft();

// ZMTP socket type name -> zeromq.js class. PEER and CHANNEL are not exposed by zeromq.js 6 (nor is the draft API of
// zmq_connect_peer), so they are not offered; DATAGRAM and STREAM are not ZMTP types.
const SOCKET_TYPES = {
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
  ...(draft && {
    SERVER: draft.Server,
    CLIENT: draft.Client,
    RADIO: draft.Radio,
    DISH: draft.Dish,
    GATHER: draft.Gather,
    SCATTER: draft.Scatter,
  }),
};

const TRANSPORTS = ['tcp', ...(zmq.capability.ipc ? ['ipc'] : []), 'inproc']; // inproc: this process's sockets only

// CURVE works without a ZAP handler. PLAIN is left out: libzmq's PLAIN server always asks ZAP, and with no handler
// (the kit cannot provide one in this process) every PLAIN handshake fails.
const MECHANISMS = ['NULL', ...(zmq.capability.curve ? ['CURVE'] : [])];

// ------------------------------------------------------------------------------------------------ options

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

// Option value kinds: how the JSON value is checked and converted, and which typed accessor of the binding reads
// and writes it (Socket.prototype.{get,set}{Int32,Int64,Bool,String}Option, the calls zeromq.js's properties make).
const INT = {
  describe: 'an integer',
  accepts: (value) => Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX,
  fromJson: (value) => value,
  set: (socket, code, value) => socket.setInt32Option(code, value),
  get: (socket, code) => socket.getInt32Option(code),
};
const INT64 = { // an SPI int held by libzmq in an int64_t (MAXMSGSIZE)
  ...INT,
  set: (socket, code, value) => socket.setInt64Option(code, value),
  get: (socket, code) => Math.max(INT32_MIN, Math.min(INT32_MAX, socket.getInt64Option(code))),
};
const BOOL = {
  describe: 'a boolean',
  accepts: (value) => typeof value === 'boolean',
  fromJson: (value) => value,
  set: (socket, code, value) => socket.setBoolOption(code, value),
  get: (socket, code) => socket.getBoolOption(code),
};
const STRING = {
  describe: 'a string',
  accepts: (value) => typeof value === 'string',
  fromJson: (value) => value,
  set: (socket, code, value) => socket.setStringOption(code, value),
  get: (socket, code) => socket.getStringOption(code) ?? '',
};
const BYTES = { // base64 in JSON, a Buffer for zeromq.js
  describe: 'a base64 string',
  accepts: isBase64,
  fromJson: (value) => Buffer.from(value, 'base64'),
  set: (socket, code, value) => socket.setStringOption(code, value),
  get: null, // see ROUTING_ID
};

const ALL_TYPES = null;

/**
 * One SPI option: its libzmq number, value kind, the socket types libzmq 4.3.5 accepts it for (null: all), whether
 * libzmq can read it back, and the zeromq.js property or method that stands for it. `set`/`get` replace the default
 * accessors where zeromq.js has a method instead, or cannot read the value faithfully.
 */
function option(code, kind, types, readable, zeromqJs, custom = {}) {
  return { code, kind, types: types && new Set(types), readable, zeromqJs, ...custom };
}

// The types are those libzmq 4.3.5 accepts each option for (REP is built on ROUTER, PUB on XPUB, REQ on DEALER),
// except CONFLATE, which libzmq accepts everywhere but honours only on these five types. The type-specific options
// are set-only in libzmq (getsockopt answers EINVAL), and SUBSCRIBE, UNSUBSCRIBE, JOIN, LEAVE are actions.
const OPTIONS = {
  SNDHWM: option(23, INT, ALL_TYPES, true, 'sendHighWaterMark'),
  RCVHWM: option(24, INT, ALL_TYPES, true, 'receiveHighWaterMark'),
  LINGER: option(17, INT, ALL_TYPES, true, 'linger'),
  RECONNECT_IVL: option(18, INT, ALL_TYPES, true, 'reconnectInterval'),
  RECONNECT_IVL_MAX: option(21, INT, ALL_TYPES, true, 'reconnectMaxInterval'),
  IMMEDIATE: option(39, BOOL, ALL_TYPES, true, 'immediate'),
  ROUTING_ID: option(5, BYTES, ALL_TYPES, true, 'routingId', {
    // zeromq.js reads string options as C strings (cut at the first NUL octet, decoded as UTF-8), so a binary
    // routing id would come back damaged. libzmq keeps the octets it was given: the driver answers with the octets
    // it last set successfully, or with what libzmq reports when none were set (empty by default).
    set(entry, value) {
      entry.socket.setStringOption(5, value);
      entry.routingId = Buffer.from(value);
    },
    get: (entry) => entry.routingId ?? Buffer.from(entry.socket.getStringOption(5) ?? '', 'utf8'),
  }),
  SUBSCRIBE: option(6, BYTES, ['SUB'], false, 'subscribe()', {
    set: (entry, value) => entry.socket.subscribe(value),
  }),
  UNSUBSCRIBE: option(7, BYTES, ['SUB'], false, 'unsubscribe()', {
    set: (entry, value) => entry.socket.unsubscribe(value),
  }),
  ...(draft && {
    JOIN: option(-1, STRING, ['DISH'], false, 'join()', { set: (entry, value) => entry.socket.join(value) }),
    LEAVE: option(-1, STRING, ['DISH'], false, 'leave()', { set: (entry, value) => entry.socket.leave(value) }),
  }),
  ROUTER_MANDATORY: option(33, BOOL, ['ROUTER', 'REP'], false, 'mandatory'),
  ROUTER_HANDOVER: option(56, BOOL, ['ROUTER', 'REP'], false, 'handover'),
  PROBE_ROUTER: option(51, BOOL, ['ROUTER', 'REP', 'DEALER', 'REQ'], false, 'probeRouter'),
  XPUB_NODROP: option(69, BOOL, ['XPUB', 'PUB', 'RADIO'], false, 'noDrop'),
  XPUB_VERBOSE: option(40, BOOL, ['XPUB', 'PUB'], false, 'verbosity'),
  XPUB_MANUAL: option(71, BOOL, ['XPUB', 'PUB'], false, 'manual'),
  REQ_RELAXED: option(53, BOOL, ['REQ'], false, 'relaxed'),
  REQ_CORRELATE: option(52, BOOL, ['REQ'], false, 'correlate'),
  HEARTBEAT_IVL: option(75, INT, ALL_TYPES, true, 'heartbeatInterval'),
  HEARTBEAT_TTL: option(76, INT, ALL_TYPES, true, 'heartbeatTimeToLive'),
  HEARTBEAT_TIMEOUT: option(77, INT, ALL_TYPES, true, 'heartbeatTimeout'),
  MAXMSGSIZE: option(22, INT64, ALL_TYPES, true, 'maxMessageSize'),
  HANDSHAKE_IVL: option(66, INT, ALL_TYPES, true, 'handshakeInterval'),
  CONFLATE: option(54, BOOL, ['DEALER', 'PULL', 'PUSH', 'PUB', 'SUB'], true, 'conflate'),
  ZAP_DOMAIN: option(55, STRING, ALL_TYPES, true, 'zapDomain'),
  // The CURVE keys are 32 octets here. They cannot be read back: zeromq.js reads string options into a 1024-octet
  // buffer, and libzmq 4.3.5 answers EINVAL unless the buffer is exactly 32 or 41 octets.
  ...(zmq.capability.curve && {
    CURVE_SERVER: option(47, BOOL, ALL_TYPES, true, 'curveServer'),
    CURVE_PUBLICKEY: option(48, BYTES, ALL_TYPES, false, 'curvePublicKey'),
    CURVE_SECRETKEY: option(49, BYTES, ALL_TYPES, false, 'curveSecretKey'),
    CURVE_SERVERKEY: option(50, BYTES, ALL_TYPES, false, 'curveServerKey'),
  }),
};

// Socket options the driver itself sets around a send or recv.
const ZMQ_LINGER = 17;
const ZMQ_RCVTIMEO = 27;
const ZMQ_SNDTIMEO = 28;

// ------------------------------------------------------------------------------------------------ events

// zeromq.js event type (its names for libzmq's monitor events) -> SPI event kind. The others (connect:delay,
// bind:error, accept:error, close:error, end, unknown) have no SPI kind and are not reported.
const EVENT_KINDS = {
  'bind': 'LISTENING',
  'accept': 'ACCEPTED',
  'connect': 'CONNECTED',
  'connect:retry': 'CONNECT_RETRIED',
  'handshake': 'HANDSHAKE_SUCCEEDED',
  'handshake:error:protocol': 'HANDSHAKE_FAILED',
  'handshake:error:auth': 'HANDSHAKE_FAILED',
  'handshake:error:other': 'HANDSHAKE_FAILED',
  'disconnect': 'DISCONNECTED',
  'close': 'CLOSED',
};

/** The detail of an event: what its value means (the retry interval, the handshake error), or "". */
function describeEvent(event) {
  switch (event.type) {
    case 'connect:retry':
      return `retry in ${event.interval} ms`;
    case 'handshake:error:protocol': // code: ERR_ZMTP_* or ERR_ZAP_*, libzmq's ZMQ_PROTOCOL_ERROR_* names
      return `${event.error.code}: ${event.error.message}`;
    case 'handshake:error:auth':
      return `ZAP status ${event.error.status}: ${event.error.message}`;
    case 'handshake:error:other': // an errno
      return `${event.error.code}: ${event.error.message}`;
    default:
      return '';
  }
}

function capabilities() {
  return {
    socketTypes: Object.keys(SOCKET_TYPES),
    transports: TRANSPORTS,
    mechanisms: MECHANISMS,
    options: Object.keys(OPTIONS),
    events: [...new Set(Object.values(EVENT_KINDS))],
  };
}

// ------------------------------------------------------------------------------------------------ errors

/** A request that fails: answered with {"ok": false, "error": {"kind": kind, "message": message}}. */
class Failure extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

// libzmq errno name (zeromq.js puts it in error.code) -> SPI error kind; any other errno is OTHER.
const ERROR_KINDS = {
  EAGAIN: 'WOULD_BLOCK',
  EFSM: 'WRONG_STATE',
  EHOSTUNREACH: 'HOST_UNREACHABLE',
  ETERM: 'TERMINATED',
  ENOTSOCK: 'TERMINATED',
  EBADF: 'TERMINATED', // zeromq.js's answer for a socket it has closed
  ENOTSUP: 'UNSUPPORTED',
  EPROTONOSUPPORT: 'UNSUPPORTED',
};

const terminated = (message) => new Failure('TERMINATED', message);
const unsupported = (message) => new Failure('UNSUPPORTED', message);
const invalid = (message) => new Failure('OTHER', `EINVAL: ${message}`);

/**
 * The Failure for anything a request threw: a Failure as it is; a zeromq.js error by its errno name, as
 * "ENAME: text (what)"; anything else is a bug in the driver, logged with its stack and answered as OTHER.
 */
function failureOf(error, entry, what) {
  if (error instanceof Failure) {
    return error;
  }
  const code = error && error.code;
  if (entry && entry.closed && code === 'EAGAIN') { // zeromq.js ends a pending send/recv with EAGAIN on close
    return terminated(`ETERM: socket ${entry.handle} was closed (${what})`);
  }
  if (typeof code === 'string' && typeof error.errno === 'number') {
    return new Failure(ERROR_KINDS[code] ?? 'OTHER', `${code}: ${error.message} (${what})`);
  }
  log(`unexpected error in ${what}:\n${error && error.stack ? error.stack : error}`);
  return new Failure('OTHER', `driver error in ${what}: ${error}`);
}

// ------------------------------------------------------------------------------------------------ the channel

/** The line channel to the kit: one JSON object per line out; nothing more once closed. */
class Channel {
  constructor(output) {
    this.output = output;
    this.closed = false;
  }

  write(message) {
    if (this.closed) {
      return;
    }
    const line = JSON.stringify(message);
    if (verbose) {
      log(`> ${shorten(line)}`);
    }
    this.output.write(`${line}\n`);
  }

  replyOk(id, result) {
    this.write({ id, ok: true, result });
  }

  replyError(id, failure) {
    this.write({ id, ok: false, error: { kind: failure.kind, message: failure.message } });
  }

  event(handle, kind, endpoint, detail) {
    this.write({ event: { socket: handle, kind, endpoint, detail } });
  }

  /** Writes nothing more, and calls back once what was written has been handed to the system. */
  close(callback) {
    this.closed = true;
    this.output.write('', callback);
  }
}

let channel = null;

// ------------------------------------------------------------------------------------------------ request fields

function field(request, name, check, describe) {
  const value = request[name];
  if (!check(value)) {
    throw invalid(`'${request.op}' needs '${name}' (${describe}), not ${JSON.stringify(value)}`);
  }
  return value;
}

const isString = (value) => typeof value === 'string';

function isBase64(value) {
  return typeof value === 'string' && value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}

function timeoutOf(request) {
  return field(request, 'timeoutMs', (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
}

function requireTransport(endpoint) {
  const scheme = endpoint.includes('://') ? endpoint.slice(0, endpoint.indexOf('://')).toLowerCase() : '';
  if (!TRANSPORTS.includes(scheme)) {
    throw unsupported(`EPROTONOSUPPORT: this driver declares ${TRANSPORTS.join(', ')}, not '${endpoint}'`);
  }
}

// ------------------------------------------------------------------------------------------------ sockets

/** An open socket: its handle, ZMTP type name, zeromq.js socket, and the chain its requests run on. */
class Entry {
  constructor(handle, type, socket) {
    this.handle = handle;
    this.type = type;
    this.socket = socket;
    this.chain = Promise.resolve();
    this.busy = false; // a request is running on the socket: zeromq.js may be polling it
    this.inWorker = false; // a bind or unbind is running on a libuv worker thread: hands off the libzmq socket
    this.closed = false;
    this.routingId = null; // the ROUTING_ID octets last set, see OPTIONS.ROUTING_ID
    this.bindErrors = []; // the monitor's bind:error events, see bind()
  }
}

const sockets = new Map(); // handle -> Entry, open sockets only
let nextHandle = 1;

function openSocket(request) {
  const type = field(request, 'type', isString, 'a socket type name').toUpperCase();
  const SocketClass = SOCKET_TYPES[type];
  if (!SocketClass) {
    throw unsupported(`ENOTSUP: zeromq.js ${ZEROMQ_JS_VERSION} offers no ${type} socket`);
  }
  const socket = new SocketClass();
  const entry = new Entry(nextHandle++, type, socket);
  sockets.set(entry.handle, entry);
  watchEvents(entry);
  return { socket: entry.handle };
}

/**
 * Reports the socket's events until libzmq stops its monitor (which it does when the socket is closed, after the
 * events of the close). Started at creation, so that the first bind's or connect's events are seen.
 */
async function watchEvents(entry) {
  try {
    for await (const event of entry.socket.events) {
      const kind = EVENT_KINDS[event.type];
      if (kind) {
        channel.event(entry.handle, kind, event.address ?? '', describeEvent(event));
      } else if (event.type === 'bind:error') {
        entry.bindErrors.push(event);
      }
    }
  } catch (error) {
    if (!entry.closed) {
      log(`the events of socket ${entry.handle} ended: ${error && error.stack ? error.stack : error}`);
    }
  }
}

/** Queues a request on its socket's chain; it is answered when it has run. */
function enqueue(entry, request) {
  const what = `${request.op} on ${entry.type} socket ${entry.handle}`;
  entry.chain = entry.chain.then(async () => {
    entry.busy = true;
    try {
      channel.replyOk(request.id, await perform(entry, request));
    } catch (error) {
      channel.replyError(request.id, failureOf(error, entry, what));
    } finally {
      entry.busy = false;
    }
  });
}

async function perform(entry, request) {
  if (entry.closed) { // queued behind a close or a bye: the kit does not do that, but answer rather than hang
    throw terminated(`ETERM: socket ${entry.handle} is closed`);
  }
  const socket = entry.socket;
  switch (request.op) {
    case 'set':
      return setOption(entry, field(request, 'option', isString, 'an option name'), request.value);
    case 'get':
      return getOption(entry, field(request, 'option', isString, 'an option name'));
    case 'bind': {
      const endpoint = field(request, 'endpoint', isString, 'an endpoint');
      requireTransport(endpoint);
      await bind(entry, endpoint);
      inproc.bound(entry, socket.lastEndpoint);
      return { endpoint: socket.lastEndpoint };
    }
    case 'connect': {
      const endpoint = field(request, 'endpoint', isString, 'an endpoint');
      requireTransport(endpoint);
      socket.connect(endpoint);
      inproc.connected(entry, endpoint);
      return {};
    }
    case 'unbind': {
      const endpoint = field(request, 'endpoint', isString, 'an endpoint');
      await inWorker(entry, () => socket.unbind(endpoint));
      inproc.unbound(entry, endpoint);
      return {};
    }
    case 'disconnect': {
      const endpoint = field(request, 'endpoint', isString, 'an endpoint');
      socket.disconnect(endpoint);
      inproc.disconnected(entry, endpoint);
      return {};
    }
    case 'connectPeer':
      throw unsupported('ENOTSUP: connectPeer needs a PEER socket, which zeromq.js does not offer');
    case 'send':
      return send(entry, request);
    case 'recv':
      return receive(entry, timeoutOf(request));
    case 'close':
      closeSocket(entry);
      return {};
    default:
      throw unsupported(`unknown op ${JSON.stringify(request.op)}`);
  }
}

/**
 * Runs a zeromq.js bind or unbind, which calls libzmq on a libuv worker thread; meanwhile the driver calls nothing
 * on that socket (libzmq sockets are not thread-safe).
 */
async function inWorker(entry, operation) {
  entry.inWorker = true;
  try {
    return await operation();
  } finally {
    entry.inWorker = false;
  }
}

const BIND_ERROR_WAIT_MS = 200;

/**
 * zeromq.js's bind, with one libzmq 4.3.5 quirk undone: when a bind fails while a monitor is attached (the driver
 * always has one), libzmq first reports the failure to the monitor, and that can overwrite errno with EAGAIN (an
 * unresolvable host does it). bind never means "try again", so an EAGAIN is answered with the errno of the
 * monitor's bind:error event, which carries the real one, or as OTHER if that event does not come.
 */
async function bind(entry, endpoint) {
  entry.bindErrors = [];
  try {
    await inWorker(entry, () => entry.socket.bind(endpoint));
  } catch (error) {
    if (error.code !== 'EAGAIN') {
      throw error;
    }
    for (let waited = 0; entry.bindErrors.length === 0 && waited < BIND_ERROR_WAIT_MS; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const cause = entry.bindErrors.length > 0 ? entry.bindErrors[0].error : null;
    const note = `bind ${endpoint}: libzmq answered EAGAIN, the errno its monitor left behind`;
    if (cause && cause.code !== 'EAGAIN') {
      throw new Failure(ERROR_KINDS[cause.code] ?? 'OTHER', `${cause.code}: ${cause.message} (${note})`);
    }
    throw new Failure('OTHER', `EAGAIN: ${error.message} (${note}; the monitor reported no cause)`);
  }
}

/** Closes the socket; linger null keeps its LINGER (libzmq then sends what is queued for that long). */
function closeSocket(entry, linger = null) {
  entry.closed = true;
  sockets.delete(entry.handle); // later requests on the handle: TERMINATED
  inproc.closed(entry);
  if (linger !== null && !entry.inWorker) { // else zeromq.js closes it when the bind or unbind is done
    entry.socket.setInt32Option(ZMQ_LINGER, linger);
  }
  entry.socket.close();
}

// ------------------------------------------------------------------------------------------------ inproc events

/**
 * The inproc connections of this process's sockets, for the HANDSHAKE_SUCCEEDED events libzmq does not report for
 * them. libzmq attaches an inproc pipe when a socket connects to a bound name, or, for a connect to a name nobody
 * has bound, when a socket binds it later; it checks no socket types on inproc, and does not reconnect when the
 * bound socket goes away. Each attachment is reported once on each of its two sockets.
 */
const inproc = {
  binders: new Map(), // inproc endpoint -> the Entry bound to it
  waiting: new Map(), // inproc endpoint -> the Entries that connected while nobody had bound it, in order
  detail: 'synthesized: the inproc pipe is attached (libzmq reports no events for inproc)',

  isInproc: (endpoint) => endpoint.toLowerCase().startsWith('inproc://'),

  bound(entry, endpoint) {
    if (!this.isInproc(endpoint)) {
      return;
    }
    this.binders.set(endpoint, entry);
    const waiting = this.waiting.get(endpoint) ?? [];
    this.waiting.delete(endpoint);
    for (const connecter of waiting) {
      this.attached(connecter, entry, endpoint);
    }
  },

  connected(entry, endpoint) {
    if (!this.isInproc(endpoint)) {
      return;
    }
    const binder = this.binders.get(endpoint);
    if (binder) {
      this.attached(entry, binder, endpoint);
    } else {
      this.waiting.set(endpoint, [...(this.waiting.get(endpoint) ?? []), entry]);
    }
  },

  attached(connecter, binder, endpoint) {
    channel.event(connecter.handle, 'HANDSHAKE_SUCCEEDED', endpoint, this.detail);
    channel.event(binder.handle, 'HANDSHAKE_SUCCEEDED', endpoint, this.detail);
  },

  unbound(entry, endpoint) {
    if (this.binders.get(endpoint) === entry) {
      this.binders.delete(endpoint);
    }
  },

  disconnected(entry, endpoint) {
    const waiting = (this.waiting.get(endpoint) ?? []).filter((connecter) => connecter !== entry);
    if (waiting.length > 0) {
      this.waiting.set(endpoint, waiting);
    } else {
      this.waiting.delete(endpoint);
    }
  },

  closed(entry) {
    for (const [endpoint, binder] of this.binders) {
      if (binder === entry) {
        this.binders.delete(endpoint);
      }
    }
    for (const endpoint of [...this.waiting.keys()]) {
      this.disconnected(entry, endpoint);
    }
  },
};

// ------------------------------------------------------------------------------------------------ housekeeping

const HOUSEKEEPING_MS = 5;

/**
 * Lets libzmq process the pending commands of every idle socket (see the design notes above). Sockets with a request
 * running are left alone: zeromq.js's poller serves a pending send or receive, and reading ZMQ_EVENTS under it
 * could swallow the edge of the ZMQ_FD it waits on; a bind or unbind runs on a worker thread, and libzmq sockets are
 * not thread-safe.
 */
function houseKeep() {
  for (const entry of sockets.values()) {
    if (!entry.busy && !entry.closed) {
      try {
        void entry.socket.readable; // zmq_getsockopt(ZMQ_EVENTS), which processes the socket's commands
      } catch (error) {
        log(`housekeeping of socket ${entry.handle}: ${error && error.stack ? error.stack : error}`);
      }
    }
  }
}

// ------------------------------------------------------------------------------------------------ set and get

function optionFor(entry, name) {
  const spec = OPTIONS[name];
  if (!spec) {
    throw unsupported(`unknown option ${name}`);
  }
  if (spec.types && !spec.types.has(entry.type)) {
    throw unsupported(`ENOTSUP: ${name} does not apply to ${entry.type} (only ${[...spec.types].join(', ')})`);
  }
  return spec;
}

function setOption(entry, name, value) {
  const spec = optionFor(entry, name);
  if (!spec.kind.accepts(value)) {
    throw invalid(`${name} takes ${spec.kind.describe}, not ${JSON.stringify(value)}`);
  }
  const converted = spec.kind.fromJson(value);
  if (spec.set) {
    spec.set(entry, converted);
  } else {
    spec.kind.set(entry.socket, spec.code, converted);
  }
  return {};
}

function getOption(entry, name) {
  const spec = optionFor(entry, name);
  if (!spec.readable) {
    throw unsupported(`ENOTSUP: ${name} cannot be read (set-only in libzmq, or unreadable through zeromq.js)`);
  }
  const value = spec.get ? spec.get(entry) : spec.kind.get(entry.socket, spec.code);
  return { value: spec.kind === BYTES ? value.toString('base64') : value };
}

// ------------------------------------------------------------------------------------------------ send and recv

const RETRY_MS = 2; // see within()

/**
 * Runs attempt (a zeromq.js send or receive) with sendTimeout/receiveTimeout (timeoutOption) set so that it ends
 * within timeoutMs. It is tried first without waiting, so that errors other than EAGAIN come back at once; then
 * with what is left of the time. zeromq.js waits for the socket to become ready, which a ROUTER with
 * ROUTER_MANDATORY may be while the addressed peer is still at its high-water mark: the attempt then fails at once
 * with EAGAIN, and is repeated every RETRY_MS until the time is up, as libzmq's blocking send would.
 *
 * Before the first try the socket's pending commands are processed (ZMQ_EVENTS), as after a zmq_poll: a don't-wait
 * zmq_send or zmq_recv skips them when it processed commands less than a millisecond before, and would answer
 * EAGAIN for a queue whose room (a peer's read credit) has arrived but is still unread in the socket's mailbox.
 */
async function within(entry, timeoutOption, timeoutMs, attempt) {
  const deadline = performance.now() + timeoutMs;
  let wait = 0;
  void entry.socket.readable;
  for (;;) {
    entry.socket.setInt32Option(timeoutOption, wait);
    try {
      return await attempt();
    } catch (error) {
      const left = deadline - performance.now();
      if (error.code !== 'EAGAIN' || left <= 0 || entry.closed) {
        throw error;
      }
      if (wait > 0) { // ready, yet the attempt would block: do not spin
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MS, left)));
      }
      wait = Math.max(1, Math.min(INT32_MAX, Math.ceil(deadline - performance.now())));
    }
  }
}

function waited(timeoutMs) {
  return timeoutMs === 0 ? "don't wait" : `waited ${timeoutMs} ms`;
}

async function send(entry, request) {
  const encoded = field(request, 'frames', (v) => Array.isArray(v) && v.length > 0 && v.every(isBase64),
    'a non-empty array of base64 strings');
  const timeoutMs = timeoutOf(request);
  const frames = encoded.map((text) => Buffer.from(text, 'base64'));
  const addressing = addressingOf(entry, request);
  try {
    await within(entry, ZMQ_SNDTIMEO, timeoutMs, () => entry.socket.send(frames, ...addressing));
  } catch (error) {
    throw failureOf(error, entry, `send on ${entry.type}, ${waited(timeoutMs)}`);
  }
  return {};
}

/**
 * zeromq.js's send options for the draft types that address messages: a SERVER's routingId, a RADIO's group. Other
 * types take none (a routingId or group in the request is ignored there, as libzmq ignores them).
 */
function addressingOf(entry, request) {
  if (entry.type === 'SERVER') {
    if (request.routingId === undefined || request.routingId === null) {
      // zeromq.js refuses a SERVER send without a routing id; libzmq's SERVER answers EHOSTUNREACH for one that
      // names no peer, which a message without one (routing id 0) is.
      throw new Failure('HOST_UNREACHABLE', 'EHOSTUNREACH: a SERVER message needs a routingId');
    }
    const routingId = field(request, 'routingId', (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff,
      'an unsigned 32-bit integer');
    return [{ routingId }];
  }
  if (entry.type === 'RADIO') {
    // Without a group, libzmq sends the message to the empty group; zeromq.js needs one given explicitly.
    const group = request.group ?? '';
    if (!isString(group)) {
      throw invalid(`'send' takes 'group' as a string, not ${JSON.stringify(group)}`);
    }
    return [{ group }];
  }
  return [];
}

async function receive(entry, timeoutMs) {
  let parts;
  try {
    parts = await within(entry, ZMQ_RCVTIMEO, timeoutMs, () => entry.socket.receive());
  } catch (error) {
    throw failureOf(error, entry, `recv on ${entry.type}, ${waited(timeoutMs)}`);
  }
  // The message's frames, followed on a SERVER by {routingId} and on a DISH by {group} (a Buffer).
  const frames = parts.filter((part) => Buffer.isBuffer(part));
  const meta = parts.find((part) => !Buffer.isBuffer(part)) ?? {};
  const result = { frames: frames.map((frame) => frame.toString('base64')) };
  if (meta.routingId !== undefined) {
    result.routingId = meta.routingId;
  }
  if (meta.group !== undefined) {
    result.group = meta.group.toString('utf8');
  }
  return result;
}

// ------------------------------------------------------------------------------------------------ the driver

const SOCKET_OPS = new Set(['set', 'get', 'bind', 'connect', 'unbind', 'disconnect', 'connectPeer', 'send', 'recv',
  'close']);

function hello(request) {
  if (request.protocol !== PROTOCOL) {
    throw unsupported(`this driver speaks protocol ${PROTOCOL}, not ${JSON.stringify(request.protocol)}`);
  }
  return {
    protocol: PROTOCOL,
    name: 'libzmq',
    version: zmq.version,
    language: 'C++',
    detail: `zeromq.js ${ZEROMQ_JS_VERSION}, Node ${process.version}`,
    capabilities: capabilities(),
  };
}

/** Answers a request that names no socket at once. */
function answer(request, handler) {
  try {
    channel.replyOk(request.id, handler(request));
  } catch (error) {
    channel.replyError(request.id, failureOf(error, null, request.op));
  }
}

function onLine(line) {
  if (shuttingDown || !line.trim()) {
    return;
  }
  if (verbose) {
    log(`< ${shorten(line)}`);
  }
  let request;
  try {
    request = JSON.parse(line);
  } catch (error) {
    log(`not a JSON line (${error.message}): ${shorten(line)}`);
    return;
  }
  if (request === null || typeof request !== 'object' || !Number.isInteger(request.id)) {
    log(`not a request (no integer id): ${shorten(line)}`);
    return;
  }
  const op = request.op;
  if (SOCKET_OPS.has(op)) {
    const entry = sockets.get(request.socket);
    if (entry) {
      enqueue(entry, request);
    } else {
      channel.replyError(request.id, terminated(`ENOTSOCK: no open socket ${JSON.stringify(request.socket)}`));
    }
  } else if (op === 'hello') {
    answer(request, hello);
  } else if (op === 'socket') {
    answer(request, openSocket);
  } else if (op === 'bye') {
    shutdown(request.id);
  } else {
    channel.replyError(request.id, unsupported(`unknown op ${JSON.stringify(op)}`));
  }
}

const BYE_WAIT_MS = 1000; // at bye, the longest wait for the answers of requests still pending on closed sockets
let shuttingDown = false;

/**
 * Ends the session (bye, with its request id; or the end of input, without): closes what is still open with
 * LINGER 0, lets the requests still pending on those sockets answer (TERMINATED), answers bye, and exits.
 */
async function shutdown(byeId) {
  if (shuttingDown) {
    return;
  }
  shuttingDown = true;
  const pending = [];
  for (const entry of [...sockets.values()]) {
    try {
      closeSocket(entry, 0);
    } catch (error) {
      log(`closing socket ${entry.handle} failed: ${error && error.stack ? error.stack : error}`);
    }
    pending.push(entry.chain);
  }
  let timer;
  await Promise.race([
    Promise.allSettled(pending),
    new Promise((resolve) => { timer = setTimeout(resolve, BYE_WAIT_MS); }),
  ]);
  clearTimeout(timer);
  if (byeId !== undefined) {
    channel.replyOk(byeId, {});
  }
  // process.exit, not a natural end: the Observers' polls keep the loop alive, and zeromq.js's exit hook would
  // wait in zmq_ctx_term for sockets closed earlier with LINGER -1 and messages nobody takes.
  channel.close(() => process.exit(0));
  setTimeout(() => process.exit(0), BYE_WAIT_MS);
}

// ------------------------------------------------------------------------------------------------ main

function parseArgs(argv) {
  const args = { connect: null, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--verbose') {
      args.verbose = true;
    } else if (arg === '--connect' && i + 1 < argv.length) {
      args.connect = argv[++i];
    } else if (arg.startsWith('--connect=')) {
      args.connect = arg.slice('--connect='.length);
    } else {
      log(`usage: driver.js [--connect HOST:PORT] [--verbose] (unexpected argument ${JSON.stringify(arg)})`);
      process.exit(2);
    }
  }
  return args;
}

/** Serves requests from input, answering on output, until bye or the end of input. */
function serve(input, output) {
  channel = new Channel(output);
  output.on('error', (error) => { // the kit is gone
    log(`cannot write to the kit: ${error.message}`);
    channel.closed = true;
    shutdown(undefined);
  });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  lines.on('line', onLine);
  lines.on('close', () => shutdown(undefined));
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  verbose = args.verbose;
  // A bug must not end the driver: the request that hit it was answered OTHER; anything else is logged.
  process.on('uncaughtException', (error) => log(`uncaught exception: ${error && error.stack ? error.stack : error}`));
  process.on('unhandledRejection', (error) => log(`unhandled rejection: ${error && error.stack ? error.stack : error}`));
  setInterval(houseKeep, HOUSEKEEPING_MS);
  if (args.connect === null) {
    serve(process.stdin, process.stdout);
    return;
  }
  const colon = args.connect.lastIndexOf(':');
  const host = args.connect.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(args.connect.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    log(`--connect takes HOST:PORT, not ${JSON.stringify(args.connect)}`);
    process.exit(2);
  }
  const connection = net.connect({ host, port });
  connection.setNoDelay(true);
  connection.once('connect', () => serve(connection, connection));
  connection.once('error', (error) => {
    if (channel === null) {
      log(`cannot connect to ${args.connect}: ${error.message}`);
      process.exit(1);
    }
  });
}

main();

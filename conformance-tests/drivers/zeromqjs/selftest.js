#!/usr/bin/env node
/*
 * Self-test of the zeromq.js driver (driver.js next to this file): starts it as the kit would, speaks the zck driver
 * protocol v1 to it (spec/DRIVER-PROTOCOL.md), and checks the answers. Node only, no test framework:
 *
 *     node conformance-tests/drivers/zeromqjs/selftest.js
 *
 * It prints one line per check and exits 1 if any failed. The kit's own tests of drivers are the adapter contract
 * (./zck run --impl driver:'node conformance-tests/drivers/zeromqjs/driver.js'); this is the quick check while
 * working on the driver.
 */
'use strict';

const assert = require('assert');
const crypto = require('crypto');
const net = require('net');
const os = require('os');
const path = require('path');
const readline = require('readline');
const { spawn } = require('child_process');

const DRIVER = path.join(__dirname, 'driver.js');

const b64 = (data) => Buffer.from(data).toString('base64');
const text = (encoded) => Buffer.from(encoded, 'base64').toString();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One driver process, and the kit's side of the protocol. */
class Driver {
  constructor(extraArgs = []) {
    this.process = spawn(process.execPath, [DRIVER, ...extraArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.process.stderr.on('data', (chunk) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.attach(this.process.stdin, this.process.stdout);
  }

  attach(output, input) {
    this.output = output;
    this.nextId = 1;
    this.pending = new Map();
    this.events = [];
    this.eventWaiters = [];
    readline.createInterface({ input }).on('line', (line) => this.onLine(line));
  }

  onLine(line) {
    const message = JSON.parse(line); // a line that is not JSON fails the test
    if (message.event) {
      this.events.push(message.event);
      this.eventWaiters = this.eventWaiters.filter((waiter) => !waiter());
      return;
    }
    const reply = this.pending.get(message.id);
    assert.ok(reply, `reply to an id that is not outstanding: ${line.slice(0, 200)}`);
    this.pending.delete(message.id);
    reply(message);
  }

  /** Sends a request and resolves with the reply ({ok, result} or {ok, error}). */
  request(op, fields = {}) {
    const id = this.nextId++;
    this.output.write(`${JSON.stringify({ id, op, ...fields })}\n`);
    return new Promise((resolve) => this.pending.set(id, resolve));
  }

  /** The result of a request that must succeed. */
  async ok(op, fields = {}) {
    const reply = await this.request(op, fields);
    assert.ok(reply.ok, `${op} ${JSON.stringify(fields).slice(0, 200)} failed: ${JSON.stringify(reply.error)}`);
    return reply.result;
  }

  /** The error of a request that must fail with kind. */
  async fails(kind, op, fields = {}) {
    const reply = await this.request(op, fields);
    assert.ok(!reply.ok, `${op} ${JSON.stringify(fields).slice(0, 200)} succeeded, expected ${kind}`);
    assert.strictEqual(reply.error.kind, kind, `${op}: ${reply.error.message}`);
    return reply.error;
  }

  async socket(type) {
    return (await this.ok('socket', { type })).socket;
  }

  /** Resolves with the first event (seen or to come) that matches, or fails after timeoutMs. */
  event(match, timeoutMs = 3000) {
    const found = this.events.find(match);
    if (found) {
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no event ${match} within ${timeoutMs} ms`)), timeoutMs);
      this.eventWaiters.push(() => {
        const event = this.events.find(match);
        if (event) {
          clearTimeout(timer);
          resolve(event);
        }
        return Boolean(event);
      });
    });
  }

  /** bye, then the process must exit 0 within 2 s. */
  async bye() {
    const start = Date.now();
    await this.ok('bye');
    const code = await Promise.race([this.exited, sleep(2000).then(() => 'still running')]);
    assert.strictEqual(code, 0, `exit status after bye (stderr: ${this.stderr})`);
    assert.ok(Date.now() - start < 2000, 'exit took too long');
  }

  kill() {
    this.process.kill('SIGKILL');
  }
}

/** Sends until the receiver gets one (subscriptions and joins travel asynchronously); returns that message. */
async function sendUntilReceived(driver, sender, receiver, message) {
  for (let attempt = 0; attempt < 50; attempt++) {
    await driver.ok('send', { socket: sender, timeoutMs: 1000, ...message });
    const reply = await driver.request('recv', { socket: receiver, timeoutMs: 100 });
    if (reply.ok) {
      return reply.result;
    }
    assert.strictEqual(reply.error.kind, 'WOULD_BLOCK', reply.error.message);
  }
  throw new Error('nothing arrived');
}

// ------------------------------------------------------------------------------------------------ checks

const checks = [];
const check = (name, body, options = {}) => checks.push({ name, body, options });

check('hello declares libzmq 4.3.5 and what the driver does', async (d) => {
  const result = await d.ok('hello', { protocol: 1 });
  assert.strictEqual(result.protocol, 1);
  assert.strictEqual(result.name, 'libzmq');
  assert.strictEqual(result.version, '4.3.5');
  assert.strictEqual(result.language, 'C++');
  assert.match(result.detail, /^zeromq\.js 6\.\d+\.\d+, Node v\d+/);
  const caps = result.capabilities;
  for (const type of ['PAIR', 'PUB', 'SUB', 'REQ', 'REP', 'DEALER', 'ROUTER', 'PULL', 'PUSH', 'XPUB', 'XSUB',
    'SERVER', 'CLIENT', 'RADIO', 'DISH', 'GATHER', 'SCATTER']) {
    assert.ok(caps.socketTypes.includes(type), type);
  }
  assert.ok(!caps.socketTypes.includes('PEER') && !caps.socketTypes.includes('CHANNEL'));
  assert.deepStrictEqual([...caps.transports].sort(), ['inproc', 'ipc', 'tcp']);
  assert.ok(caps.mechanisms.includes('NULL'));
  assert.ok(caps.options.includes('SNDHWM') && caps.options.includes('JOIN'));
  assert.strictEqual(caps.events.length, 8);
  await d.fails('UNSUPPORTED', 'hello', { protocol: 2 });
});

check('the example session of the protocol', async (d) => {
  const pull = await d.socket('PULL');
  const { endpoint } = await d.ok('bind', { socket: pull, endpoint: 'tcp://127.0.0.1:0' });
  assert.match(endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.notStrictEqual(endpoint, 'tcp://127.0.0.1:0');
  const push = await d.socket('PUSH');
  await d.ok('connect', { socket: push, endpoint });
  const received = d.ok('recv', { socket: pull, timeoutMs: 5000 });
  const frames = [b64('hello'), b64([0, 1, 255]), '', b64(crypto.randomBytes(1000))];
  await d.ok('send', { socket: push, frames, timeoutMs: 5000 });
  assert.deepStrictEqual((await received).frames, frames);
  await d.event((e) => e.socket === push && e.kind === 'HANDSHAKE_SUCCEEDED' && e.endpoint === endpoint);
  await d.event((e) => e.socket === pull && e.kind === 'LISTENING' && e.endpoint === endpoint);
  await d.event((e) => e.socket === pull && e.kind === 'ACCEPTED');
  await d.event((e) => e.socket === push && e.kind === 'CONNECTED');
  const start = Date.now();
  await d.fails('WOULD_BLOCK', 'recv', { socket: pull, timeoutMs: 0 });
  assert.ok(Date.now() - start < 500);
  await d.fails('UNSUPPORTED', 'set', { socket: pull, option: 'NO_SUCH_OPTION', value: 1 });
  await d.ok('close', { socket: push });
  await d.fails('TERMINATED', 'send', { socket: push, frames: [b64('x')], timeoutMs: 0 });
  await d.fails('TERMINATED', 'recv', { socket: 99, timeoutMs: 0 });
});

check('a recv waiting on one socket does not delay a send on another', async (d) => {
  const pull = await d.socket('PULL');
  const { endpoint } = await d.ok('bind', { socket: pull, endpoint: 'tcp://127.0.0.1:0' });
  const idle = await d.socket('PULL');
  await d.ok('bind', { socket: idle, endpoint: 'inproc://idle' });
  const push = await d.socket('PUSH');
  await d.ok('connect', { socket: push, endpoint });
  const start = Date.now();
  let waitingDone = false;
  const waiting = d.request('recv', { socket: idle, timeoutMs: 5000 }).then((reply) => {
    waitingDone = true;
    return reply;
  });
  await d.ok('send', { socket: push, frames: [b64('meanwhile')], timeoutMs: 5000 });
  assert.strictEqual(text((await d.ok('recv', { socket: pull, timeoutMs: 5000 })).frames[0]), 'meanwhile');
  assert.ok(Date.now() - start < 1000, `took ${Date.now() - start} ms`);
  assert.ok(!waitingDone);
  const reply = await waiting;
  assert.strictEqual(reply.error.kind, 'WOULD_BLOCK');
  const waited = Date.now() - start;
  assert.ok(waited >= 4900 && waited < 6000, `waited ${waited} ms`);
});

check('errors: wrong state, host unreachable, unsupported, invalid values', async (d) => {
  const req = await d.socket('REQ');
  let start = Date.now();
  await d.fails('WRONG_STATE', 'recv', { socket: req, timeoutMs: 2000 });
  assert.ok(Date.now() - start < 500, 'EFSM must come at once');
  const router = await d.socket('ROUTER');
  await d.ok('set', { socket: router, option: 'ROUTER_MANDATORY', value: true });
  await d.fails('HOST_UNREACHABLE', 'send', { socket: router, frames: [b64('nobody'), b64('x')], timeoutMs: 1000 });
  await d.fails('UNSUPPORTED', 'get', { socket: router, option: 'ROUTER_MANDATORY' });
  const pull = await d.socket('PULL');
  start = Date.now();
  await d.fails('UNSUPPORTED', 'send', { socket: pull, frames: [b64('x')], timeoutMs: 2000 });
  const push = await d.socket('PUSH');
  await d.fails('UNSUPPORTED', 'recv', { socket: push, timeoutMs: 2000 });
  assert.ok(Date.now() - start < 500, 'ENOTSUP must come at once');
  const sub = await d.socket('SUB');
  await d.fails('UNSUPPORTED', 'get', { socket: sub, option: 'SUBSCRIBE' });
  await d.fails('UNSUPPORTED', 'set', { socket: pull, option: 'SUBSCRIBE', value: '' });
  await d.fails('UNSUPPORTED', 'set', { socket: router, option: 'CONFLATE', value: true });
  await d.fails('OTHER', 'set', { socket: pull, option: 'SNDHWM', value: 'ten' });
  await d.fails('OTHER', 'set', { socket: pull, option: 'ROUTING_ID', value: '' }); // libzmq: EINVAL
  await d.fails('UNSUPPORTED', 'socket', { type: 'PEER' });
  await d.fails('UNSUPPORTED', 'socket', { type: 'NOT_A_TYPE' });
  await d.fails('UNSUPPORTED', 'frobnicate', { socket: pull });
  await d.fails('UNSUPPORTED', 'connectPeer', { socket: pull, endpoint: 'tcp://127.0.0.1:1' });
  await d.fails('UNSUPPORTED', 'bind', { socket: pull, endpoint: 'pgm://eth0;239.192.1.1:5555' });
  const taken = (await d.ok('bind', { socket: pull, endpoint: 'tcp://127.0.0.1:0' })).endpoint;
  const other = await d.socket('PULL');
  assert.match((await d.fails('OTHER', 'bind', { socket: other, endpoint: taken })).message, /^EADDRINUSE/);
  assert.match((await d.fails('OTHER', 'bind', { socket: other, endpoint: 'tcp://no-such-host' })).message, /^EINVAL/);
  await d.fails('OTHER', 'unbind', { socket: pull, endpoint: 'tcp://127.0.0.1:9' });
  await d.fails('OTHER', 'disconnect', { socket: push, endpoint: 'tcp://127.0.0.1:9' });
});

check('options: defaults, round trips, write-only', async (d) => {
  const dealer = await d.socket('DEALER');
  const get = async (option) => (await d.ok('get', { socket: dealer, option })).value;
  assert.strictEqual(await get('LINGER'), -1);
  assert.strictEqual(await get('SNDHWM'), 1000);
  assert.strictEqual(await get('IMMEDIATE'), false);
  assert.strictEqual(await get('MAXMSGSIZE'), -1);
  assert.strictEqual(await get('ROUTING_ID'), '');
  assert.strictEqual(await get('ZAP_DOMAIN'), '');
  const values = { SNDHWM: 10, RCVHWM: 20, LINGER: 0, RECONNECT_IVL: 50, RECONNECT_IVL_MAX: 500, IMMEDIATE: true,
    ROUTING_ID: b64([0x41, 0x00, 0xff]), HEARTBEAT_IVL: 100, HEARTBEAT_TTL: 2000, HEARTBEAT_TIMEOUT: 300,
    MAXMSGSIZE: 4096, HANDSHAKE_IVL: 1500, CONFLATE: true, ZAP_DOMAIN: 'global', CURVE_SERVER: true };
  for (const [option, value] of Object.entries(values)) {
    await d.ok('set', { socket: dealer, option, value });
    assert.deepStrictEqual(await get(option), value, option);
  }
  await d.ok('set', { socket: dealer, option: 'PROBE_ROUTER', value: true });
  await d.fails('UNSUPPORTED', 'get', { socket: dealer, option: 'PROBE_ROUTER' });
  await d.fails('UNSUPPORTED', 'get', { socket: dealer, option: 'CURVE_PUBLICKEY' });
  const xpub = await d.socket('XPUB');
  for (const option of ['XPUB_NODROP', 'XPUB_VERBOSE', 'XPUB_MANUAL']) {
    await d.ok('set', { socket: xpub, option, value: true });
  }
  const req = await d.socket('REQ');
  for (const option of ['REQ_RELAXED', 'REQ_CORRELATE']) {
    await d.ok('set', { socket: req, option, value: true });
  }
  const dish = await d.socket('DISH');
  await d.fails('UNSUPPORTED', 'get', { socket: dish, option: 'JOIN' });
});

check('PUB/SUB with SUBSCRIBE and UNSUBSCRIBE', async (d) => {
  const pub = await d.socket('PUB');
  const { endpoint } = await d.ok('bind', { socket: pub, endpoint: 'tcp://127.0.0.1:0' });
  const sub = await d.socket('SUB');
  await d.ok('set', { socket: sub, option: 'SUBSCRIBE', value: b64('topic') });
  await d.ok('connect', { socket: sub, endpoint });
  const got = await sendUntilReceived(d, pub, sub, { frames: [b64('topic.a'), b64('body')] });
  assert.deepStrictEqual(got.frames.map(text), ['topic.a', 'body']);
  await d.ok('send', { socket: pub, frames: [b64('other')], timeoutMs: 0 });
  await d.ok('send', { socket: pub, frames: [b64('topic.b')], timeoutMs: 0 });
  const next = await d.ok('recv', { socket: sub, timeoutMs: 2000 });
  assert.deepStrictEqual(next.frames.map(text), ['topic.b']); // 'other' was filtered out
  await d.ok('set', { socket: sub, option: 'UNSUBSCRIBE', value: b64('topic') });
});

check('DEALER/ROUTER with a binary routing id', async (d) => {
  const router = await d.socket('ROUTER');
  const { endpoint } = await d.ok('bind', { socket: router, endpoint: 'tcp://127.0.0.1:0' });
  const dealer = await d.socket('DEALER');
  const id = b64([0x41, 0x00, 0xff, 0x80]);
  await d.ok('set', { socket: dealer, option: 'ROUTING_ID', value: id });
  await d.ok('connect', { socket: dealer, endpoint });
  await d.ok('send', { socket: dealer, frames: ['', b64('request')], timeoutMs: 2000 });
  const request = await d.ok('recv', { socket: router, timeoutMs: 2000 });
  assert.deepStrictEqual(request.frames, [id, '', b64('request')]);
  await d.ok('set', { socket: router, option: 'ROUTER_MANDATORY', value: true });
  await d.ok('send', { socket: router, frames: [id, '', b64('reply')], timeoutMs: 2000 });
  const reply = await d.ok('recv', { socket: dealer, timeoutMs: 2000 });
  assert.deepStrictEqual(reply.frames, ['', b64('reply')]);
});

check('ROUTER_MANDATORY waits at a peer\'s high-water mark, then sends when there is room', async (d) => {
  const router = await d.socket('ROUTER');
  await d.ok('set', { socket: router, option: 'ROUTER_MANDATORY', value: true });
  await d.ok('set', { socket: router, option: 'SNDHWM', value: 1 });
  await d.ok('bind', { socket: router, endpoint: 'inproc://mandatory' });
  const dealer = await d.socket('DEALER');
  const id = b64('peer');
  await d.ok('set', { socket: dealer, option: 'ROUTING_ID', value: id });
  await d.ok('set', { socket: dealer, option: 'RCVHWM', value: 1 });
  await d.ok('connect', { socket: dealer, endpoint: 'inproc://mandatory' });
  let sent = 0;
  for (;;) {
    const reply = await d.request('send', { socket: router, frames: [id, b64(`m${sent}`)], timeoutMs: 0 });
    if (!reply.ok) {
      assert.strictEqual(reply.error.kind, 'WOULD_BLOCK', reply.error.message);
      break;
    }
    sent++;
    assert.ok(sent < 100, 'never blocked');
  }
  const start = Date.now();
  await d.fails('WOULD_BLOCK', 'send', { socket: router, frames: [id, b64('late')], timeoutMs: 300 });
  const waited = Date.now() - start;
  assert.ok(waited >= 280 && waited < 1000, `waited ${waited} ms`);
  const pendingSend = d.request('send', { socket: router, frames: [id, b64('last')], timeoutMs: 3000 });
  await sleep(100);
  for (let i = 0; i < sent; i++) {
    await d.ok('recv', { socket: dealer, timeoutMs: 1000 });
  }
  assert.ok((await pendingSend).ok, 'the waiting send went out once there was room');
});

check('SERVER/CLIENT with routing ids', async (d) => {
  const server = await d.socket('SERVER');
  const { endpoint } = await d.ok('bind', { socket: server, endpoint: 'tcp://127.0.0.1:0' });
  const client = await d.socket('CLIENT');
  await d.ok('connect', { socket: client, endpoint });
  await d.ok('send', { socket: client, frames: [b64('ping')], timeoutMs: 2000 });
  const request = await d.ok('recv', { socket: server, timeoutMs: 2000 });
  assert.deepStrictEqual(request.frames, [b64('ping')]);
  assert.ok(Number.isInteger(request.routingId) && request.routingId > 0);
  await d.ok('send', { socket: server, frames: [b64('pong')], routingId: request.routingId, timeoutMs: 2000 });
  const reply = await d.ok('recv', { socket: client, timeoutMs: 2000 });
  assert.deepStrictEqual(reply, { frames: [b64('pong')] });
  const unknown = request.routingId === 12345 ? 12346 : 12345;
  await d.fails('HOST_UNREACHABLE', 'send', { socket: server, frames: [b64('x')], routingId: unknown, timeoutMs: 0 });
  await d.fails('HOST_UNREACHABLE', 'send', { socket: server, frames: [b64('x')], timeoutMs: 0 });
  await d.fails('OTHER', 'send', { socket: client, frames: [b64('a'), b64('b')], timeoutMs: 0 }); // single-part
});

check('RADIO/DISH with groups', async (d) => {
  const radio = await d.socket('RADIO');
  const { endpoint } = await d.ok('bind', { socket: radio, endpoint: 'tcp://127.0.0.1:0' });
  const dish = await d.socket('DISH');
  await d.ok('set', { socket: dish, option: 'JOIN', value: 'weather' });
  await d.ok('connect', { socket: dish, endpoint });
  const got = await sendUntilReceived(d, radio, dish, { frames: [b64('sunny')], group: 'weather' });
  assert.deepStrictEqual(got, { frames: [b64('sunny')], group: 'weather' });
  await d.ok('send', { socket: radio, frames: [b64('goal')], group: 'sport', timeoutMs: 0 });
  await d.ok('send', { socket: radio, frames: [b64('rain')], group: 'weather', timeoutMs: 0 });
  assert.deepStrictEqual(await d.ok('recv', { socket: dish, timeoutMs: 2000 }),
    { frames: [b64('rain')], group: 'weather' });
  await d.ok('set', { socket: dish, option: 'LEAVE', value: 'weather' });
  await d.fails('OTHER', 'set', { socket: dish, option: 'LEAVE', value: 'weather' }); // libzmq: EINVAL
});

check('GATHER/SCATTER', async (d) => {
  const gather = await d.socket('GATHER');
  const { endpoint } = await d.ok('bind', { socket: gather, endpoint: 'tcp://127.0.0.1:0' });
  const scatter = await d.socket('SCATTER');
  await d.ok('connect', { socket: scatter, endpoint });
  await d.ok('send', { socket: scatter, frames: [b64('part')], timeoutMs: 2000 });
  assert.deepStrictEqual(await d.ok('recv', { socket: gather, timeoutMs: 2000 }), { frames: [b64('part')] });
});

check('frames of 0 octets to 1 MiB, over inproc and ipc', async (d) => {
  const endpoints = ['inproc://big', `ipc://${path.join(os.tmpdir(), `zck-zeromqjs-${process.pid}.ipc`)}`];
  for (const endpoint of endpoints) {
    const a = await d.socket('PAIR');
    const bound = (await d.ok('bind', { socket: a, endpoint })).endpoint;
    assert.strictEqual(bound, endpoint);
    const b = await d.socket('PAIR');
    await d.ok('connect', { socket: b, endpoint });
    for (const size of [0, 1, 255, 256, 65536, 1024 * 1024]) {
      const frame = b64(crypto.randomBytes(size));
      await d.ok('send', { socket: a, frames: [frame, frame], timeoutMs: 5000 });
      assert.deepStrictEqual((await d.ok('recv', { socket: b, timeoutMs: 5000 })).frames, [frame, frame], size);
    }
    await d.ok('close', { socket: a });
    await d.ok('close', { socket: b });
  }
});

check('CURVE handshake with 32-octet keys', async (d) => {
  const keyPair = () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('x25519');
    const fromJwk = (key) => Buffer.from(key.export({ format: 'jwk' })[key.type === 'public' ? 'x' : 'd'],
      'base64url').toString('base64');
    return { public: fromJwk(publicKey), secret: fromJwk(privateKey) };
  };
  const serverKeys = keyPair();
  const clientKeys = keyPair();
  const pull = await d.socket('PULL');
  await d.ok('set', { socket: pull, option: 'CURVE_SERVER', value: true });
  await d.ok('set', { socket: pull, option: 'CURVE_SECRETKEY', value: serverKeys.secret });
  const { endpoint } = await d.ok('bind', { socket: pull, endpoint: 'tcp://127.0.0.1:0' });
  const push = await d.socket('PUSH');
  await d.ok('set', { socket: push, option: 'CURVE_SERVERKEY', value: serverKeys.public });
  await d.ok('set', { socket: push, option: 'CURVE_PUBLICKEY', value: clientKeys.public });
  await d.ok('set', { socket: push, option: 'CURVE_SECRETKEY', value: clientKeys.secret });
  await d.ok('connect', { socket: push, endpoint });
  await d.ok('send', { socket: push, frames: [b64('secret')], timeoutMs: 2000 });
  assert.deepStrictEqual(await d.ok('recv', { socket: pull, timeoutMs: 3000 }), { frames: [b64('secret')] });
  await d.event((e) => e.socket === push && e.kind === 'HANDSHAKE_SUCCEEDED');
  // A client with the wrong server key fails its handshake.
  const wrong = await d.socket('PUSH');
  await d.ok('set', { socket: wrong, option: 'CURVE_SERVERKEY', value: clientKeys.public });
  await d.ok('set', { socket: wrong, option: 'CURVE_PUBLICKEY', value: clientKeys.public });
  await d.ok('set', { socket: wrong, option: 'CURVE_SECRETKEY', value: clientKeys.secret });
  await d.ok('connect', { socket: wrong, endpoint });
  const failed = await d.event((e) => e.socket === pull && e.kind === 'HANDSHAKE_FAILED');
  assert.ok(failed.detail.length > 0);
});

check('events: CONNECT_RETRIED, HANDSHAKE_FAILED, DISCONNECTED, CLOSED', async (d) => {
  const lonely = await d.socket('PUSH');
  await d.ok('set', { socket: lonely, option: 'RECONNECT_IVL', value: 50 });
  const spare = await d.socket('PULL'); // bind and unbind, so that the port is known to be free
  const free = (await d.ok('bind', { socket: spare, endpoint: 'tcp://127.0.0.1:0' })).endpoint;
  await d.ok('unbind', { socket: spare, endpoint: free });
  await d.event((e) => e.socket === spare && e.kind === 'CLOSED' && e.endpoint === free);
  await d.ok('connect', { socket: lonely, endpoint: free });
  const retried = await d.event((e) => e.socket === lonely && e.kind === 'CONNECT_RETRIED');
  assert.match(retried.detail, /^retry in \d+ ms$/);

  const curve = await d.socket('PULL');
  await d.ok('set', { socket: curve, option: 'CURVE_SERVER', value: true });
  await d.ok('set', { socket: curve, option: 'CURVE_SECRETKEY', value: b64(crypto.randomBytes(32)) });
  const curveEndpoint = (await d.ok('bind', { socket: curve, endpoint: 'tcp://127.0.0.1:0' })).endpoint;
  const plain = await d.socket('PUSH'); // NULL against CURVE
  await d.ok('connect', { socket: plain, endpoint: curveEndpoint });
  const failed = await d.event((e) => e.socket === plain && e.kind === 'HANDSHAKE_FAILED');
  assert.match(failed.detail, /MECHANISM_MISMATCH/);

  const push = await d.socket('PUSH');
  const { endpoint } = await d.ok('bind', { socket: push, endpoint: 'tcp://127.0.0.1:0' });
  const pull = await d.socket('PULL');
  await d.ok('connect', { socket: pull, endpoint });
  await d.event((e) => e.socket === pull && e.kind === 'HANDSHAKE_SUCCEEDED');
  await d.ok('close', { socket: push });
  await d.event((e) => e.socket === pull && e.kind === 'DISCONNECTED');
});

check('inproc connections are reported as HANDSHAKE_SUCCEEDED on both sockets', async (d) => {
  const handshakes = (socket) => d.events.filter((e) => e.socket === socket && e.kind === 'HANDSHAKE_SUCCEEDED');
  const pull = await d.socket('PULL');
  await d.ok('bind', { socket: pull, endpoint: 'inproc://first' });
  const push = await d.socket('PUSH');
  await d.ok('connect', { socket: push, endpoint: 'inproc://first' }); // connect after bind
  await d.event((e) => e.socket === push && e.kind === 'HANDSHAKE_SUCCEEDED' && e.endpoint === 'inproc://first');
  await d.event((e) => e.socket === pull && e.kind === 'HANDSHAKE_SUCCEEDED' && e.endpoint === 'inproc://first');
  const early = await d.socket('PUSH');
  await d.ok('connect', { socket: early, endpoint: 'inproc://second' }); // connect before bind
  const gone = await d.socket('PUSH');
  await d.ok('connect', { socket: gone, endpoint: 'inproc://second' });
  await d.ok('close', { socket: gone });
  await sleep(100);
  assert.strictEqual(handshakes(early).length, 0, 'nothing before the bind');
  const late = await d.socket('PULL');
  await d.ok('bind', { socket: late, endpoint: 'inproc://second' });
  await d.event((e) => e.socket === early && e.kind === 'HANDSHAKE_SUCCEEDED' && e.endpoint === 'inproc://second');
  await d.ok('send', { socket: early, frames: [b64('early')], timeoutMs: 1000 });
  assert.deepStrictEqual(await d.ok('recv', { socket: late, timeoutMs: 1000 }), { frames: [b64('early')] });
  await sleep(100);
  assert.strictEqual(handshakes(late).length, 1, 'one connection, one event (the closed socket had none)');
  assert.strictEqual(handshakes(gone).length, 0);
});

check('bye answers what is pending on its sockets, then exits 0', async (d) => {
  const pull = await d.socket('PULL');
  await d.ok('bind', { socket: pull, endpoint: 'inproc://pending' });
  const push = await d.socket('PUSH');
  await d.ok('connect', { socket: push, endpoint: 'tcp://127.0.0.1:1' });
  await d.ok('send', { socket: push, frames: [b64('never delivered')], timeoutMs: 0 }); // held by LINGER -1
  await d.ok('close', { socket: push });
  const pending = d.request('recv', { socket: pull, timeoutMs: 10000 });
  await sleep(100);
  await d.bye();
  assert.strictEqual((await pending).error.kind, 'TERMINATED');
}, { bye: false });

check('end of input ends the driver with status 0', async (d) => {
  await d.socket('PUSH');
  const start = Date.now();
  d.process.stdin.end();
  assert.strictEqual(await d.exited, 0);
  assert.ok(Date.now() - start < 2000);
}, { bye: false });

check('--connect HOST:PORT speaks on a TCP connection', async () => {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise((resolve) => server.once('connection', resolve));
  const d = new Driver(['--connect', `127.0.0.1:${server.address().port}`]);
  try {
    const connection = await accepted;
    d.attach(connection, connection);
    assert.strictEqual((await d.ok('hello', { protocol: 1 })).name, 'libzmq');
    const pair = await d.socket('PAIR');
    await d.ok('bind', { socket: pair, endpoint: 'inproc://tcp-channel' });
    await d.bye();
  } finally {
    d.kill();
    server.close();
  }
}, { driver: false });

// ------------------------------------------------------------------------------------------------ main

async function main() {
  let failed = 0;
  for (const { name, body, options } of checks) {
    const started = Date.now();
    const driver = options.driver === false ? null : new Driver();
    try {
      if (driver) {
        await driver.ok('hello', { protocol: 1 });
      }
      await body(driver);
      if (driver && options.bye !== false) {
        await driver.bye();
      }
      console.log(`ok    ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`FAIL  ${name}\n      ${error.stack.split('\n').slice(0, 3).join('\n      ')}`);
      if (driver && driver.stderr) {
        console.log(`      driver stderr: ${driver.stderr.trim().split('\n').slice(-10).join('\n      ')}`);
      }
    } finally {
      if (driver) {
        driver.kill();
      }
    }
  }
  console.log(failed === 0 ? `all ${checks.length} checks passed` : `${failed} of ${checks.length} checks failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();

package dev.zck.engine.internal;

import static dev.zck.engine.internal.PeerScript.K_AS_SERVER;
import static dev.zck.engine.internal.PeerScript.K_BODY;
import static dev.zck.engine.internal.PeerScript.K_CMD_NAME;
import static dev.zck.engine.internal.PeerScript.K_CMD_NAME_LEN;
import static dev.zck.engine.internal.PeerScript.K_ERROR_LEN;
import static dev.zck.engine.internal.PeerScript.K_FILLER;
import static dev.zck.engine.internal.PeerScript.K_FLAGS;
import static dev.zck.engine.internal.PeerScript.K_MAJOR;
import static dev.zck.engine.internal.PeerScript.K_MECHANISM;
import static dev.zck.engine.internal.PeerScript.K_META_NAME;
import static dev.zck.engine.internal.PeerScript.K_META_NAME_LEN;
import static dev.zck.engine.internal.PeerScript.K_META_VALUE;
import static dev.zck.engine.internal.PeerScript.K_META_VALUE_LEN;
import static dev.zck.engine.internal.PeerScript.K_MINOR;
import static dev.zck.engine.internal.PeerScript.K_PADDING;
import static dev.zck.engine.internal.PeerScript.K_PING_TTL;
import static dev.zck.engine.internal.PeerScript.K_SIG0;
import static dev.zck.engine.internal.PeerScript.K_SIG9;
import static dev.zck.engine.internal.PeerScript.K_SIZE_LONG;
import static dev.zck.engine.internal.PeerScript.K_SIZE_SHORT;
import static dev.zck.engine.internal.PeerScript.K_Z20_ID_FLAGS;
import static dev.zck.engine.internal.PeerScript.K_Z20_ID_LEN;
import static dev.zck.engine.internal.PeerScript.K_Z20_TYPE;

import dev.zck.engine.internal.PeerScript.Builder;
import dev.zck.spi.Mechanism;
import dev.zck.spi.SocketType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Peer byte streams for the handshake fuzz test: valid scripts (a ZMTP 3.0/3.1 greeting, READY with a Socket-Type,
 * then messages, PING, PONG, SUBSCRIBE, CANCEL, JOIN, LEAVE, unknown commands, sometimes ERROR; or a ZMTP 2.0
 * greeting, socket type, identity and 2.0 frames), mutations of them at structural offsets, and random streams.
 * Everything comes from the one {@link Random} it is given, so a seed replays a whole run.
 */
final class PeerStreamGenerator {
    private static final SocketType[] TYPES = SocketType.values();
    private static final int POOL_SIZE = 24;

    /** Interesting 64-bit sizes: small, around 2^8, 2^31, 2^32, 2^63-1 and the unsigned 2^64-1 and 2^63. */
    private static final long[] LONG_SIZES = {
        0,
        1,
        255,
        256,
        0x7fff_ffffL,
        0x8000_0000L,
        0xffff_ffffL,
        0x1_0000_0000L,
        1L << 40,
        Long.MAX_VALUE,
        -1L,
        Long.MIN_VALUE,
        Long.MAX_VALUE - 1
    };

    private static final int[] INT32_VALUES = {0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x100, 0xffff};
    private static final String[] MECHANISMS = {"PLAIN", "CURVE", "null", "NULLX", "", "GSSAPI", "NUL"};
    private static final int[] FLAG_VALUES = {0, 1, 2, 3, 4, 5, 6, 7, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff, 0x0c};

    private final Random random;
    private final PeerScript[][] pools = new PeerScript[TYPES.length][];

    PeerStreamGenerator(Random random) {
        this.random = random;
    }

    /** A valid script for a local socket of type {@code local}, from a pool that is slowly renewed. */
    PeerScript script(SocketType local) {
        PeerScript[] pool = pools[local.ordinal()];
        if (pool == null) {
            pool = new PeerScript[POOL_SIZE];
            for (int i = 0; i < POOL_SIZE; i++) {
                pool[i] = freshScript(local);
            }
            pools[local.ordinal()] = pool;
        }
        int slot = random.nextInt(POOL_SIZE);
        if (random.nextInt(16) == 0) {
            pool[slot] = freshScript(local);
        }
        return pool[slot];
    }

    private PeerScript freshScript(SocketType local) {
        int kind = random.nextInt(10);
        if (kind < 2) {
            return zmtp20(local);
        }
        return zmtp3(local, kind != 2);
    }

    // ------------------------------------------------------------------------------------------------ valid scripts

    /** A 3.x peer: greeting, READY, traffic; with a compatible peer type unless {@code compatible} is false. */
    PeerScript zmtp3(SocketType local, boolean compatible) {
        SocketType peer = compatible ? pick(List.copyOf(local.compatiblePeers())) : TYPES[random.nextInt(TYPES.length)];
        boolean draft = local.isDraft() || peer.isDraft();
        int minor = draft || random.nextInt(4) != 0 ? 1 : 0;
        int major = 3;
        if (random.nextInt(12) == 0) {
            // Higher versions are accepted and spoken as 3.1 (ZMTP3-GREET-HIGHER-VERSION).
            major = random.nextInt(6) == 0 ? 4 + random.nextInt(200) : 3;
            minor = 1 + random.nextInt(255);
        }
        boolean v31 = major > 3 || minor >= 1;
        Builder b = new Builder();
        b.boundary()
                .field(K_SIG0, 0xff)
                .field(K_PADDING, padding())
                .field(K_SIG9, 0x7f)
                .boundary();
        b.field(K_MAJOR, major).field(K_MINOR, minor).field(K_MECHANISM, Mechanism.NULL.field());
        b.field(K_AS_SERVER, 0).field(K_FILLER, random.nextInt(8) == 0 ? randomBytes(31) : new byte[31]);

        Builder ready = Builder.command("READY");
        ready.property(random.nextInt(8) == 0 ? "socket-type" : "Socket-Type", ascii(peer.zmtpName()));
        if (peer == SocketType.REQ
                || peer == SocketType.DEALER
                || peer == SocketType.ROUTER
                || random.nextInt(8) == 0) {
            ready.property("Identity", randomBytes(random.nextInt(7)));
        }
        if (random.nextInt(6) == 0) {
            ready.property("X-Fuzz", randomBytes(random.nextInt(20)));
        }
        b.frame(0x04, random.nextInt(8) == 0, ready);

        int deliveries = 0;
        boolean benign = local.isCompatibleWith(peer) && !(draft && !v31);
        for (int i = 0, n = random.nextInt(6); i < n; i++) {
            switch (random.nextInt(9)) {
                case 0, 1, 2 -> {
                    message(b, peer.isDraft() ? 1 : 1 + random.nextInt(3), false);
                    deliveries++;
                }
                case 3 -> {
                    if (v31) {
                        int ttl = random.nextInt(3) == 0 ? 1 + random.nextInt(40) : 0;
                        benign &= ttl == 0;
                        Builder ping = Builder.command("PING")
                                .field(K_PING_TTL, new byte[] {(byte) (ttl >>> 8), (byte) ttl})
                                .field(K_BODY, randomBytes(random.nextInt(random.nextInt(6) == 0 ? 40 : 17)));
                        b.frame(0x04, false, ping);
                    }
                }
                case 4 -> b.frame(0x04, false, Builder.command("PONG").field(K_BODY, randomBytes(random.nextInt(17))));
                case 5 -> {
                    if (v31) {
                        String name = random.nextInt(3) == 0 ? "CANCEL" : "SUBSCRIBE";
                        b.frame(0x04, false, Builder.command(name).field(K_BODY, randomBytes(random.nextInt(8))));
                    } else {
                        Builder body =
                                new Builder().field(K_BODY, random.nextInt(3)).field(K_BODY, randomBytes(3));
                        b.frame(0x00, false, body);
                    }
                    deliveries++;
                }
                case 6 -> {
                    if (v31) {
                        String name = random.nextBoolean() ? "JOIN" : "LEAVE";
                        b.frame(0x04, false, Builder.command(name).field(K_BODY, ascii("g" + random.nextInt(100))));
                        deliveries++;
                    }
                }
                case 7 -> {
                    // Unknown commands are ignored after the handshake (ZMTP3-CMD-UNKNOWN).
                    Builder unknown = Builder.command(random.nextBoolean() ? "HELLOX" : "X")
                            .field(K_BODY, randomBytes(random.nextInt(10)));
                    b.frame(0x04, false, unknown);
                }
                default -> {
                    message(b, 1, true);
                    deliveries++;
                }
            }
        }
        if (v31 && random.nextInt(6) == 0) {
            // A last PING whose TTL runs out if nothing follows (ZMTP31-PING-TTL), when the test lets time pass.
            benign = false;
            int ttl = 1 + random.nextInt(40);
            b.frame(0x04, false, Builder.command("PING").field(K_PING_TTL, new byte[] {0, (byte) ttl}));
        }
        if (random.nextInt(10) == 0) {
            benign = false;
            String reason = random.nextBoolean() ? "400" : "fuzz says no";
            Builder error =
                    Builder.command("ERROR").field(K_ERROR_LEN, reason.length()).ascii(K_BODY, reason);
            b.frame(0x04, false, error);
        }
        return b.build(deliveries, benign, false);
    }

    /** A ZMTP 2.0 peer (RFC 15): signature, revision 01, socket type, identity frame, 2.0 message frames. */
    PeerScript zmtp20(SocketType local) {
        List<SocketType> classic =
                local.compatiblePeers().stream().filter(t -> !t.isDraft()).toList();
        SocketType peer = classic.isEmpty() || random.nextInt(12) == 0 ? TYPES[random.nextInt(11)] : pick(classic);
        byte[] identity = randomBytes(random.nextInt(random.nextInt(10) == 0 ? 256 : 6));
        byte[] padding = new byte[8];
        padding[7] = (byte) (identity.length + 1);
        Builder b = new Builder();
        b.boundary()
                .field(K_SIG0, 0xff)
                .field(K_PADDING, padding)
                .field(K_SIG9, 0x7f)
                .boundary();
        b.field(K_MAJOR, 0x01).field(K_Z20_TYPE, peer.code()).boundary();
        b.field(K_Z20_ID_FLAGS, 0)
                .field(K_Z20_ID_LEN, identity.length)
                .field(K_BODY, identity)
                .boundary();
        int deliveries = 0;
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
            message(b, 1 + random.nextInt(3), random.nextInt(4) == 0);
            deliveries++;
        }
        return b.build(deliveries, local.isCompatibleWith(peer) && !local.isDraft(), true);
    }

    private void message(Builder b, int frames, boolean subscriptionLike) {
        for (int f = 0; f < frames; f++) {
            byte[] body;
            if (subscriptionLike && frames == 1) {
                body = new byte[1 + random.nextInt(4)];
                random.nextBytes(body);
                body[0] = (byte) random.nextInt(2);
            } else {
                body = randomBytes(random.nextInt(24) == 0 ? 256 + random.nextInt(100) : random.nextInt(13));
            }
            boolean more = f < frames - 1;
            boolean longForm = body.length > 255 || random.nextInt(10) == 0;
            b.frame(more ? 0x01 : 0x00, longForm, new Builder().field(K_BODY, body));
        }
    }

    private byte[] padding() {
        return switch (random.nextInt(4)) {
            case 0 -> new byte[8];
            case 1 -> new byte[] {0, 0, 0, 0, 0, 0, 0, 1};
            default -> randomBytes(8); // ZMTP3-GREET-PADDING-IGNORED
        };
    }

    // ------------------------------------------------------------------------------------------------ mutations

    /**
     * A mutated copy of the script: one to three in-place changes (bit flips, random octets, interesting values at
     * structural offsets), then sometimes one change of length (truncation, duplication or deletion of a frame,
     * insertion of random octets or of a hostile frame, two frames swapped, a short frame turned long).
     */
    byte[] mutate(PeerScript script) {
        byte[] b = script.bytes().clone();
        int changes = random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
        boolean lengthChange = random.nextInt(3) == 0;
        if (lengthChange && random.nextBoolean()) {
            changes--;
        }
        for (int i = 0; i < changes; i++) {
            int op = random.nextInt(10);
            if (op < 2 && b.length > 0) {
                int at = random.nextInt(b.length);
                for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            } else if (op < 3 && b.length > 0) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            } else if (script.fields() > 0) {
                mutateField(b, script, random.nextInt(script.fields()));
            }
        }
        if (lengthChange || changes == 0) {
            b = changeLength(b, script);
        }
        return b;
    }

    private void mutateField(byte[] b, PeerScript script, int field) {
        int at = script.fieldStart()[field];
        int length = script.fieldLength()[field];
        if (at + length > b.length || length == 0) {
            return;
        }
        int old = b[at] & 0xff;
        switch (script.fieldKind()[field]) {
            case K_SIG0 -> b[at] = (byte) pickInt(0x00, 0x7f, 0xfe, 0x01, random.nextInt(256));
            case K_PADDING, K_FILLER, K_BODY, K_PING_TTL -> fill(b, at, length, randomBytes(length));
            case K_SIG9 -> b[at] = (byte) pickInt(0x7e, 0x00, 0xff, 0x01, 0x7d, random.nextInt(256));
            case K_MAJOR -> b[at] = (byte) pickInt(0, 1, 2, 3, 4, 0x7f, 0xff, random.nextInt(256));
            case K_MINOR -> b[at] = (byte) pickInt(0, 1, 2, 0xff, random.nextInt(256));
            case K_MECHANISM -> {
                byte[] mechanism = new byte[length];
                if (random.nextInt(4) == 0) {
                    mechanism = Mechanism.NULL.field();
                    mechanism[4 + random.nextInt(16)] = (byte) (1 + random.nextInt(255));
                } else {
                    byte[] name = ascii(MECHANISMS[random.nextInt(MECHANISMS.length)]);
                    System.arraycopy(name, 0, mechanism, 0, name.length);
                }
                fill(b, at, length, mechanism);
            }
            case K_AS_SERVER -> b[at] = (byte) pickInt(0, 1, 2, 0xff);
            case K_FLAGS ->
                b[at] = (byte)
                        (random.nextBoolean()
                                ? FLAG_VALUES[random.nextInt(FLAG_VALUES.length)]
                                : old ^ 1 << random.nextInt(8));
            case K_SIZE_SHORT, K_CMD_NAME_LEN, K_META_NAME_LEN, K_ERROR_LEN, K_Z20_ID_LEN ->
                b[at] = (byte) pickInt(0, 1, old - 1, old + 1, old + 2, 0xff, random.nextInt(256));
            case K_SIZE_LONG -> {
                long value = random.nextInt(4) == 0
                        ? random.nextLong()
                        : random.nextInt(3) == 0
                                ? bigEndian(b, at, 8) + (random.nextBoolean() ? 1 : -1)
                                : LONG_SIZES[random.nextInt(LONG_SIZES.length)];
                for (int i = 0; i < 8; i++) {
                    b[at + i] = (byte) (value >>> (56 - 8 * i));
                }
            }
            case K_META_VALUE_LEN -> {
                long old32 = bigEndian(b, at, 4);
                int value = random.nextInt(3) == 0
                        ? (int) old32 + (random.nextBoolean() ? 1 : -1)
                        : random.nextInt(4) == 0 ? random.nextInt() : INT32_VALUES[random.nextInt(INT32_VALUES.length)];
                for (int i = 0; i < 4; i++) {
                    b[at + i] = (byte) (value >>> (24 - 8 * i));
                }
            }
            case K_CMD_NAME, K_META_NAME -> {
                int i = at + random.nextInt(length);
                switch (random.nextInt(4)) {
                    case 0 -> b[i] ^= 0x20; // case change: valid for metadata names, unknown for commands
                    case 1 -> b[i] = (byte) pickInt(' ', 0, 0xff, ':', '/', 0x80, '=');
                    case 2 -> b[i] = (byte) ('A' + random.nextInt(26));
                    default -> b[i] = (byte) random.nextInt(256);
                }
            }
            case K_META_VALUE -> {
                List<SocketType> sameLength = Arrays.stream(TYPES)
                        .filter(t -> t.zmtpName().length() == length)
                        .toList();
                if (!sameLength.isEmpty() && random.nextInt(3) != 0) {
                    String name = pick(sameLength).zmtpName();
                    fill(b, at, length, ascii(random.nextInt(5) == 0 ? name.toLowerCase() : name));
                } else {
                    b[at + random.nextInt(length)] = (byte) random.nextInt(256);
                }
            }
            case K_Z20_TYPE -> b[at] = (byte) pickInt(random.nextInt(22), 11, 12, 18, 0xff, random.nextInt(256));
            case K_Z20_ID_FLAGS -> b[at] = (byte) pickInt(1, 2, 3, 4, 0xff, random.nextInt(256));
            default -> b[at] = (byte) random.nextInt(256);
        }
    }

    private byte[] changeLength(byte[] b, PeerScript script) {
        int[] bounds = script.boundaries();
        int boundary = Math.min(b.length, bounds[random.nextInt(bounds.length)]);
        switch (random.nextInt(8)) {
            case 0 -> { // truncate, often near a boundary
                int at = random.nextBoolean() ? random.nextInt(b.length + 1) : boundary + random.nextInt(3) - 1;
                return Arrays.copyOf(b, Math.max(0, Math.min(b.length, at)));
            }
            case 1 -> { // duplicate a segment (a second greeting, READY or frame)
                int[] seg = segment(bounds, b.length);
                byte[] copy = Arrays.copyOfRange(b, seg[0], seg[1]);
                return insert(b, random.nextBoolean() ? seg[1] : b.length, copy);
            }
            case 2 -> { // delete a segment (e.g. READY, so messages come first)
                int[] seg = segment(bounds, b.length);
                byte[] out = new byte[b.length - (seg[1] - seg[0])];
                System.arraycopy(b, 0, out, 0, seg[0]);
                System.arraycopy(b, seg[1], out, seg[0], b.length - seg[1]);
                return out;
            }
            case 3 -> { // random octets at a boundary or anywhere
                int at = random.nextBoolean() ? boundary : random.nextInt(b.length + 1);
                return insert(b, at, randomBytes(1 + random.nextInt(16)));
            }
            case 4, 5 -> { // a hostile frame at a boundary
                return insert(b, boundary, hostileFrame());
            }
            case 6 -> { // swap two adjacent segments
                if (bounds.length < 3) {
                    return b;
                }
                int i = random.nextInt(bounds.length - 2);
                int s0 = Math.min(bounds[i], b.length);
                int s1 = Math.min(bounds[i + 1], b.length);
                int s2 = Math.min(bounds[i + 2], b.length);
                byte[] out = b.clone();
                System.arraycopy(b, s1, out, s0, s2 - s1);
                System.arraycopy(b, s0, out, s0 + (s2 - s1), s1 - s0);
                return out;
            }
            default -> { // a short frame turned into a long one with a forged size
                for (int f = 0; f < script.fields(); f++) {
                    if (script.fieldKind()[f] == K_SIZE_SHORT && random.nextInt(3) == 0) {
                        int at = script.fieldStart()[f];
                        if (at >= b.length || at == 0) {
                            break;
                        }
                        b[at - 1] |= 0x02;
                        long size = LONG_SIZES[random.nextInt(LONG_SIZES.length)];
                        byte[] eight = new byte[8];
                        for (int i = 0; i < 8; i++) {
                            eight[i] = (byte) (size >>> (56 - 8 * i));
                        }
                        return insert(removeAt(b, at), at, eight);
                    }
                }
                return insert(b, boundary, hostileFrame());
            }
        }
    }

    /** A frame chosen to break one rule: forged sizes, reserved bits, MORE on a command, malformed commands... */
    byte[] hostileFrame() {
        return switch (random.nextInt(16)) {
            case 0 -> { // long size up to 2^64-1, no body
                int flags = pickInt(0x02, 0x03, 0x06);
                long size = LONG_SIZES[random.nextInt(LONG_SIZES.length)];
                byte[] out = new byte[9];
                out[0] = (byte) flags;
                for (int i = 0; i < 8; i++) {
                    out[1 + i] = (byte) (size >>> (56 - 8 * i));
                }
                yield out;
            }
            case 1 -> new byte[] {(byte) (0x08 << random.nextInt(5) | random.nextInt(8)), 0};
            case 2 -> new byte[] {(byte) pickInt(0x05, 0x07), 0};
            case 3 -> frame(0x04, command("READY", property("Socket-Type", TYPES[random.nextInt(TYPES.length)])));
            case 4 -> frame(0x04, command("ERROR", concat(new byte[] {4}, ascii("boom"))));
            case 5 -> frame(0x04, concat(new byte[] {9}, ascii("SUB"))); // name longer than the body
            case 6 -> frame(0x04, new byte[0]); // no name at all
            case 7 -> frame(0x04, new byte[] {0, 'x'}); // empty name
            case 8 -> frame(0x04, command("PING", new byte[] {0})); // PING without its 2-octet TTL
            case 9 -> frame(0x04, command("ERROR", concat(new byte[] {(byte) pickInt(0, 9, 0xff)}, ascii("x"))));
            case 10 -> frame(0x00, ascii("early")); // a message, perhaps before the handshake ends
            case 11 -> frame(0x04, command("HELLO", new byte[0])); // a command NULL does not expect
            case 12 -> dev.zck.engine.Greeting.of(Mechanism.NULL, false).encode();
            case 13 -> frame(0x04, command("READY", concat(new byte[] {0}, new byte[4]))); // empty property name
            case 14 -> frame(0x04, command("READY", concat(new byte[] {1, 'A'}, new byte[] {0x7f, (byte) 0xff, 0, 0})));
            default -> frame(0x04, command("PING", concat(new byte[] {0, 1}, randomBytes(17 + random.nextInt(40)))));
        };
    }

    // ------------------------------------------------------------------------------------------------ random streams

    /** Pure noise, or noise after a valid signature so the first checks pass. */
    byte[] randomStream() {
        byte[] noise = randomBytes(random.nextInt(random.nextInt(8) == 0 ? 400 : 120));
        if (random.nextBoolean() && noise.length >= 10) {
            noise[0] = (byte) 0xff;
            noise[9] |= 0x01;
            if (random.nextBoolean() && noise.length > 10) {
                noise[10] = (byte) pickInt(1, 2, 3, 3, 3);
            }
        }
        return noise;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static byte[] frame(int flags, byte[] body) {
        boolean longForm = body.length > 255;
        byte[] out = new byte[(longForm ? 9 : 2) + body.length];
        out[0] = (byte) (flags | (longForm ? 2 : 0));
        if (longForm) {
            for (int i = 0; i < 8; i++) {
                out[1 + i] = (byte) ((long) body.length >>> (56 - 8 * i));
            }
        } else {
            out[1] = (byte) body.length;
        }
        System.arraycopy(body, 0, out, longForm ? 9 : 2, body.length);
        return out;
    }

    private static byte[] command(String name, byte[] data) {
        return concat(new byte[] {(byte) name.length()}, ascii(name), data);
    }

    private static byte[] property(String name, SocketType type) {
        byte[] value = ascii(type.zmtpName());
        return concat(new byte[] {(byte) name.length()}, ascii(name), new byte[] {0, 0, 0, (byte) value.length}, value);
    }

    private int[] segment(int[] bounds, int length) {
        int i = random.nextInt(Math.max(1, bounds.length - 1));
        int from = Math.min(bounds[i], length);
        int to = Math.min(i + 1 < bounds.length ? bounds[i + 1] : length, length);
        return new int[] {from, to};
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        at = Math.max(0, Math.min(at, b.length));
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }

    private static byte[] removeAt(byte[] b, int at) {
        if (at >= b.length) {
            return b;
        }
        byte[] out = new byte[b.length - 1];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + 1, out, at, b.length - at - 1);
        return out;
    }

    private static void fill(byte[] b, int at, int length, byte[] with) {
        System.arraycopy(with, 0, b, at, Math.min(length, with.length));
    }

    private static long bigEndian(byte[] b, int at, int n) {
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = value << 8 | (b[at + i] & 0xff);
        }
        return value;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    private int pickInt(int... values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}

package dev.zck.rules;

/**
 * Where a rule comes from: a ZeroMQ RFC (rfc.zeromq.org), libzmq's de-facto behaviour ({@link #LIBZMQ}), or the
 * kit's own adapter SPI ({@link #SPI}).
 */
public enum Source {
    RFC13("ZMTP/1.0", 13),
    RFC15("ZMTP/2.0", 15),
    RFC23("ZMTP/3.0", 23),
    RFC24("ZMTP-PLAIN", 24),
    RFC25("ZMTP-CURVE", 25),
    RFC26("CurveZMQ", 26),
    RFC27("ZAP", 27),
    RFC28("REQREP", 28),
    RFC29("PUBSUB", 29),
    RFC30("PIPELINE", 30),
    RFC31("EXPAIR", 31),
    RFC37("ZMTP/3.1", 37),
    RFC41("CLIENTSERVER", 41),
    RFC48("RADIO-DISH", 48),
    RFC49("SCATTER-GATHER", 49),
    RFC51("P2P (PEER)", 51),
    RFC52("CHANNEL", 52),
    /** What libzmq does where the RFCs are silent or differ; its rules have level LIBZMQ. */
    LIBZMQ("libzmq de-facto behaviour", 0),
    /**
     * The kit's adapter SPI ({@code dev.zck.spi}): not a ZeroMQ requirement but what an adapter must do for the kit
     * to judge the implementation behind it (resolved endpoints, whole messages, honoured timeouts, error kinds,
     * close). Its rules (prefix {@code SPI-}) are checked by the adapter contract before any other rule runs.
     */
    SPI("zck adapter SPI contract", 0);

    private final String title;
    private final int number;

    Source(String title, int number) {
        this.title = title;
        this.number = number;
    }

    /** Short title, e.g. {@code ZMTP/3.1}. */
    public String title() {
        return title;
    }

    /** The RFC number, or 0 for {@link #LIBZMQ} and {@link #SPI}. */
    public int number() {
        return number;
    }

    /**
     * Where a reader finds the source text: a web address, or for {@link #SPI} the SPI's sources as a path relative
     * to {@code spec/}, where RULES.md lives.
     */
    public String url() {
        return switch (this) {
            case LIBZMQ -> "https://github.com/zeromq/libzmq";
            case SPI -> "src/main/java/dev/zck/spi/";
            default -> "https://rfc.zeromq.org/spec/" + number + "/";
        };
    }
}

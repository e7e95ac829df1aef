package dev.zck.bench;

import dev.zck.adapters.internal.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * libzmq through a small C program ({@code zmqbench.c}, shipped with the kit) compiled on first use with the system
 * C compiler against the system's libzmq (Debian: {@code libzmq3-dev}, libzmq 4.3.4).
 */
final class LibzmqSubject implements Subject {
    static final String INSTALL = "apt-get install libzmq3-dev gcc";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);

    private final Path binary;

    private LibzmqSubject(Path binary) {
        this.binary = binary;
    }

    /** The subject, compiling the program into {@code workDir} if needed; empty with the reason when it cannot. */
    static Optional<LibzmqSubject> prepare(Path workDir, StringBuilder whyNot) {
        try {
            Files.createDirectories(workDir);
            Path source = workDir.resolve("zmqbench.c");
            Path binary = workDir.resolve("zmqbench");
            try (InputStream in = LibzmqSubject.class.getResourceAsStream("/dev/zck/bench/zmqbench.c")) {
                byte[] text = in.readAllBytes();
                if (!Files.exists(source) || !java.util.Arrays.equals(Files.readAllBytes(source), text)) {
                    Files.write(source, text);
                    Files.deleteIfExists(binary);
                }
            }
            if (!Files.exists(binary)) {
                Processes.Result cc = Processes.run(
                        List.of("cc", "-O2", "-o", binary.toString(), source.toString(), "-lzmq", "-lpthread"),
                        Map.of(),
                        Duration.ofMinutes(1));
                if (!cc.ok()) {
                    whyNot.append("cannot compile the libzmq program (")
                            .append(cc.reason())
                            .append("); install: ")
                            .append(INSTALL);
                    return Optional.empty();
                }
            }
            return Optional.of(new LibzmqSubject(binary));
        } catch (IOException e) {
            whyNot.append("cannot prepare the libzmq program: ")
                    .append(e.getMessage())
                    .append("; install: ")
                    .append(INSTALL);
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "libzmq";
    }

    @Override
    public double throughput(int size, int count) throws Exception {
        return run("thr", size, count);
    }

    @Override
    public double latencyMicros(int size, int roundTrips) throws Exception {
        return run("lat", size, roundTrips);
    }

    private double run(String mode, int size, int count) throws IOException {
        Processes.Result result = Processes.run(
                List.of(binary.toString(), mode, Integer.toString(size), Integer.toString(count)), Map.of(), RUN_LIMIT);
        if (!result.ok()) {
            throw new IOException("zmqbench " + mode + " failed: " + result.reason());
        }
        return Double.parseDouble(result.stdout().trim());
    }
}

package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.ZmtpChannels;
import dev.zck.engine.internal.ZmtpPipeline;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.simulator.scenario.ScenarioRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The code that runs in a simulation never reads the wall clock and never starts a thread, or a run would not repeat:
 * this reads the bytecode of the engine's protocol and socket classes and of the simulator, and names the class and
 * method of every call to the clock, to sleeping, or to anything that starts threads.
 */
class NoClockNoThreadGuardTest {
    private static final List<BytecodeScanner.Rule> FORBIDDEN = List.of(
            rule("java/lang/System", "currentTimeMillis"),
            rule("java/lang/System", "nanoTime"),
            rule("java/time/Instant", "now"),
            rule("java/time/LocalDateTime", "now"),
            rule("java/time/LocalDate", "now"),
            rule("java/time/LocalTime", "now"),
            rule("java/time/ZonedDateTime", "now"),
            rule("java/time/OffsetDateTime", "now"),
            rule("java/time/Clock", "*"),
            rule("java/lang/Thread", "<init>"),
            rule("java/lang/Thread", "start"),
            rule("java/lang/Thread", "sleep"),
            rule("java/lang/Thread", "startVirtualThread"),
            rule("java/lang/Thread", "ofPlatform"),
            rule("java/lang/Thread", "ofVirtual"),
            rule("java/util/concurrent/TimeUnit", "sleep"),
            rule("java/util/concurrent/Executors", "*"),
            rule("java/util/concurrent/ThreadPoolExecutor", "<init>"),
            rule("java/util/concurrent/ScheduledThreadPoolExecutor", "<init>"),
            rule("java/util/concurrent/ForkJoinPool", "*"),
            rule("java/util/concurrent/CompletableFuture", "runAsync"),
            rule("java/util/concurrent/CompletableFuture", "supplyAsync"),
            rule("java/util/Timer", "<init>"),
            rule("io/netty/util/concurrent/Ticker", "systemTicker"),
            rule("io/netty/util/concurrent/GlobalEventExecutor", "*"),
            rule("io/netty/util/concurrent/DefaultThreadFactory", "<init>"),
            rule("io/netty/channel/MultiThreadIoEventLoopGroup", "<init>"),
            rule("io/netty/channel/DefaultEventLoop", "<init>"),
            rule("io/netty/channel/DefaultEventLoopGroup", "<init>"));

    /**
     * The only calls allowed, each with the reason it must be there. Nothing of the simulator: SimEventLoop needs no
     * clock, its time is its own.
     */
    private static final Map<String, String> ALLOWED = Map.of(
            "dev.zck.engine.socket.internal.EngineRuntime.<init>(Ljava/util/Map;)V calls java.lang.System.nanoTime",
            "the real engine's runtime seeds its random source from the clock; a simulation always passes its own"
                    + " seed (EngineRuntime(Map, long), from SimHost)");

    /** The packages whose code runs in a simulation, each by a class of it (so that test classes are left out). */
    private static final Map<String, Class<?>> SCANNED = Map.of(
            "dev.zck.engine", ZmtpChannels.class,
            "dev.zck.engine.internal", ZmtpPipeline.class,
            "dev.zck.engine.socket.internal", SocketCore.class,
            "dev.zck.simulator", SimEventLoop.class,
            "dev.zck.simulator.internal", SimEventLoop.class,
            "dev.zck.simulator.scenario", ScenarioRunner.class,
            "dev.zck.simulator.scenario.internal", ScenarioRunner.class);

    @Test
    void simulatedCodeNeverReadsTheClockNorStartsAThread() {
        BytecodeScanner scanner = new BytecodeScanner(FORBIDDEN);
        List<String> found = new ArrayList<>();
        int classes = 0;
        for (Map.Entry<String, Class<?>> scanned : SCANNED.entrySet()) {
            List<byte[]> files = BytecodeScanner.classesOf(scanned.getValue(), scanned.getKey());
            assertThat(files).as("classes of %s", scanned.getKey()).isNotEmpty();
            classes += files.size();
            for (byte[] file : files) {
                scanner.scan(file).forEach(finding -> found.add(finding.toString()));
            }
        }

        assertThat(classes).isGreaterThan(50);
        assertThat(found)
                .as("calls to the clock or to thread-starting APIs in simulated code (allow one only with a reason)")
                .filteredOn(f -> !ALLOWED.containsKey(f))
                .isEmpty();
        assertThat(ALLOWED.keySet())
                .as("allowed calls that are gone (drop them)")
                .isSubsetOf(found);
    }

    @Test
    void theGuardFindsEachKindOfCallAndNamesWhereItIs() {
        List<String> found = new BytecodeScanner(FORBIDDEN)
                .scan(offender()).stream().map(Object::toString).toList();

        assertThat(found)
                .containsExactly(
                        "test.Offender.clock()V calls java.lang.System.currentTimeMillis",
                        "test.Offender.clock()V calls java.time.Instant.now",
                        "test.Offender.clock()V calls java.time.Clock.systemUTC",
                        "test.Offender.threads()V calls java.lang.Thread.<init>",
                        "test.Offender.threads()V calls java.lang.Thread.start",
                        "test.Offender.threads()V calls java.util.concurrent.Executors.newSingleThreadExecutor",
                        "test.Offender.sleeps()V calls java.lang.Thread.sleep",
                        "test.Offender.reference()V calls java.lang.System.nanoTime");
    }

    private static BytecodeScanner.Rule rule(String owner, String name) {
        return new BytecodeScanner.Rule(owner, name);
    }

    /**
     * A class (never loaded, only read) that calls what the guard forbids, written with ASM so that no such call
     * appears in the kit's sources; {@code reference} takes {@code System::nanoTime} as a method reference does.
     */
    private static byte[] offender() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "test/Offender", null, "java/lang/Object", null);
        MethodVisitor clock = method(writer, "clock");
        clock.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "currentTimeMillis", "()J", false);
        clock.visitMethodInsn(Opcodes.INVOKESTATIC, "java/time/Instant", "now", "()Ljava/time/Instant;", false);
        clock.visitMethodInsn(Opcodes.INVOKESTATIC, "java/time/Clock", "systemUTC", "()Ljava/time/Clock;", false);
        end(clock);
        MethodVisitor threads = method(writer, "threads");
        threads.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Thread", "<init>", "()V", false);
        threads.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Thread", "start", "()V", false);
        threads.visitMethodInsn(
                Opcodes.INVOKESTATIC,
                "java/util/concurrent/Executors",
                "newSingleThreadExecutor",
                "()Ljava/util/concurrent/ExecutorService;",
                false);
        end(threads);
        MethodVisitor sleeps = method(writer, "sleeps");
        sleeps.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Thread", "sleep", "(J)V", false);
        end(sleeps);
        MethodVisitor reference = method(writer, "reference");
        Handle metafactory = new Handle(
                Opcodes.H_INVOKESTATIC,
                "java/lang/invoke/LambdaMetafactory",
                "metafactory",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                        + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                        + "Ljava/lang/invoke/CallSite;",
                false);
        reference.visitInvokeDynamicInsn(
                "getAsLong",
                "()Ljava/util/function/LongSupplier;",
                metafactory,
                Type.getType("()J"),
                new Handle(Opcodes.H_INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false),
                Type.getType("()J"));
        end(reference);
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static MethodVisitor method(ClassWriter writer, String name) {
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, name, "()V", null, null);
        method.visitCode();
        return method;
    }

    private static void end(MethodVisitor method) {
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(4, 0);
        method.visitEnd();
    }
}

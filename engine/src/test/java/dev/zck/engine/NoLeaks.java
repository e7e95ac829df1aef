package dev.zck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes Netty buffer leaks fail tests. Paranoid leak detection only logs a leak, and only when a later allocation
 * happens to notice it; so this installs a {@link ResourceLeakDetectorFactory} whose detectors also record every leak
 * they report, and lets a test force pending leaks out and assert that none was recorded.
 *
 * <p>Netty creates its {@code ByteBuf} detector once, when {@code AbstractByteBuf} is first loaded, so the factory
 * must be in place before any test touches a buffer: {@link NoLeaksSessionListener} installs it when the JUnit
 * launcher session opens. {@link #beforeAll} fails loudly if it came too late.
 *
 * <p>As an extension ({@code @ExtendWith(NoLeaks.class)}) it fails the class if a leak appeared while it ran. Leaks
 * recorded before the class started are not blamed on it (Netty logged them as usual).
 */
public final class NoLeaks implements BeforeAllCallback, AfterAllCallback {
    /**
     * A hint for a buffer that is leaked on purpose (the checker's own test): the leak is recorded, not logged.
     * {@code buffer.touch(EXPECTED_LEAK_HINT)} puts it into the leak's records.
     */
    public static final String EXPECTED_LEAK_HINT = "zck-expected-leak";

    /** One reported leak: the resource type (e.g. {@code ByteBuf}) and Netty's access records (empty if untraced). */
    public record Leak(String resourceType, String records) {
        @Override
        public String toString() {
            return "LEAK of " + resourceType + (records.isEmpty() ? " (untraced)" : ":" + records);
        }
    }

    private static final List<Leak> LEAKS = new CopyOnWriteArrayList<>();
    private static final int GC_ROUNDS = 3;
    private static final long GC_WAIT_MILLIS = 2_000;
    private static volatile boolean installed;
    private static volatile boolean accessRecords = true;

    private int baseline;

    /** Installs the recording factory; idempotent. Call before anything loads {@code io.netty.buffer}. */
    public static synchronized void install() {
        if (!installed) {
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
            installed = true;
        }
    }

    /** True when Netty's ByteBuf detector is one of ours, i.e. buffer leaks are being recorded. */
    public static boolean recordsBufferLeaks() {
        try {
            Class<?> abstractByteBuf = Class.forName("io.netty.buffer.AbstractByteBuf");
            Field field = abstractByteBuf.getDeclaredField("leakDetector");
            field.setAccessible(true);
            return field.get(null) instanceof RecordingDetector;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read io.netty.buffer.AbstractByteBuf.leakDetector: " + e, e);
        }
    }

    /**
     * Forces out the leaks Netty has not reported yet: garbage-collects until a canary reference of each round has
     * been enqueued (so the collector's reference processing is done), then allocates and releases a buffer, which is
     * when Netty polls for leaked buffers. Returns every leak recorded so far.
     */
    public static List<Leak> collect() {
        for (int round = 0; round < GC_ROUNDS; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
            long deadline = System.nanoTime() + GC_WAIT_MILLIS * 1_000_000;
            try {
                boolean collected = false;
                while (!collected && System.nanoTime() < deadline) {
                    System.gc();
                    collected = queue.remove(10) != null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            canary.clear();
            ByteBufAllocator.DEFAULT.buffer(8).release();
            ByteBufAllocator.DEFAULT.heapBuffer(8).release();
            ByteBufAllocator.DEFAULT.directBuffer(8).release();
        }
        return List.copyOf(LEAKS);
    }

    /**
     * Runs {@code body} with access records off. Every buffer is still tracked and a leak is still reported, with the
     * stack where the buffer was allocated; what is skipped is the stack trace paranoid detection takes on every later
     * access to the buffer, which would triple the cost of a fuzz case. Rerun without this to see the accesses.
     */
    public static void withoutAccessRecords(Runnable body) {
        boolean before = accessRecords;
        accessRecords = false;
        try {
            body.run();
        } finally {
            accessRecords = before;
        }
    }

    /** Removes and returns the recorded leaks matching {@code filter}. */
    public static List<Leak> take(Predicate<Leak> filter) {
        List<Leak> taken = new ArrayList<>();
        for (Leak leak : LEAKS) {
            if (filter.test(leak)) {
                taken.add(leak);
            }
        }
        LEAKS.removeAll(taken);
        return taken;
    }

    /** The number of leaks recorded so far (without forcing any out). */
    public static int recorded() {
        return LEAKS.size();
    }

    /** Makes sure leaks are recorded and that detection is at paranoid, so every buffer is tracked. */
    public static void requireActive() {
        install();
        assertThat(recordsBufferLeaks())
                .as("Netty's ByteBuf leak detector was created before NoLeaks could install its factory;"
                        + " NoLeaksSessionListener (META-INF/services/org.junit.platform.launcher"
                        + ".LauncherSessionListener) must run before any test touches io.netty.buffer")
                .isTrue();
        if (ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.PARANOID.ordinal()) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
    }

    /** Fails when leaks were recorded after the first {@code since} ones, listing them. */
    public static void assertNoLeaksSince(int since, String during) {
        List<Leak> all = collect();
        List<Leak> fresh = all.subList(Math.min(since, all.size()), all.size());
        assertThat(fresh).as("Netty buffer leaks during %s", during).isEmpty();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        requireActive();
        baseline = collect().size();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoLeaksSince(baseline, context.getDisplayName());
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                Class<T> resource, int samplingInterval, long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    /** A tracker that keeps the allocation record its delegate took and ignores later access records. */
    private record AllocationOnly<T>(ResourceLeakTracker<T> delegate) implements ResourceLeakTracker<T> {
        @Override
        public void record() {}

        @Override
        public void record(Object hint) {}

        @Override
        public boolean close(T trackedObject) {
            return delegate.close(trackedObject);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<?> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        public ResourceLeakTracker<T> track(T obj) {
            return maybeAllocationOnly(super.track(obj));
        }

        @Override
        public ResourceLeakTracker<T> trackForcibly(T obj) {
            return maybeAllocationOnly(super.trackForcibly(obj));
        }

        private ResourceLeakTracker<T> maybeAllocationOnly(ResourceLeakTracker<T> tracker) {
            return tracker == null || accessRecords ? tracker : new AllocationOnly<>(tracker);
        }

        /** Always report, whatever the logging configuration says (the default asks the logger). */
        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(new Leak(resourceType, records));
            if (!records.contains(EXPECTED_LEAK_HINT)) {
                super.reportTracedLeak(resourceType, records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(new Leak(resourceType, ""));
            super.reportUntracedLeak(resourceType);
        }
    }
}

package dev.zck.simulator.property.internal;

import dev.zck.simulator.property.Seed;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The test that called the property engine, found on the stack: it names the default seed, the command that replays
 * a failure and the standalone test written for a shrunk case. The test is the nearest caller whose method carries a
 * JUnit test annotation, else the engine's direct caller.
 *
 * @param testClass the test's class
 * @param method the test method's name
 */
public record CallSite(Class<?> testClass, String method) {
    private static final Set<String> TEST_ANNOTATIONS = Set.of(
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestTemplate",
            "org.junit.jupiter.params.ParameterizedTest");

    /** The caller of the first frame whose class is one of {@code engine}. */
    public static CallSite find(Set<Class<?>> engine) {
        List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.dropWhile(f -> !engine.contains(f.getDeclaringClass()))
                        .dropWhile(f -> engine.contains(f.getDeclaringClass()))
                        .toList());
        if (frames.isEmpty()) {
            return new CallSite(Object.class, "unknown");
        }
        StackWalker.StackFrame test =
                frames.stream().filter(CallSite::isTest).findFirst().orElse(frames.get(0));
        return new CallSite(test.getDeclaringClass(), test.getMethodName());
    }

    private static boolean isTest(StackWalker.StackFrame frame) {
        try {
            return Arrays.stream(frame.getDeclaringClass().getDeclaredMethods())
                    .filter(m -> m.getName().equals(frame.getMethodName()))
                    .map(Method::getAnnotations)
                    .flatMap(Arrays::stream)
                    .anyMatch(a -> TEST_ANNOTATIONS.contains(a.annotationType().getName()));
        } catch (LinkageError | SecurityException unreadable) {
            return false;
        }
    }

    /** {@code Class#method}, with the class's full name. */
    public String testName() {
        return testClass.getName() + "#" + method;
    }

    /**
     * The command, run from the repository root, that re-runs this test on {@code seed}; the test's Maven module is
     * the working directory the tests run in (Surefire's default).
     */
    public String replayCommand(long seed) {
        String test = "-Dtest='" + topLevel().getSimpleName() + "#" + method + "'";
        String tail = " test " + test + " -D" + Seed.PROPERTY + "=" + seed + " -Dsurefire.failIfNoSpecifiedTests=false";
        return module().map(m -> "./mvnw -pl " + m + " -am" + tail).orElse("./mvnw" + tail);
    }

    private Class<?> topLevel() {
        Class<?> c = testClass;
        while (c.getEnclosingClass() != null) {
            c = c.getEnclosingClass();
        }
        return c;
    }

    private static Optional<String> module() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path parent = dir.getParent();
        if (parent != null && Files.exists(dir.resolve("pom.xml")) && Files.exists(parent.resolve("mvnw"))) {
            return Optional.of(dir.getFileName().toString());
        }
        return Optional.empty();
    }

    /** The name of the standalone test for this test's shrunk case, e.g. {@code QueueResetShrunkTest}. */
    public String shrunkTestName() {
        String base = testClass.getSimpleName().replaceFirst("Test$", "");
        return base + Character.toUpperCase(method.charAt(0)) + method.substring(1) + "ShrunkTest";
    }
}

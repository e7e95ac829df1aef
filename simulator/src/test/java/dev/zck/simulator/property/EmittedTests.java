package dev.zck.simulator.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.invoke.MethodHandles;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Compiles a standalone test the engine wrote for a shrunk case, and runs it with JUnit. */
public final class EmittedTests {
    private EmittedTests() {}

    /**
     * Compiles {@code source} into {@code classes} (asserting that javac succeeds), defines its class through {@code
     * lookup} (whose class is in the emitted test's package, the calling test's) and runs it.
     *
     * @param anchors classes besides the engine's, the caller's and JUnit's whose code the test needs
     */
    public static TestExecutionSummary compileAndRun(
            Path source, Path classes, MethodHandles.Lookup lookup, Class<?>... anchors) throws Exception {
        String name = source.getFileName().toString().replaceFirst("\\.java$", "");
        List<Class<?>> all = new ArrayList<>(List.of(
                Property.class,
                lookup.lookupClass(),
                Test.class,
                org.apiguardian.api.API.class,
                org.opentest4j.AssertionFailedError.class));
        all.addAll(List.of(anchors));
        String classpath =
                all.stream().map(EmittedTests::location).distinct().collect(Collectors.joining(File.pathSeparator));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, "-d", classes.toString(), "-cp", classpath, source.toString());
        assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();

        String packagePath = lookup.lookupClass().getPackageName().replace('.', '/');
        byte[] bytes = Files.readAllBytes(classes.resolve(packagePath).resolve(name + ".class"));
        Class<?> emitted = lookup.defineClass(bytes);
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(emitted))
                                .build(),
                        listener);
        return listener.getSummary();
    }

    private static String location(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

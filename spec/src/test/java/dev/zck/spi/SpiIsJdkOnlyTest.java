package dev.zck.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An adapter author needs nothing but the JDK to build against the SPI. */
class SpiIsJdkOnlyTest {
    private static final Path SPI_SOURCES = Path.of("src/main/java/dev/zck/spi");

    @Test
    void spiCompilesWithAnEmptyClasspath(@TempDir Path out) throws IOException {
        List<Path> sources = spiSources();
        assertThat(sources).hasSizeGreaterThanOrEqualTo(10);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(
                            diagnostics,
                            files,
                            null,
                            List.of("--release", "17", "-classpath", "", "-proc:none", "-d", out.toString()),
                            null,
                            files.getJavaFileObjectsFromPaths(sources))
                    .call();
            assertThat(ok).as("javac output:%n%s", diagnostics).isTrue();
        }
    }

    @Test
    void spiImportsOnlyJavaPackages() throws IOException {
        for (Path source : spiSources()) {
            try (Stream<String> lines = Files.lines(source)) {
                lines.filter(line -> line.startsWith("import "))
                        .forEach(line -> assertThat(line)
                                .as("%s", source.getFileName())
                                .matches("import (static )?(java|javax)\\..*"));
            }
        }
    }

    private static List<Path> spiSources() throws IOException {
        try (Stream<Path> files = Files.list(SPI_SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}

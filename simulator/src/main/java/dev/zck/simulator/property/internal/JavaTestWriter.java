package dev.zck.simulator.property.internal;

import dev.zck.simulator.property.Property;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a shrunk stateful case as a standalone JUnit test: the machine and the exact list of actions, passed to
 * {@code Property.replayActions}, with no randomness left. Copied into {@code src/test/java}, it is the regression
 * test for the bug.
 */
public final class JavaTestWriter {
    private static final Class<?> PROPERTY = Property.class;

    private JavaTestWriter() {}

    /**
     * Writes {@code dir/<Name>.java} and returns its path.
     *
     * @param machine the machine as a Java expression
     * @param actions the actions as Java expressions, in order
     * @param origin a sentence on where the case comes from, for the class's Javadoc
     */
    public static Path write(Path dir, CallSite site, String machine, List<String> actions, String origin)
            throws IOException {
        String name = site.shrunkTestName();
        String pkg = site.testClass().getPackageName();
        StringBuilder src = new StringBuilder();
        if (!pkg.isEmpty()) {
            src.append("package ").append(pkg).append(";\n\n");
        }
        if (!pkg.equals(PROPERTY.getPackageName())) {
            src.append("import ").append(PROPERTY.getName()).append(";\n");
        }
        src.append("import java.util.List;\n");
        src.append("import org.junit.jupiter.api.Test;\n\n");
        src.append("/**\n");
        src.append(" * Shrunk by the property engine from ")
                .append(site.testName())
                .append(".\n");
        src.append(" * ").append(comment(origin)).append("\n");
        src.append(" * The exact actions of the shrunk case, replayed without randomness.\n");
        src.append(" */\n");
        src.append("class ").append(name).append(" {\n");
        src.append("    @Test\n");
        src.append("    void replay() throws Exception {\n");
        src.append("        Property.replayActions(\n");
        src.append("                ").append(machine).append(",\n");
        src.append("                List.of(");
        for (int i = 0; i < actions.size(); i++) {
            src.append(i == 0 ? "\n" : ",\n").append("                        ").append(actions.get(i));
        }
        src.append("));\n");
        src.append("    }\n");
        src.append("}\n");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, src, StandardCharsets.UTF_8);
        return file;
    }

    /** One line that cannot end the comment or hold a unicode escape. */
    private static String comment(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.replace("*/", "* /").replace('\\', '/').replaceAll("[^\\x20-\\x7e]", "?");
    }
}

package dev.zck.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Finds calls to forbidden APIs in compiled classes: direct calls, and method references (a handle passed to
 * invokedynamic). A call is forbidden when its owner and name match a rule; a rule's name may be {@code *}.
 */
final class BytecodeScanner {
    /** A forbidden API: {@code owner} in internal form ({@code java/lang/System}), {@code name} or {@code *}. */
    record Rule(String owner, String name) {
        boolean matches(String callOwner, String callName) {
            return owner.equals(callOwner) && (name.equals("*") || name.equals(callName));
        }

        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name;
        }
    }

    /** One forbidden call: in which class and method, to what. */
    record Finding(String className, String method, String called) {
        @Override
        public String toString() {
            return className + "." + method + " calls " + called;
        }
    }

    private final List<Rule> rules;

    BytecodeScanner(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * The classes of {@code packageName} (not its subpackages) in the folder or jar {@code anchor} was loaded from, so
     * that test classes of the same package are left out.
     */
    static List<byte[]> classesOf(Class<?> anchor, String packageName) {
        String path = packageName.replace('.', '/');
        List<byte[]> classes = new ArrayList<>();
        try {
            Path root = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.list(root.resolve(path))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class"))
                            .sorted()
                            .toList()) {
                        classes.add(Files.readAllBytes(file));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        String name = entry.getName();
                        if (name.startsWith(path + "/")
                                && name.endsWith(".class")
                                && name.indexOf('/', path.length() + 1) < 0) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                classes.add(in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return classes;
    }

    List<Finding> scan(byte[] classFile) {
        List<Finding> findings = new ArrayList<>();
        ClassReader reader = new ClassReader(classFile);
        String className = reader.getClassName().replace('/', '.');
        reader.accept(
                new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        String method = name + descriptor;
                        return new MethodVisitor(Opcodes.ASM9) {
                            @Override
                            public void visitMethodInsn(
                                    int opcode, String owner, String callName, String desc, boolean itf) {
                                check(owner, callName);
                            }

                            @Override
                            public void visitInvokeDynamicInsn(
                                    String callName, String desc, Handle bootstrap, Object... arguments) {
                                for (Object argument : arguments) {
                                    if (argument instanceof Handle handle) {
                                        check(handle.getOwner(), handle.getName());
                                    }
                                }
                            }

                            private void check(String owner, String callName) {
                                for (Rule rule : rules) {
                                    if (rule.matches(owner, callName)) {
                                        findings.add(new Finding(
                                                className, method, owner.replace('/', '.') + "." + callName));
                                    }
                                }
                            }
                        };
                    }
                },
                ClassReader.SKIP_FRAMES);
        return findings;
    }
}

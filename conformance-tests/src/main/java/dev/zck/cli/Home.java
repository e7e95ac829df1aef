package dev.zck.cli;

import java.nio.file.Path;

/** The zck installation directory: set by the {@code ./zck} launcher, else the working directory. */
public final class Home {
    static final String PROPERTY = "zck.home";

    private Home() {}

    public static Path path() {
        String home = System.getProperty(PROPERTY);
        return Path.of(home == null || home.isBlank() ? "." : home)
                .toAbsolutePath()
                .normalize();
    }
}

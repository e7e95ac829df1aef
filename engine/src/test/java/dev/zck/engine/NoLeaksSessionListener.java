package dev.zck.engine;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link NoLeaks}' recording leak-detector factory when the JUnit launcher session opens, before any test
 * class is loaded and so before Netty creates its buffer leak detector. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class NoLeaksSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NoLeaks.install();
    }
}

package org.pkuse.connect.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the plugin bundle, what {@code version()} of every connector and task reports: the Maven project
 * version, written into {@code version.properties} when this module is built. {@code unknown} if the file cannot
 * be read, so that a worker scanning its plugins never fails on it.
 */
public final class PluginVersion {

    private static final String VERSION = load();

    private PluginVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PluginVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

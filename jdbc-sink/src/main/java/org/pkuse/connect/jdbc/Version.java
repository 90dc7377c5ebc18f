package org.pkuse.connect.jdbc;

/** The plugin's version, from the jar manifest. */
final class Version {

    private Version() {
    }

    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "1.0.0-SNAPSHOT" : v;
    }
}

package org.pkuse.connect.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java runtime of at least a given version for a child JVM (the schema registry needs 21 while the project
 * runs on 17): the system property {@code pkuse.registry.java.home}, the environment variable
 * {@code PKUSE_REGISTRY_JAVA_HOME}, this JVM's own, then the newest under {@code /usr/lib/jvm}.
 */
final class NewerJava {

    static final String PROPERTY = "pkuse.registry.java.home";
    static final String ENVIRONMENT = "PKUSE_REGISTRY_JAVA_HOME";
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private NewerJava() {
    }

    /** The {@code bin/java} of a runtime of at least {@code major}; fails naming where it looked. */
    static Path find(int major) {
        for (String home : new String[] {System.getProperty(PROPERTY), System.getenv(ENVIRONMENT)}) {
            if (home != null && !home.isBlank()) {
                Path java = Path.of(home, "bin", "java");
                if (version(Path.of(home)) < major || !Files.isExecutable(java)) {
                    throw new IllegalStateException(home + " (from " + PROPERTY + " or " + ENVIRONMENT + ") is not "
                            + "a Java " + major + "+ runtime");
                }
                return java;
            }
        }
        if (Runtime.version().feature() >= major) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        Optional<Path> installed = installed(Path.of("/usr/lib/jvm"), major);
        return installed.map(h -> h.resolve("bin").resolve("java")).orElseThrow(() -> new IllegalStateException(
                "The schema registry needs Java " + major + "+: none under /usr/lib/jvm, and this JVM is "
                        + Runtime.version().feature() + ". Install one, or point " + PROPERTY + " or " + ENVIRONMENT
                        + " at its home"));
    }

    /** The newest runtime of at least {@code major} under {@code root}, by the version in its {@code release}. */
    static Optional<Path> installed(Path root, int major) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(root)) {
            List<Path> found = homes.filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")))
                    .filter(h -> version(h) >= major).sorted(Comparator.comparingInt(NewerJava::version).reversed())
                    .toList();
            return found.stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version in a runtime's {@code release} file ({@code JAVA_VERSION="25.0.1"}), 0 if unknown. */
    static int version(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

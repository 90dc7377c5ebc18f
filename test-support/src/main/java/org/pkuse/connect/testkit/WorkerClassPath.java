package org.pkuse.connect.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.pkuse.connect.localstack.ParentWatch;

/**
 * The class path of a Connect worker JVM: Connect's runtime closure, a log4j2 binding and the FileStream connectors,
 * as listed by test-support's build (src/connect-worker/pom.xml), plus local-stack's {@link ParentWatch}, which
 * starts {@code ConnectDistributed} and halts the worker when the test JVM is gone. Neither our plugins (they load through {@code plugin.path}) nor HBase nor the broker are on it.
 */
final class WorkerClassPath {

    /** Resource in the test-support jar, written by maven-invoker-plugin at generate-resources. */
    static final String RESOURCE = "/META-INF/pkuse-connect-worker.classpath";

    private WorkerClassPath() {
    }

    static String get() {
        try (InputStream in = WorkerClassPath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: build test-support with Maven first");
            }
            String connect = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            Path own = Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return own + File.pathSeparator + connect;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

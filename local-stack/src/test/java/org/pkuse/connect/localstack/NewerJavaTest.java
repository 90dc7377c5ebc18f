package org.pkuse.connect.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runtime the schema registry's JVM gets: the newest installed one of at least the version asked for. */
class NewerJavaTest {

    @TempDir
    Path jvms;

    private void runtime(String name, String releaseVersion) throws Exception {
        Path bin = Files.createDirectories(jvms.resolve(name).resolve("bin"));
        Path java = Files.createFile(bin.resolve("java"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(Files.isExecutable(java)).isTrue();
        Files.writeString(jvms.resolve(name).resolve("release"),
                "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"" + releaseVersion + "\"\nOS_NAME=\"Linux\"\n");
    }

    @Test
    void theNewestRuntimeOfAtLeastTheVersionIsChosen() throws Exception {
        runtime("java-17-openjdk-amd64", "17.0.15");
        runtime("temurin-25-jdk-amd64", "25.0.3");
        runtime("temurin-21-jdk-amd64", "21.0.7");
        Files.createDirectories(jvms.resolve("broken")); // no bin/java, no release

        assertThat(NewerJava.installed(jvms, 21)).contains(jvms.resolve("temurin-25-jdk-amd64"));
        assertThat(NewerJava.installed(jvms, 26)).isEmpty();
        assertThat(NewerJava.version(jvms.resolve("java-17-openjdk-amd64"))).isEqualTo(17);
        assertThat(NewerJava.version(jvms.resolve("broken"))).isZero();
        assertThat(NewerJava.installed(jvms.resolve("missing"), 21)).isEmpty();
    }
}

package org.pkuse.connect.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluginVersionTest {

    @Test
    void isTheProjectVersion() {
        String projectVersion = System.getProperty("pkuse.project.version");
        assertThat(projectVersion).as("set by this module's pom").isNotBlank().doesNotContain("${");
        assertThat(PluginVersion.get()).isEqualTo(projectVersion);
    }
}

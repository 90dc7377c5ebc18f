package org.pkuse.connect.testkit;

/** {@link org.pkuse.connect.localstack.ExampleConfigs} under the name the tests know. */
public final class ExampleConfigs extends org.pkuse.connect.localstack.ExampleConfigs {

    private ExampleConfigs() {
    }
}

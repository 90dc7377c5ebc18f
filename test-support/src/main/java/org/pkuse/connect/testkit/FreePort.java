package org.pkuse.connect.testkit;

/** {@link org.pkuse.connect.localstack.FreePort} under the name the tests know. */
public final class FreePort extends org.pkuse.connect.localstack.FreePort {

    private FreePort() {
    }
}

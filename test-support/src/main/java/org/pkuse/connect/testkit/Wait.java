package org.pkuse.connect.testkit;

/** {@link org.pkuse.connect.localstack.Wait} under the name the tests know. */
public final class Wait extends org.pkuse.connect.localstack.Wait {

    private Wait() {
    }
}

package org.pkuse.connect.testkit;

/** {@link org.pkuse.connect.localstack.Folders} under the name the tests know. */
public final class TestFiles extends org.pkuse.connect.localstack.Folders {

    private TestFiles() {
    }
}

package org.pkuse.connect.testkit;

import java.util.function.Supplier;

/** {@link org.pkuse.connect.localstack.ConnectRest} under the name the tests know. */
public final class ConnectRest extends org.pkuse.connect.localstack.ConnectRest {

    public ConnectRest(String baseUrl) {
        super(baseUrl);
    }

    /** A client whose address is looked up for every call, so it follows a cluster whose workers come and go. */
    public ConnectRest(Supplier<String> baseUrl) {
        super(baseUrl);
    }
}

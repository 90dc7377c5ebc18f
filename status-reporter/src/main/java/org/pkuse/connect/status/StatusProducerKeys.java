package org.pkuse.connect.status;

import java.util.Locale;
import java.util.Set;

/**
 * Which {@code pkuse.status.producer.*} keys a connector config may set. The status producer runs inside a shared
 * worker, outside the worker's client override policy, so only the keys that reach a secured cluster pass:
 * security, SASL and TLS settings without the ones that load classes or run a program, the client id and the
 * connection timings. The JAAS login module named in {@code sasl.jaas.config} is loaded as Kafka allows it (its
 * system property {@code org.apache.kafka.disallowed.login.modules}).
 * Delivery settings (acks, idempotence, {@code max.block.ms}) stay as the reporter sets them: its timeout promise
 * rests on them.
 */
public final class StatusProducerKeys {

    private static final Set<String> ALLOWED = Set.of(
            "security.protocol", "client.id", "client.dns.lookup",
            "connections.max.idle.ms", "reconnect.backoff.ms", "reconnect.backoff.max.ms",
            "socket.connection.setup.timeout.ms", "socket.connection.setup.timeout.max.ms",
            "metadata.max.age.ms", "send.buffer.bytes", "receive.buffer.bytes");
    private static final Set<String> ALLOWED_PREFIXES = Set.of("sasl.", "ssl.");
    /** SASL/TLS keys that name a class to load in the worker. */
    private static final Set<String> CLASS_KEYS = Set.of(
            "sasl.client.callback.handler.class", "sasl.login.callback.handler.class", "sasl.login.class",
            "ssl.engine.factory.class");

    /** Keys that make the worker run a program. */
    private static final Set<String> COMMAND_KEYS = Set.of("sasl.kerberos.kinit.cmd");

    private StatusProducerKeys() {
    }

    /** Null when the key (without the prefix) may be set, else what is wrong with it. */
    public static String problem(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (CLASS_KEYS.contains(k) || k.endsWith(".class") || k.endsWith(".classes")) {
            return "the status producer does not load classes named in a connector config";
        }
        if (COMMAND_KEYS.contains(k)) {
            return "the status producer does not run a program named in a connector config (set it in the "
                    + "worker's own config if the cluster needs it)";
        }
        if (ALLOWED.contains(k) || ALLOWED_PREFIXES.stream().anyMatch(k::startsWith)) {
            return null;
        }
        return "not allowed; a connector config may set only the status producer's security and connection "
                + "settings (security.protocol, sasl.*, ssl.*, client.id, client.dns.lookup, reconnect and "
                + "socket timings); delivery settings are fixed";
    }
}

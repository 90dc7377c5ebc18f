package org.pkuse.connect.jdbc.dialect;

import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.pkuse.connect.status.Redactor;

/** Accepts the JDBC URLs of the databases this sink has dialect providers for, without unsafe driver parameters. */
public final class JdbcUrlValidator implements ConfigDef.Validator {

    private final InstalledDialects dialects;

    public JdbcUrlValidator() {
        this(InstalledDialects.get());
    }

    public JdbcUrlValidator(InstalledDialects dialects) {
        this.dialects = dialects;
    }

    @Override
    public void ensureValid(String name, Object value) {
        String url = value == null ? "" : value.toString().trim();
        if (url.isEmpty()) {
            throw new ConfigException(name + " must not be empty");
        }
        List<String> prefixes = dialects.urlPrefixes();
        if (prefixes.stream().noneMatch(url::startsWith)) {
            throw new ConfigException(name, Redactor.redact(url), "must start with one of " + prefixes);
        }
        List<String> unsafe = UnsafeUrlParameters.in(url, dialects);
        if (!unsafe.isEmpty()) {
            throw new ConfigException(name + " must not set " + String.join(", ", unsafe) + ": these driver "
                    + "parameters let a connection string read or write files, load classes or deserialize "
                    + "objects in the worker (the list can be extended with the worker's system property "
                    + UnsafeUrlParameters.EXTRA_PROPERTY + ")");
        }
    }

    @Override
    public String toString() {
        return "a JDBC URL starting with " + either(dialects.urlPrefixes()) + ", without the driver "
                + "parameters that read files, load classes or deserialize (allowLoadLocalInfile, "
                + "allowLocalInfile, autoDeserialize, socketFactory, queryInterceptors, sslfactory, ...)";
    }

    /** "a, b or c". */
    private static String either(List<String> words) {
        if (words.size() < 2) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}

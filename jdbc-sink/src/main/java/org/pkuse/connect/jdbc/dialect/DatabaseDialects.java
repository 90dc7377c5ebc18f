package org.pkuse.connect.jdbc.dialect;

import java.util.List;
import java.util.Locale;

import org.apache.kafka.common.config.ConfigException;
import org.pkuse.connect.status.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the dialect: by {@code dialect.name} when set, else the provider that fits the URL and server best. */
public final class DatabaseDialects {

    private static final Logger log = LoggerFactory.getLogger(DatabaseDialects.class);

    private DatabaseDialects() {
    }

    public static List<DialectProvider> providers() {
        return InstalledDialects.get().providers();
    }

    public static DatabaseDialect resolve(String dialectName, String url, ServerInfo server) {
        List<DialectProvider> providers = providers();
        DialectProvider chosen = null;
        if (dialectName != null && !dialectName.isBlank()) {
            for (DialectProvider p : providers) {
                if (p.name().equals(dialectName.trim().toLowerCase(Locale.ROOT))) {
                    chosen = p;
                }
            }
            if (chosen == null) {
                throw new ConfigException("dialect.name", dialectName, "no such dialect");
            }
        } else {
            int best = 0;
            for (DialectProvider p : providers) {
                int score = p.score(url, server);
                if (score > best) {
                    best = score;
                    chosen = p;
                }
            }
            if (chosen == null) {
                throw new ConfigException("connection.url", Redactor.redact(url),
                        "no dialect for this URL");
            }
        }
        DatabaseDialect dialect = chosen.create(server);
        log.info("Dialect {} for {} {}", dialect.name(), server.productName(), server.productVersion());
        return dialect;
    }
}

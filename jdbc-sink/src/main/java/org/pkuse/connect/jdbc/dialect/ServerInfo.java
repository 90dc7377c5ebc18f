package org.pkuse.connect.jdbc.dialect;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the driver says about the server: product and version, enough to pick a dialect and its SQL forms. */
public record ServerInfo(String productName, String productVersion, int major, int minor, int patch) {

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    public static ServerInfo of(String productName, String productVersion) {
        Matcher m = VERSION.matcher(productVersion == null ? "" : productVersion);
        if (m.find()) {
            return new ServerInfo(productName, productVersion, Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
        }
        return new ServerInfo(productName, productVersion, 0, 0, 0);
    }

    public static ServerInfo of(DatabaseMetaData meta) throws SQLException {
        return of(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
    }

    public boolean atLeast(int maj, int min, int pat) {
        if (major != maj) {
            return major > maj;
        }
        if (minor != min) {
            return minor > min;
        }
        return patch >= pat;
    }
}

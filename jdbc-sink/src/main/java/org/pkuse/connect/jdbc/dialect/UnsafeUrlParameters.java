package org.pkuse.connect.jdbc.dialect;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDBC URL parameters that turn a connection string into a local file read, a file write, class loading or
 * deserialization inside the worker: each {@link DialectProvider} lists its driver's names. A connector config is
 * written by whoever may call the Connect REST API, so a URL holding one is rejected at validate. Operators extend
 * the list with the worker JVM's system property {@value #EXTRA_PROPERTY} (comma-separated names).
 */
public final class UnsafeUrlParameters {

    public static final String EXTRA_PROPERTY = "pkuse.jdbc.url.blocked.parameters";

    /**
     * A parameter name: after '?', '&', ';', ',' or '(' (MySQL's host attributes {@code (host=h,k=v)} and
     * {@code address=(k=v)}), followed by '=' or, bare (MariaDB reads a bare key as true), by a separator.
     */
    private static final Pattern PARAMETER = Pattern.compile("(?<=[?&;,(])\\s*([\\w.%\\-]+)\\s*(?=[=&;,)]|$)");

    private UnsafeUrlParameters() {
    }

    /** The unsafe parameter names the URL carries, as written; empty when it is safe. */
    public static List<String> in(String url) {
        return in(url, InstalledDialects.get());
    }

    /**
     * Every provider's names count, not only those of the driver that takes the URL: names are compared
     * lower-case (MariaDB's driver ignores case) and a rejected near-spelling costs nothing.
     */
    public static List<String> in(String url, InstalledDialects dialects) {
        Set<String> blocked = blocked(dialects);
        List<String> found = new ArrayList<>();
        Matcher m = PARAMETER.matcher(url);
        while (m.find()) {
            String name = m.group(1);
            String decoded = URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (blocked.contains(decoded.toLowerCase(Locale.ROOT)) && !found.contains(name)) {
                found.add(name);
            }
        }
        return found;
    }

    static Set<String> blocked(InstalledDialects dialects) {
        Set<String> all = new TreeSet<>();
        dialects.providers().forEach(p -> p.unsafeUrlParameters().forEach(n -> all.add(n.toLowerCase(Locale.ROOT))));
        String extra = System.getProperty(EXTRA_PROPERTY, "");
        Arrays.stream(extra.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .forEach(all::add);
        return all;
    }
}

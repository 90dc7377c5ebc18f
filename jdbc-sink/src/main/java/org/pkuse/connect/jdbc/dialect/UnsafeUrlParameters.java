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
 * deserialization inside the worker (MySQL Connector/J, MariaDB Connector/J 3, pgjdbc 42). A connector config is
 * written by whoever may call the Connect REST API, so a URL holding one is rejected at validate. Operators extend
 * the list with the worker JVM's system property {@value #EXTRA_PROPERTY} (comma-separated names).
 */
public final class UnsafeUrlParameters {

    public static final String EXTRA_PROPERTY = "pkuse.jdbc.url.blocked.parameters";

    /** Lower-case: MariaDB matches names case-insensitively, and a rejected near-spelling costs nothing. */
    private static final Set<String> BUILT_IN = Set.of(
            // MySQL Connector/J: LOCAL INFILE, deserialization, class names, files read or sent
            "allowloadlocalinfile", "allowloadlocalinfileinpath", "allowurlinlocalinfile", "autodeserialize",
            "socketfactory", "queryinterceptors", "statementinterceptors", "connectionlifecycleinterceptors",
            "exceptioninterceptors", "propertiestransform", "logger", "profilereventhandler", "clientinfoprovider",
            "authenticationplugins", "defaultauthenticationplugin", "authenticationwebauthncallbackhandler",
            "authenticationopenidconnectcallbackhandler", "loadbalanceexceptionchecker", "ha.loadbalancestrategy",
            "haloadbalancestrategy", "serverconfigcachefactory", "queryinfocachefactory", "parseinfocachefactory",
            "loadbalancesqlexceptionsubclassfailover", "idtokenfile", "ociconfigfile", "namedpipepath",
            // MariaDB Connector/J 3: LOCAL INFILE (on by default), socket factory, credentials from the worker
            "allowlocalinfile", "credentialtype", "pipe",
            // pgjdbc: class names and their arguments, XXE, files written, service files
            "socketfactoryarg", "sslfactory", "sslfactoryarg", "sslhostnameverifier", "sslpasswordcallback",
            "authenticationpluginclassname", "xmlfactoryfactory", "connectexecutor", "connectexecutorarg",
            "classloaderstrategy", "loggerfile", "loggerlevel", "service");

    /**
     * A parameter name: after '?', '&', ';', ',' or '(' (MySQL's host attributes {@code (host=h,k=v)} and
     * {@code address=(k=v)}), followed by '=' or, bare (MariaDB reads a bare key as true), by a separator.
     */
    private static final Pattern PARAMETER = Pattern.compile("(?<=[?&;,(])\\s*([\\w.%\\-]+)\\s*(?=[=&;,)]|$)");

    private UnsafeUrlParameters() {
    }

    /** The unsafe parameter names the URL carries, as written; empty when it is safe. */
    public static List<String> in(String url) {
        Set<String> blocked = blocked();
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

    static Set<String> blocked() {
        Set<String> all = new TreeSet<>(BUILT_IN);
        String extra = System.getProperty(EXTRA_PROPERTY, "");
        Arrays.stream(extra.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .forEach(all::add);
        return all;
    }
}

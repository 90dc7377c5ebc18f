package org.pkuse.connect.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dialect providers a class loader holds, found by {@link ServiceLoader}: the one place that knows which
 * databases exist. Validators, the connection pool and the dialect choice all ask it.
 */
public final class InstalledDialects {

    private final List<DialectProvider> providers;
    private final Set<String> transientSqlStates;
    private final Set<Integer> transientErrorCodes;

    private InstalledDialects(List<DialectProvider> providers) {
        this.providers = List.copyOf(providers);
        this.transientSqlStates = union(DialectProvider::transientSqlStates);
        this.transientErrorCodes = union(DialectProvider::transientErrorCodes);
    }

    /** The providers packaged with the sink (the plugin's class loader in a worker). */
    public static InstalledDialects get() {
        return Plugin.INSTALLED;
    }

    public static InstalledDialects load(ClassLoader loader) {
        List<DialectProvider> all = new ArrayList<>();
        ServiceLoader.load(DialectProvider.class, loader).forEach(all::add);
        return new InstalledDialects(all);
    }

    public List<DialectProvider> providers() {
        return providers;
    }

    /** {@code dialect.name} values, in registration order. */
    public List<String> names() {
        return providers.stream().map(DialectProvider::name).toList();
    }

    /** Every provider's URL prefixes, in registration order. */
    public List<String> urlPrefixes() {
        return providers.stream().flatMap(p -> p.urlPrefixes().stream()).distinct().toList();
    }

    /** The provider whose driver takes this URL. */
    public Optional<DialectProvider> forUrl(String url) {
        return providers.stream().filter(p -> p.urlPrefixes().stream().anyMatch(url::startsWith)).findFirst();
    }

    /** Like {@link #forUrl(String)}, failing as a driver lookup does when no provider takes the URL. */
    public DialectProvider driverFor(String url) {
        return forUrl(url).orElseThrow(() -> new IllegalArgumentException("no driver for this URL"));
    }

    /**
     * Every provider's transient SQLSTATEs: {@link SqlErrors} is asked without a dialect at hand (the pool, the
     * control tables), and a code means the same whichever dialect was chosen.
     */
    public Set<String> transientSqlStates() {
        return transientSqlStates;
    }

    /** Every provider's transient vendor codes, as {@link #transientSqlStates()}. */
    public Set<Integer> transientErrorCodes() {
        return transientErrorCodes;
    }

    private <T> Set<T> union(Function<DialectProvider, Set<T>> codes) {
        return providers.stream().flatMap(p -> codes.apply(p).stream()).collect(Collectors.toUnmodifiableSet());
    }

    /** Loaded once, on first use: the plugin's providers do not change while it runs. */
    private static final class Plugin {
        static final InstalledDialects INSTALLED = load(InstalledDialects.class.getClassLoader());
    }
}

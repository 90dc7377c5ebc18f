package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Package dependencies of the main code go one way (mapping &lt;- scan &lt;- run &lt;- connector), read from the
 * source tree: an import or a qualified name of another package of this module is a dependency.
 */
class PackageLayersTest {

    private static final String BASE = "org.pkuse.connect.hbase";
    private static final Path SOURCES = Path.of("src", "main", "java", "org", "pkuse", "connect", "hbase");
    private static final Pattern REFERENCE = Pattern.compile("\\b" + Pattern.quote(BASE)
            + "((?:\\.[a-z][a-z0-9]*)*)\\.(?:[A-Z]|\\*)");

    @Test
    void noPackageCycle() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        assertThat(uses).containsKeys(BASE + ".mapping", BASE + ".scan", BASE + ".run");
        for (String start : uses.keySet()) {
            assertThat(cycleFrom(start, start, uses, new ArrayList<>(List.of(start)), new TreeSet<>()))
                    .as("package cycle").isEmpty();
        }
    }

    @Test
    void mappingStandsAlone() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        assertThat(uses.get(BASE + ".mapping")).as("the mapping language depends on no other package").isEmpty();
    }

    @Test
    void sourceAndSinkShareOnlyTheMappingLanguage() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        for (String source : List.of(BASE + ".run", BASE + ".scan", BASE + ".mapping")) {
            assertThat(uses.get(source)).as(source + " does not use the sink").doesNotContain(BASE + ".sink");
        }
        assertThat(uses.get(BASE + ".sink")).as("the sink uses the mapping language only")
                .isSubsetOf(BASE + ".mapping");
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> uses, List<String> path,
                                          Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(next);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, uses, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }

    /** Each package of the module to the other packages of the module it names. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        assertThat(SOURCES).as("run from the module directory").isDirectory();
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = SOURCES.relativize(file).getParent();
                String pkg = dir == null ? BASE : BASE + "." + dir.toString().replace(file.getFileSystem()
                        .getSeparator(), ".");
                Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    String other = BASE + m.group(1);
                    if (!other.equals(pkg)) {
                        used.add(other);
                    }
                }
            }
        }
        return uses;
    }
}

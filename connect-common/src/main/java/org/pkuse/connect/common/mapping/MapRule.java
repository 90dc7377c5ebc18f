package org.pkuse.connect.common.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code maprule}: how a field's converted value is changed before it goes into the record. Blank means none.
 * Several rules may be chained with {@code |}, applied left to right. Rules:
 * <ul>
 *   <li>{@code trim}, {@code upper}, {@code lower} (string fields)</li>
 *   <li>{@code mask} keeps the first and last character and stars the rest; {@code mask(n,m)} keeps the first
 *       n and last m (string fields)</li>
 *   <li>{@code map(a:b,c:d)} replaces a whole value a by b, c by d; other values stay (string fields)</li>
 *   <li>{@code default(v)} gives v (read as the field's type) when the value is missing</li>
 * </ul>
 */
public final class MapRule {

    public static final MapRule NONE = new MapRule("", List.of(), false);

    private static final Pattern CALL = Pattern.compile("(?s)([A-Za-z]+)\\s*(?:\\((.*)\\))?");

    private final String text;
    private final List<UnaryOperator<Object>> steps;
    private final boolean masks;

    private MapRule(String text, List<UnaryOperator<Object>> steps, boolean masks) {
        this.text = text;
        this.steps = steps;
        this.masks = masks;
    }

    /**
     * Parses a rule; blank gives {@link #NONE}.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static MapRule parse(String text, FieldType type, LiteralParser decoder) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<UnaryOperator<Object>> steps = new ArrayList<>();
        boolean masks = false;
        for (String part : splitTopLevel(text.trim())) {
            Matcher m = CALL.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a rule; expected trim, upper, lower, "
                        + "mask, mask(n,m), map(a:b,...), default(v)");
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            String args = m.group(2);
            steps.add(step(name, args, part.trim(), type, decoder));
            masks |= name.equals("mask");
        }
        return new MapRule(text.trim(), List.copyOf(steps), masks);
    }

    private static UnaryOperator<Object> step(String name, String args, String part, FieldType type,
                                              LiteralParser decoder) {
        boolean text = type.kind() == FieldType.Kind.STRING;
        switch (name) {
            case "trim", "upper", "lower" -> {
                requireText(text, part, type);
                noArgs(args, part);
                return switch (name) {
                    case "trim" -> v -> v == null ? null : ((String) v).trim();
                    case "upper" -> v -> v == null ? null : ((String) v).toUpperCase(Locale.ROOT);
                    default -> v -> v == null ? null : ((String) v).toLowerCase(Locale.ROOT);
                };
            }
            case "mask" -> {
                requireText(text, part, type);
                return mask(args, part);
            }
            case "map" -> {
                requireText(text, part, type);
                return map(args, part);
            }
            case "default" -> {
                return defaultValue(args, part, type, decoder);
            }
            default -> throw new IllegalArgumentException("unknown rule '" + name + "'; expected trim, upper, lower, "
                    + "mask, mask(n,m), map(a:b,...), default(v)");
        }
    }

    /** {@code mask} or {@code mask(n,m)}: keeps the first n and last m characters (1 and 1 by default). */
    private static UnaryOperator<Object> mask(String args, String part) {
        int keepStart = 1;
        int keepEnd = 1;
        if (args != null) {
            String[] n = args.split(",");
            try {
                if (n.length != 2) {
                    throw new NumberFormatException();
                }
                keepStart = Integer.parseInt(n[0].trim());
                keepEnd = Integer.parseInt(n[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "': mask takes two counts, mask(n,m)");
            }
            if (keepStart < 0 || keepEnd < 0) {
                throw new IllegalArgumentException("'" + part + "': mask counts must be >= 0");
            }
        }
        int s = keepStart;
        int e = keepEnd;
        return v -> v == null ? null : mask((String) v, s, e);
    }

    /** {@code map(a:b,c:d)}: replaces a listed value, keeps the others. */
    private static UnaryOperator<Object> map(String args, String part) {
        if (args == null || args.isBlank()) {
            throw new IllegalArgumentException("'" + part + "': map needs pairs, map(a:b,c:d)");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : args.split(",")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + part + "': '" + pair.trim() + "' is not a:b");
            }
            pairs.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
        }
        return v -> v == null ? null : pairs.getOrDefault((String) v, (String) v);
    }

    /** {@code default(v)}: a null becomes v, parsed as the field's type (quotes optional). */
    private static UnaryOperator<Object> defaultValue(String args, String part, FieldType type, LiteralParser decoder) {
        if (args == null) {
            throw new IllegalArgumentException("'" + part + "': default needs a value, default(v)");
        }
        Object value;
        try {
            String a = args.trim();
            if (a.length() >= 2 && a.startsWith("'") && a.endsWith("'")) {
                a = a.substring(1, a.length() - 1);
            }
            value = decoder.parse(a, type);
        } catch (ConversionException ex) {
            throw new IllegalArgumentException("'" + part + "': value " + ex.getMessage());
        }
        return v -> v == null ? value : v;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == '|' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static void requireText(boolean text, String part, FieldType type) {
        if (!text) {
            throw new IllegalArgumentException("'" + part + "' applies to string fields, this one is " + type);
        }
    }

    private static void noArgs(String args, String part) {
        if (args != null) {
            throw new IllegalArgumentException("'" + part + "' takes no arguments");
        }
    }

    static String mask(String value, int keepStart, int keepEnd) {
        int n = value.codePointCount(0, value.length());
        if (n <= keepStart + keepEnd) {
            return "*".repeat(n);
        }
        int startEnd = value.offsetByCodePoints(0, keepStart);
        int endStart = value.offsetByCodePoints(0, n - keepEnd);
        return value.substring(0, startEnd) + "*".repeat(n - keepStart - keepEnd) + value.substring(endStart);
    }

    public boolean isNone() {
        return steps.isEmpty();
    }

    /** The rule masks the field: its values are never shown, not even with {@code pkuse.errors.include.values}. */
    public boolean masks() {
        return masks;
    }

    public Object apply(Object value) {
        Object v = value;
        for (UnaryOperator<Object> step : steps) {
            v = step.apply(v);
        }
        return v;
    }

    @Override
    public String toString() {
        return text;
    }
}

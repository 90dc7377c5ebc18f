package org.pkuse.connect.common.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * A {@code limitcondition}: a filter on one field's converted value (before its {@code maprule}). Grammar,
 * case-insensitive, optionally preceded by the field's target or source name:
 * {@code = v}, {@code != v} ({@code <>}), {@code > v}, {@code >= v}, {@code < v}, {@code <= v},
 * {@code [NOT] IN (v1, v2, ...)}, {@code [NOT] LIKE 'pattern'} ({@code %} any run, {@code _} one character;
 * string fields), {@code IS [NOT] NULL}. Values may be quoted with single quotes and are read as the field's type.
 * Comparisons with a missing value are false, as in SQL. Each store's connector applies it its way (the HBase
 * source checks every row and pushes some conditions down as filters; the JDBC source writes it into its SQL).
 */
public final class LimitCondition {

    public enum Op { EQ, NE, GT, GE, LT, LE, IN, NOT_IN, LIKE, NOT_LIKE, IS_NULL, IS_NOT_NULL }

    private static final Pattern IS_NULL = Pattern.compile("(?i)is\\s+(not\\s+)?null");
    private static final Pattern IN = Pattern.compile("(?is)(not\\s+)?in\\s*\\((.*)\\)");
    private static final Pattern LIKE = Pattern.compile("(?is)(not\\s+)?like\\s+'(.*)'");
    private static final Pattern COMPARE = Pattern.compile("(?s)(==|=|!=|<>|>=|<=|>|<)\\s*(.*)");

    private final String text;
    private final Op op;
    private final FieldType type;
    private final List<Object> values;
    private final List<String> literals;
    private final Pattern like;

    private LimitCondition(String text, Op op, FieldType type, List<Object> values, List<String> literals,
                           Pattern like) {
        this.text = text;
        this.op = op;
        this.type = type;
        this.values = values;
        this.literals = literals;
        this.like = like;
    }

    /**
     * Parses a condition; blank gives null.
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    public static LimitCondition parse(String text, String target, String source, FieldType type,
                                       LiteralParser decoder) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        for (String name : List.of("`" + target + "`", target, "`" + source + "`", source)) {
            if (!name.isEmpty() && t.length() > name.length() && t.regionMatches(true, 0, name, 0, name.length())
                    && !Character.isLetterOrDigit(t.charAt(name.length())) && t.charAt(name.length()) != '_') {
                t = t.substring(name.length()).trim();
                break;
            }
        }
        Matcher m;
        if ((m = IS_NULL.matcher(t)).matches()) {
            return new LimitCondition(text, m.group(1) == null ? Op.IS_NULL : Op.IS_NOT_NULL, type, List.of(),
                    List.of(), null);
        }
        if (type.kind() == FieldType.Kind.BYTES) {
            throw new IllegalArgumentException("'" + text + "': a bytes field only supports IS [NOT] NULL");
        }
        if ((m = IN.matcher(t)).matches()) {
            List<String> literals = splitList(m.group(2), text);
            if (literals.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "': IN needs at least one value");
            }
            return new LimitCondition(text, m.group(1) == null ? Op.IN : Op.NOT_IN, type,
                    typed(literals, type, decoder, text), literals, null);
        }
        if ((m = LIKE.matcher(t)).matches()) {
            if (type.kind() != FieldType.Kind.STRING) {
                throw new IllegalArgumentException("'" + text + "': LIKE applies to string fields, this one is "
                        + type);
            }
            String pattern = m.group(2).replace("''", "'");
            return new LimitCondition(text, m.group(1) == null ? Op.LIKE : Op.NOT_LIKE, type, List.of(),
                    List.of(pattern), likeRegex(pattern));
        }
        if ((m = COMPARE.matcher(t)).matches()) {
            Op op = switch (m.group(1)) {
                case "=", "==" -> Op.EQ;
                case "!=", "<>" -> Op.NE;
                case ">" -> Op.GT;
                case ">=" -> Op.GE;
                case "<" -> Op.LT;
                default -> Op.LE;
            };
            String literal = unquote(m.group(2).trim(), text);
            if (m.group(2).isBlank()) {
                throw new IllegalArgumentException("'" + text + "': " + m.group(1) + " needs a value");
            }
            if (type.kind() == FieldType.Kind.BOOLEAN && op != Op.EQ && op != Op.NE) {
                throw new IllegalArgumentException("'" + text + "': a boolean field only supports = and !=");
            }
            return new LimitCondition(text, op, type, typed(List.of(literal), type, decoder, text),
                    List.of(literal), null);
        }
        throw new IllegalArgumentException("'" + text + "' is not a condition; expected one of = v, != v, > v, "
                + ">= v, < v, <= v, IN (v1, v2), LIKE 'x%', IS NULL, IS NOT NULL");
    }

    private static List<String> splitList(String body, String text) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\'') {
                if (quoted && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                    current.append('\'');
                    i++;
                    continue;
                }
                quoted = !quoted;
                current.append(c);
            } else if (c == ',' && !quoted) {
                items.add(unquote(current.toString().trim(), text));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("'" + text + "': unclosed quote");
        }
        if (!current.toString().isBlank() || !items.isEmpty()) {
            items.add(unquote(current.toString().trim(), text));
        }
        return items;
    }

    private static String unquote(String literal, String text) {
        if (literal.startsWith("'")) {
            if (literal.length() < 2 || !literal.endsWith("'")) {
                throw new IllegalArgumentException("'" + text + "': unclosed quote in " + literal);
            }
            return literal.substring(1, literal.length() - 1).replace("''", "'");
        }
        if (literal.startsWith("\"") && literal.endsWith("\"") && literal.length() >= 2) {
            return literal.substring(1, literal.length() - 1);
        }
        return literal;
    }

    private static List<Object> typed(List<String> literals, FieldType type, LiteralParser decoder, String text) {
        List<Object> values = new ArrayList<>();
        for (String literal : literals) {
            try {
                Object v = decoder.parse(literal, type);
                if (v == null) {
                    throw new IllegalArgumentException("'" + text + "': empty value; use IS NULL");
                }
                values.add(v);
            } catch (ConversionException e) {
                throw new IllegalArgumentException("'" + text + "': value '" + literal + "' " + e.getMessage());
            }
        }
        return values;
    }

    private static Pattern likeRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    public Op op() {
        return op;
    }

    public String text() {
        return text;
    }

    /** Whether a converted value (null when the cell is missing) passes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean test(Object value) {
        switch (op) {
            case IS_NULL:
                return value == null;
            case IS_NOT_NULL:
                return value != null;
            default:
                break;
        }
        if (value == null) {
            return false;
        }
        return switch (op) {
            case LIKE -> like.matcher((String) value).matches();
            case NOT_LIKE -> !like.matcher((String) value).matches();
            case IN -> values.stream().anyMatch(v -> compare(value, v) == 0);
            case NOT_IN -> values.stream().noneMatch(v -> compare(value, v) == 0);
            case EQ -> compare(value, values.get(0)) == 0;
            case NE -> compare(value, values.get(0)) != 0;
            case GT -> compare(value, values.get(0)) > 0;
            case GE -> compare(value, values.get(0)) >= 0;
            case LT -> compare(value, values.get(0)) < 0;
            case LE -> compare(value, values.get(0)) <= 0;
            default -> throw new IllegalStateException(op.name());
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    /** The field's type, as the condition's values are typed. */
    public FieldType type() {
        return type;
    }

    /** The condition's values, typed (none for IS [NOT] NULL and LIKE). */
    public List<Object> values() {
        return values;
    }

    /** The condition's literals as written (the pattern for LIKE). */
    public List<String> literals() {
        return literals;
    }

    @Override
    public String toString() {
        return text.toLowerCase(Locale.ROOT);
    }
}

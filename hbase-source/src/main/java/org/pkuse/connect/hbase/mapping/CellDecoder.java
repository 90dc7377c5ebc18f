package org.pkuse.connect.hbase.mapping;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;

import org.apache.hadoop.hbase.util.Bytes;
import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.LiteralParser;
import org.pkuse.connect.common.mapping.TextValues;

/**
 * Turns the bytes of a cell into the Connect value of a field type, and typed values back into text (for
 * {@code pkuse.lastincrementvalue}).
 *
 * <p>String encoding: the bytes are UTF-8 text, read as {@link TextValues} reads text (numbers, booleans
 * {@code true/false/1/0/yes/no/y/n}, dates and datetimes with the configured patterns or epoch milliseconds; an
 * empty text is null for every type but string and bytes). Binary encoding: the
 * HBase {@code Bytes} forms (int 4 bytes, bigint/double/date/datetime 8 bytes, float 4 bytes, boolean 1 byte,
 * decimal {@code Bytes.toBytes(BigDecimal)}); string is UTF-8 either way, bytes is raw either way.
 */
public final class CellDecoder implements LiteralParser {

    private final ValueEncoding encoding;
    private final String datePattern;
    private final String datetimePattern;
    private final ZoneId zone;
    private final TextValues text;

    public CellDecoder(ValueEncoding encoding, String datePattern, String datetimePattern, ZoneId zone) {
        this.encoding = encoding;
        this.datePattern = datePattern;
        this.datetimePattern = datetimePattern;
        this.zone = zone;
        this.text = new TextValues(datePattern, datetimePattern, zone);
    }

    public ValueEncoding encoding() {
        return encoding;
    }

    /** Same formats, another encoding (row keys may be encoded differently from values). */
    public CellDecoder withEncoding(ValueEncoding other) {
        return new CellDecoder(other, datePattern, datetimePattern, zone);
    }

    /** Converts a cell; null bytes (missing cell) give null. */
    public Object decode(byte[] raw, FieldType type) throws ConversionException {
        if (raw == null) {
            return null;
        }
        if (type.kind() == FieldType.Kind.BYTES) {
            return raw;
        }
        if (encoding == ValueEncoding.STRING || type.kind() == FieldType.Kind.STRING) {
            String text = utf8(raw, type);
            return type.kind() == FieldType.Kind.STRING ? text : parse(text, type);
        }
        return decodeBinary(raw, type);
    }

    /** A strict decoder per scan thread: creating one per cell was a third of the scan threads' time. */
    private static final ThreadLocal<CharsetDecoder> UTF8 = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    private static String utf8(byte[] raw, FieldType type) throws ConversionException {
        if (isAscii(raw)) {
            // ASCII is valid UTF-8 and decodes byte for byte, without the strict decoder's buffers.
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        try {
            return UTF8.get().reset().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new ConversionException("not UTF-8 text, cannot be read as " + type
                    + " with value encoding 'string'");
        }
    }

    static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Parses the text form of a value (string encoding, and values typed in the config). */
    @Override
    public Object parse(String text, FieldType type) throws ConversionException {
        return this.text.parse(text, type);
    }


    private Object decodeBinary(byte[] raw, FieldType type) throws ConversionException {
        int expected = switch (type.kind()) {
            case INT, FLOAT -> Bytes.SIZEOF_INT;
            case BIGINT, DOUBLE, DATE, TIMESTAMP -> Bytes.SIZEOF_LONG;
            case BOOLEAN -> 1;
            default -> -1;
        };
        if (expected > 0 && raw.length != expected) {
            throw new ConversionException("has " + raw.length + " bytes; binary " + type + " needs " + expected);
        }
        try {
            return switch (type.kind()) {
                case INT -> Bytes.toInt(raw);
                case BIGINT -> Bytes.toLong(raw);
                case DOUBLE -> Bytes.toDouble(raw);
                case FLOAT -> Bytes.toFloat(raw);
                case BOOLEAN -> raw[0] != 0;
                case DATE -> {
                    LocalDate day = Instant.ofEpochMilli(Bytes.toLong(raw)).atZone(ZoneOffset.UTC)
                            .toLocalDate();
                    yield Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
                }
                case TIMESTAMP -> new Date(Bytes.toLong(raw));
                case DECIMAL -> {
                    if (raw.length < Bytes.SIZEOF_INT + 1) {
                        throw new ConversionException("has " + raw.length + " bytes; too short for binary decimal");
                    }
                    yield TextValues.scaled(Bytes.toBigDecimal(raw), type);
                }
                default -> throw new IllegalStateException(type.toString());
            };
        } catch (ArithmeticException e) {
            throw new ConversionException("cannot be read as binary " + type + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConversionException("cannot be read as binary " + type + ": malformed", e.getMessage());
        }
    }

    /** The text form of a typed value, as {@link #parse} reads it back. */
    public String format(Object value, FieldType type) {
        return text.format(value, type);
    }

    /**
     * Shows a raw cell in a message: its UTF-8 text when it is text, else its {@code Bytes.toStringBinary}. Only for
     * {@code pkuse.errors.include.values=true}: a cell may hold personal data.
     */
    public static String show(byte[] raw) {
        if (raw == null) {
            return "null";
        }
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            String s = text.toString();
            if (s.chars().noneMatch(c -> Character.isISOControl(c))) {
                return "'" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "'";
            }
        } catch (CharacterCodingException e) {
            // fall through
        }
        return "binary " + Bytes.toStringBinary(raw, 0, Math.min(raw.length, 100));
    }
}

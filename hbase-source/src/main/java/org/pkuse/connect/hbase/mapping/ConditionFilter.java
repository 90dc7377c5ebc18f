package org.pkuse.connect.hbase.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.hadoop.hbase.CompareOperator;
import org.apache.hadoop.hbase.filter.BinaryComparator;
import org.apache.hadoop.hbase.filter.BinaryPrefixComparator;
import org.apache.hadoop.hbase.filter.Filter;
import org.apache.hadoop.hbase.filter.FilterList;
import org.apache.hadoop.hbase.filter.SingleColumnValueFilter;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.LimitCondition;

/**
 * A {@code limitcondition} as an HBase filter, when HBase's byte comparison gives exactly the same answer as the
 * connector's check: string fields with {@code =}, {@code IN} or a prefix {@code LIKE 'x%'}. Rows without the
 * column are left out, as {@link LimitCondition#test} does.
 */
public final class ConditionFilter {

    private ConditionFilter() {
    }

    public static Optional<Filter> pushDown(LimitCondition condition, byte[] family, byte[] qualifier,
                                            ValueEncoding encoding) {
        if (condition.type().kind() != FieldType.Kind.STRING) {
            return Optional.empty();
        }
        switch (condition.op()) {
            case EQ:
                return Optional.of(equal(family, qualifier, condition.literals().get(0)));
            case IN: {
                FilterList any = new FilterList(FilterList.Operator.MUST_PASS_ONE);
                condition.literals().forEach(l -> any.addFilter(equal(family, qualifier, l)));
                return Optional.of(any);
            }
            case LIKE: {
                String p = condition.literals().get(0);
                int firstWildcard = indexOfWildcard(p);
                if (firstWildcard == p.length() - 1 && p.endsWith("%") && firstWildcard > 0) {
                    SingleColumnValueFilter f = new SingleColumnValueFilter(family, qualifier, CompareOperator.EQUAL,
                            new BinaryPrefixComparator(p.substring(0, firstWildcard).getBytes(StandardCharsets.UTF_8)));
                    f.setFilterIfMissing(true);
                    f.setLatestVersionOnly(true);
                    return Optional.of(f);
                }
                return Optional.empty();
            }
            default:
                return Optional.empty();
        }
    }

    private static int indexOfWildcard(String p) {
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) == '%' || p.charAt(i) == '_') {
                return i;
            }
        }
        return -1;
    }

    private static SingleColumnValueFilter equal(byte[] family, byte[] qualifier, String literal) {
        SingleColumnValueFilter f = new SingleColumnValueFilter(family, qualifier, CompareOperator.EQUAL,
                new BinaryComparator(literal.getBytes(StandardCharsets.UTF_8)));
        f.setFilterIfMissing(true);
        f.setLatestVersionOnly(true);
        return f;
    }
}

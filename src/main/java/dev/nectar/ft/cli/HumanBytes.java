package dev.nectar.ft.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Byte counts as people read them: 512 B, 9.2 MiB. */
final class HumanBytes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final long EXACT_BELOW = 1L << 40;

    private HumanBytes() {}

    /**
     * One decimal under 100 of a unit, none from 100 on, rounded half up as {@code %.1f} and {@code %.0f} round: without
     * a formatter, since a listing prints one per file and formatters took most of the time of `ft ls` of 10,000 files.
     * Under a tebibyte in whole numbers, whose rounding is exact and the same as the formatter's on the double (a
     * count of bytes over a power of 1024 is exact in a double; no tie of the formatter's lies nearer to it than a
     * double's step); from there through {@link BigDecimal}, as the formatter does.
     */
    static String format(long bytes) {
        return append(new StringBuilder(12), bytes).toString();
    }

    /**
     * {@link #format} right-aligned in {@code width} characters, as {@code %10s} would, onto {@code line}. Appended piece
     * by piece: a string concatenation's call site runs through method handles, which a command's few hundred
     * milliseconds never compile (a third of the time `ft ls` spent on 10,000 lines, docs/benchmarks.md).
     */
    static StringBuilder appendIn(StringBuilder line, long bytes, int width) {
        int start = line.length();
        append(line, bytes);
        while (line.length() - start < width) {
            line.insert(start, ' ');
        }
        return line;
    }

    private static StringBuilder append(StringBuilder to, long bytes) {
        if (bytes < 1024) {
            return to.append(bytes).append(" B");
        }
        if (bytes >= EXACT_BELOW) {
            return throughDouble(to, bytes);
        }
        int unit = 0;
        long of = 1;
        while (bytes >= of << 10) {
            of <<= 10;
            unit++;
        }
        if (bytes >= 100 * of) {
            return to.append((bytes + of / 2) / of).append(' ').append(UNITS[unit]);
        }
        long tenths = (bytes * 10 + of / 2) / of;
        return to.append(tenths / 10).append('.').append(tenths % 10).append(' ').append(UNITS[unit]);
    }

    private static StringBuilder throughDouble(StringBuilder to, long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return to.append(BigDecimal.valueOf(value).setScale(value >= 100 ? 0 : 1, RoundingMode.HALF_UP).toPlainString())
                .append(' ').append(UNITS[unit]);
    }
}

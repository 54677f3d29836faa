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
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes >= EXACT_BELOW) {
            return throughDouble(bytes);
        }
        int unit = 0;
        long of = 1;
        while (bytes >= of << 10) {
            of <<= 10;
            unit++;
        }
        if (bytes >= 100 * of) {
            return (bytes + of / 2) / of + " " + UNITS[unit];
        }
        long tenths = (bytes * 10 + of / 2) / of;
        return tenths / 10 + "." + tenths % 10 + " " + UNITS[unit];
    }

    private static String throughDouble(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return BigDecimal.valueOf(value).setScale(value >= 100 ? 0 : 1, RoundingMode.HALF_UP).toPlainString() + " " + UNITS[unit];
    }

    /** {@link #format} right-aligned in {@code width} characters, as {@code %10s} would. */
    static String formatIn(long bytes, int width) {
        String text = format(bytes);
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}

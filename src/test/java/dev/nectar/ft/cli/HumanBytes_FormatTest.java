package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Sizes read as the formatter printed them before: the same text for every count, without a formatter. */
class HumanBytes_FormatTest {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    /** What {@code HumanBytes.format} printed through {@code String.format}. */
    private static String formatted(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }

    @Provide
    Arbitrary<Long> counts() {
        // Any count, and counts near each unit's rounding edges: x.x5 and 99.95 of a unit, 1024 of the one below.
        Arbitrary<Long> nearEdges = Arbitraries.integers().between(1, 6).flatMap(unit -> {
            long of = 1L << (10 * unit);
            return Arbitraries.integers().between(0, 1023).flatMap(tenths -> Arbitraries.longs().between(-3, 3)
                    .map(off -> Math.max(0, (long) ((tenths / 10.0 + 0.05) * of) + off)));
        });
        return Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE), nearEdges, Arbitraries.longs().between(0, 1L << 24));
    }

    @Property(tries = 20000)
    void printsWhatTheFormatterPrinted(@ForAll("counts") long bytes) {
        assertThat(HumanBytes.format(bytes)).as("%d", bytes).isEqualTo(formatted(bytes));
    }

    @Property(tries = 2000)
    void rightAlignsAsPercentTenS(@ForAll("counts") long bytes) {
        assertThat(HumanBytes.appendIn(new StringBuilder("x"), bytes, 10).toString()).isEqualTo("x" + String.format("%10s", formatted(bytes)));
    }

    @Example
    void showsTheUsualSizes() {
        assertThat(HumanBytes.format(512)).isEqualTo("512 B");
        assertThat(HumanBytes.format(9_646_899)).isEqualTo("9.2 MiB");
        assertThat(HumanBytes.format(1023 * 1024 + 1000)).isEqualTo("1024 KiB");
        assertThat(HumanBytes.format(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
        // Either side of where whole numbers hand over to the double.
        assertThat(HumanBytes.format((1L << 40) - 1)).isEqualTo("1024 GiB");
        assertThat(HumanBytes.format(1L << 40)).isEqualTo("1.0 TiB");
    }
}

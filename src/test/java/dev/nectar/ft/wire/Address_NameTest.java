package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** An address's node and process names are what these two patterns describe, checked without them. */
class Address_NameTest {
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern PROCESS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    @Provide
    Arbitrary<String> names() {
        // Mostly the allowed characters, some others, lengths around both limits.
        return Arbitraries.strings().withChars("aZ09._-").withChars("@ /:é\u0000+").ofMinLength(0).ofMaxLength(70);
    }

    @Property(tries = 3000)
    void aNodeIsAcceptedExactlyWhenThePatternMatches(@ForAll("names") String node) {
        assertThat(accepted(node, "file_transfer")).as(node).isEqualTo(NODE.matcher(node).matches());
    }

    @Property(tries = 3000)
    void aProcessIsAcceptedExactlyWhenThePatternMatches(@ForAll("names") String process) {
        assertThat(accepted("bob", process)).as(process).isEqualTo(PROCESS.matcher(process).matches());
    }

    @Example
    void theLongestNamesAreAcceptedAndOneMoreIsNot() {
        assertThat(accepted("n".repeat(63), "p".repeat(64))).isTrue();
        assertThatThrownBy(() -> new Address("n".repeat(64), "p")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Address("n", "p".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean accepted(String node, String process) {
        try {
            new Address(node, process);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

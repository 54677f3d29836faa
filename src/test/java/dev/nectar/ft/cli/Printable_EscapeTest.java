package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.TransferStatus;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** What a peer names is printed as text, never as commands to the terminal. */
class Printable_EscapeTest {
    @Test
    void ordinaryTextIsLeftAsItIs() {
        String text = "music/danse macabre (1).flac — ümlaut ✓ 日本語 👍";

        assertThat(Printable.of(text)).isSameAs(text);
        assertThat(Printable.of(null)).isNull();
    }

    @Test
    void terminalControlsAndDirectionOverridesAreShownEscaped() {
        assertThat(Printable.of("a\u001b[2Jb")).isEqualTo("a\\x1b[2Jb");
        assertThat(Printable.of("title\u001b]0;pwned\u0007")).isEqualTo("title\\x1b]0;pwned\\x07");
        assertThat(Printable.of("new\nline\ttab\rreturn")).isEqualTo("new\\nline\\ttab\\rreturn");
        assertThat(Printable.of("c1\u009bcsi")).isEqualTo("c1\\x9bcsi");
        assertThat(Printable.of("invoice\u202Efdp.exe")).isEqualTo("invoice\\u202efdp.exe");
    }

    @Test
    void aProgressLineShowsAHostileNameEscaped() {
        TransferStatus status = new TransferStatus("t", "bob", "evil\u001b[1A.bin", TransferStatus.FAILED, 0, 0, 0, -1, null,
                "bob refused: \u001b[2Kgone", null, 1, 0, 0);

        assertThat(ProgressLine.of(status)).doesNotContain("\u001b").contains("evil\\x1b[1A.bin").contains("\\x1b[2Kgone");
    }

    @Property
    void noControlCharacterSurvives(@ForAll String text) {
        assertThat(Printable.of(text).chars()).noneMatch(c -> Character.isISOControl(c) || c >= 0x202a && c <= 0x202e);
    }
}

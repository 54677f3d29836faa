package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Address_ParseTest {
    @Test
    void readsTheShortForm() {
        assertThat(Address.parse("bob@file_transfer")).isEqualTo(new Address("bob", "file_transfer"));
        assertThat(Address.parse("our@worker-0a1b2c")).isEqualTo(new Address("our", "worker-0a1b2c"));
    }

    @Test
    void readsTheSeedsLongFormAsTheSameProcess() {
        assertThat(Address.parse("bob.nec@file_transfer:file_transfer:template.nec"))
                .isEqualTo(new Address("bob.nec", "file_transfer"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bob", "@file_transfer", "bob@", "a@b@c", "bo b@file_transfer", "bob@file transfer", "../x@y"})
    void refusesWhatIsNotAnAddress(String text) {
        assertThatThrownBy(() -> Address.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsAsItIsWritten() {
        assertThat(new Address("bob", "file_transfer")).hasToString("bob@file_transfer");
    }
}

package dev.nectar.ft.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPort_ParseTest {
    @Test
    void readsHostsPortsAndBracketedIpv6() {
        assertThat(HostPort.parse("127.0.0.1:7700")).isEqualTo(new HostPort("127.0.0.1", 7700));
        assertThat(HostPort.parse("example.org:0")).isEqualTo(new HostPort("example.org", 0));
        assertThat(HostPort.parse("[::1]:7700")).isEqualTo(new HostPort("::1", 7700));
        assertThat(new HostPort("::1", 7700)).hasToString("[::1]:7700");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7700", ":7700", "host:", "host:port", "host:70000", "::1:7700"})
    void refusesWhatIsNotHostColonPort(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.nectar.ft.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A walk lists exactly the names a peer can ask for: a file whose name the resolver refuses (legal on Linux, but with
 * a backslash or a control character in it) would be listed and then refused to whoever asks.
 */
class Drive_UnaskableNamesTest {
    @TempDir
    Path root;

    @Test
    void theWalkLeavesOutWhatTheResolverRefusesAndListsTheRest() throws Exception {
        List<String> names = List.of("plain.txt", "back\\slash.txt", "new\nline.txt", "bell\u0007.txt", "C:drive.txt", "ok/C:inside.txt",
                "esc\u001b[2J/inside.txt", "ümlaut ✓.txt", " leading space.txt", "-dash.txt");
        for (String name : names) {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, name);
        }
        Drive drive = Drive.open(root);

        List<String> listed = new ArrayList<>();
        drive.walk(entry -> listed.add(entry.name()));

        assertThat(listed).containsExactly(" leading space.txt", "-dash.txt", "ok/C:inside.txt", "plain.txt", "ümlaut ✓.txt");
        for (String name : names) {
            if (listed.contains(name)) {
                assertThat(drive.resolve(name)).isEqualTo(root.toRealPath().resolve(name));
            } else {
                assertThatThrownBy(() -> drive.resolve(name)).as(name).isInstanceOf(PathRefusedException.class);
            }
        }
    }
}

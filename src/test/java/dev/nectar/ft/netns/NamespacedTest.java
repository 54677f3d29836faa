package dev.nectar.ft.netns;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test on a network of namespaces starts from: the namespaces (made and deleted by the test), the node
 * processes in them and their homes, kept when a test fails. A subclass lays out its hosts in its own
 * {@code @BeforeEach}, which runs after this one's.
 */
abstract class NamespacedTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;
    Namespaces net;
    NamespacedNodes nodes;

    @BeforeEach
    void makeNamespaces() throws Exception {
        net = Namespaces.create();
        nodes = new NamespacedNodes(net, directory);
    }

    @AfterEach
    void deleteNamespaces() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (net != null) {
            net.close();
        }
    }
}

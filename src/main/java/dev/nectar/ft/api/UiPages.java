package dev.nectar.ft.api;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web UI's three files, read from the jar once and served from memory. Javalin's static file handler mounts
 * the whole jar as a zip file system to serve them: measured with a heap histogram, that kept an index of all of
 * the jar's ~17,000 entries (68,000 objects) in every node's heap, for three files.
 */
final class UiPages {
    private record Page(String contentType, byte[] bytes) {}

    private static final Map<String, Page> PAGES = Map.of(
            "/", page("index.html", "text/html; charset=utf-8"),
            "/index.html", page("index.html", "text/html; charset=utf-8"),
            "/app.js", page("app.js", "text/javascript; charset=utf-8"),
            "/style.css", page("style.css", "text/css; charset=utf-8"));

    private UiPages() {}

    static void addTo(JavalinConfig config) {
        PAGES.forEach((path, page) -> config.routes.get(path, context -> context
                .header("Cache-Control", "no-cache")
                .contentType(page.contentType())
                .result(page.bytes())));
    }

    private static Page page(String name, String contentType) {
        try (InputStream in = UiPages.class.getResourceAsStream("/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no /ui/" + name);
            }
            return new Page(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /ui/" + name + " from the jar", e);
        }
    }
}

package dev.nectar.ft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.node.Node;
import dev.nectar.ft.node.TestApi;
import dev.nectar.ft.node.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The endpoints the web UI uses for the public drive, the peers and the login link. */
class DriveApiIT {
    private static HttpResponse<String> upload(TestApi api, String path, String content) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/api/files/upload?path=" + path))
                .header("Authorization", "Bearer " + api.token())
                .POST(HttpRequest.BodyPublishers.ofString(content)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void uploadFolderRenameListAndDeleteInThePublicDrive() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            TestApi api = new TestApi(alice);
            Path drive = alice.home().publicDrive();

            assertThat(upload(api, "docs/a%20b.txt", "hello").statusCode()).isEqualTo(201);
            assertThat(upload(api, "docs/a%20b.txt", "again").statusCode()).as("no silent overwrite").isEqualTo(409);
            assertThat(upload(api, "..%2Fescape.txt", "x").statusCode()).isEqualTo(400);
            assertThat(api.post("/api/files/folder", "{\"path\":\"music\"}").status()).isEqualTo(201);
            assertThat(api.post("/api/files/rename", "{\"from\":\"docs/a b.txt\",\"to\":\"music/c.txt\"}").status()).isEqualTo(200);
            assertThat(api.post("/api/files/rename", "{\"from\":\"music/c.txt\",\"to\":\"../../c.txt\"}").status()).isEqualTo(400);

            assertThat(Files.readString(drive.resolve("music/c.txt"))).isEqualTo("hello");
            assertThat(api.get("/api/files").body().toString()).contains("\"name\":\"music/c.txt\",\"size\":5");
            assertThat(api.delete("/api/files?path=music").status()).isEqualTo(204);
            assertThat(api.delete("/api/files?path=music").status()).isEqualTo(404);
            assertThat(api.delete("/api/files?path=").status()).isEqualTo(400);
            assertThat(alice.home().root().resolve("escape.txt")).doesNotExist();
            try (Stream<Path> left = Files.walk(drive)) {
                assertThat(left.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }

    @Test
    void peersAreRenamedAndTheTicketIsAQrCode() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            TestApi api = new TestApi(alice);

            assertThat(api.put("/api/peers/bob", "{\"name\":\"robert\"}").body().path("name").asText()).isEqualTo("robert");
            assertThat(alice.addressBook().find("robert")).isPresent();
            assertThat(api.put("/api/peers/nobody", "{\"name\":\"x\"}").status()).isEqualTo(404);
            HttpResponse<String> qr = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/api/node/qr.svg"))
                    .header("Authorization", "Bearer " + api.token()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(qr.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
            assertThat(qr.body()).startsWith("<svg").contains("<path");
        }
    }

    @Test
    void aLoginLinkWorksOnceAndGivesTheSessionCookie() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            String link = new TestApi(alice).post("/api/ui-link", "{}").body().path("url").asText();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(302);
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(second.statusCode()).isEqualTo(403);
            HttpResponse<String> withCookie = http.send(HttpRequest.newBuilder(URI.create("http://" + alice.apiAddress() + "/api/node"))
                    .header("Cookie", cookie.split(";")[0]).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).isEqualTo(200);
        }
    }
}

package dev.nectar.ft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.node.Node;
import dev.nectar.ft.node.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint of the local API refuses a caller without the owner's token. */
class ApiAuthorizationIT {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET,/api/node", "GET,/api/peers", "POST,/api/peers", "DELETE,/api/peers/bob", "GET,/api/peers/bob/files",
            "POST,/api/messages", "POST,/api/downloads", "GET,/api/transfers", "GET,/api/transfers/changes", "GET,/api/transfers/overview", "GET,/api/transfers/x", "DELETE,/api/transfers/x",
            "GET,/api/access", "PUT,/api/access", "POST,/api/access/allow", "GET,/api/files", "POST,/api/files/upload",
            "POST,/api/files/folder", "POST,/api/files/rename", "DELETE,/api/files", "PUT,/api/peers/bob", "GET,/api/node/qr.svg",
            "POST,/api/ui-link"})
    void refusesCallsWithoutTheToken(String method, String path) throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            HttpClient http = HttpClient.newHttpClient();
            for (String authorization : new String[] {null, "Bearer wrong", "Basic abc"}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + alice.apiAddress() + path))
                        .method(method, HttpRequest.BodyPublishers.ofString("{}"));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }

                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as(method + " " + path + " with " + authorization).isEqualTo(401);
                assertThat(response.body()).contains("\"error\":\"Unauthorized\"");
            }
            assertThat(alice.addressBook().all()).isEmpty();
        }
    }
}

package dev.nectar.ft.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.stream.Stream;
import dev.nectar.ft.home.Home;

/** A plain HTTP client of a node's local API, for tests. */
public final class TestApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String api;
    private final String token;

    public record Response(int status, JsonNode body) {}

    public TestApi(Node node) throws IOException {
        this(node.home(), node.apiAddress().toString());
    }

    /** The API of the node that runs from {@code home}, in this process or another, listening at {@code api}. */
    public TestApi(Home home, String api) throws IOException {
        this.api = api;
        this.token = Files.readString(home.apiToken()).strip();
    }

    public String token() {
        return token;
    }

    public String base() {
        return "http://" + api;
    }

    public Response get(String path) throws Exception {
        return send(request(path).GET());
    }

    /** A GET whose answer is read line by line as it arrives, as a client of an NDJSON stream does. */
    public HttpResponse<Stream<String>> getLines(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofLines());
    }

    public Response post(String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) throws Exception {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token);
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Response(response.statusCode(), body);
    }
}

package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.api.ApiToken;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.RunningNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Talks to the local API of the node that runs from a home. */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;
    private final ApiToken token;

    private ApiClient(String base, ApiToken token) {
        this.base = base;
        this.token = token;
    }

    /** The client of the running node of {@code home}; fails with a hint if none runs. */
    static ApiClient of(Home home) {
        if (!home.isInitialized()) {
            throw new CliException("no node in " + home + ": run `ft init` first");
        }
        Optional<RunningNode> running = RunningNode.find(home);
        if (running.isEmpty()) {
            throw new CliException("the node of " + home + " is not running: start it with `ft node`");
        }
        try {
            return new ApiClient("http://" + running.get().api(), ApiToken.load(home));
        } catch (IOException e) {
            throw new CliException("cannot read the API token: " + e.getMessage());
        }
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), timeout);
    }

    /** GET, the answer read straight into {@code type}: an answer about 100,000 transfers is read as it comes. */
    <T> T get(String path, Duration timeout, Class<T> type) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), timeout, type);
    }

    JsonNode post(String path, JsonNode body, Duration timeout) {
        return send(postOf(path, body), timeout);
    }

    <T> T post(String path, JsonNode body, Duration timeout, Class<T> type) {
        return send(postOf(path, body), timeout, type);
    }

    private HttpRequest.Builder postOf(String path, JsonNode body) {
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    JsonNode put(String path, JsonNode body, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())), timeout);
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), Duration.ofSeconds(10));
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private JsonNode send(HttpRequest.Builder request, Duration timeout) {
        return send(request, timeout, JsonNode.class);
    }

    private <T> T send(HttpRequest.Builder request, Duration timeout, Class<T> type) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.header("Authorization", "Bearer " + token.value())
                    .timeout(timeout.plusSeconds(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new CliException("cannot reach the node's API at " + base + ": is `ft node` running?");
        } catch (IOException e) {
            throw new CliException("the node's API at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 300) {
                String message = parse(body.readAllBytes()).path("message").asText("");
                throw new CliException(message.isEmpty() ? "the API answered HTTP " + response.statusCode() : message);
            }
            return type == JsonNode.class ? type.cast(parse(body.readAllBytes())) : JSON.readValue(body, type);
        } catch (IOException e) {
            throw new CliException("the node's API answered with something that is not what was asked for: " + e.getMessage());
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException("the node's API answered with something that is not JSON");
        }
    }
}

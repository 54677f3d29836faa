package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.nectar.ft.api.ApiToken;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.RunningNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Talks to the local API of the node that runs from a home.
 *
 * <p>Through {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: the latter starts a selector
 * thread and loads some 400 classes, half a second of every command's start on a small machine, for one request
 * on loopback.
 */
final class ApiClient {
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

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
        return of(home, running.get());
    }

    /** The client of {@code running}, the node of {@code home} a command has already found. */
    static ApiClient of(Home home, RunningNode running) {
        try {
            return new ApiClient("http://" + running.api(), ApiToken.load(home));
        } catch (IOException e) {
            throw new CliException("cannot read the API token: " + e.getMessage());
        }
    }

    /**
     * Loads and initializes what a request and its answer need: the HTTP client's classes, Jackson's parser and trees,
     * and the static tables of the JDK classes they touch (BigDecimal computes 5^65536 when JDK 25 first uses it). Run
     * by {@link Main} on a thread of its own; it connects to nothing and reads no file, and a failure here only means
     * the command does the same work itself.
     */
    static void prepare() {
        try {
            JsonTree.read("{\"peers\":[{\"name\":\"a\",\"size\":1.5,\"online\":true}]}".getBytes(StandardCharsets.UTF_8));
            URI.create("http://127.0.0.1:1/api").toURL().openConnection();
        } catch (IOException | RuntimeException e) {
            // Nothing to report: the command itself meets whatever went wrong here, and says so.
        }
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path, Duration timeout) {
        return send("GET", path, null, timeout);
    }

    /** GET of an answer that carries transfers' statuses, read as it comes. */
    StatusAnswer getStatuses(String path, Duration timeout) {
        return exchange("GET", path, null, timeout, ApiClient::readStatuses);
    }

    JsonNode post(String path, JsonNode body, Duration timeout) {
        return send("POST", path, body, timeout);
    }

    StatusAnswer postStatuses(String path, JsonNode body, Duration timeout) {
        return exchange("POST", path, body, timeout, ApiClient::readStatuses);
    }

    JsonNode put(String path, JsonNode body, Duration timeout) {
        return send("PUT", path, body, timeout);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null, Duration.ofSeconds(10));
    }

    /**
     * GET of values of JSON one after another (lines of NDJSON), read by {@code reader} from one parser as they arrive:
     * a listing of a million files is never whole in this process's memory.
     */
    void getValues(String path, Duration timeout, ValuesReader reader) {
        exchange("GET", path, null, timeout, in -> {
            try (JsonParser json = JsonTree.FACTORY.createParser(in)) {
                reader.read(json);
            }
            return null;
        });
    }

    interface ValuesReader {
        void read(JsonParser json) throws IOException;
    }

    private JsonNode send(String method, String path, JsonNode body, Duration timeout) {
        return exchange(method, path, body, timeout, in -> parse(in.readAllBytes()));
    }

    private static StatusAnswer readStatuses(InputStream in) throws IOException {
        try (JsonParser json = JsonTree.FACTORY.createParser(in)) {
            return StatusAnswer.read(json);
        }
    }

    private interface AnswerReader<T> {
        T read(InputStream in) throws IOException;
    }

    private <T> T exchange(String method, String path, JsonNode body, Duration timeout, AnswerReader<T> reader) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(Math.toIntExact(timeout.plusSeconds(5).toMillis()));
            connection.setRequestProperty("Authorization", "Bearer " + token.value());
            if (body != null) {
                byte[] bytes = JsonTree.text(body).getBytes(StandardCharsets.UTF_8);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setDoOutput(true);
                // Streaming with a known length also keeps the connection from sending a POST twice on its own.
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            if (status >= 300) {
                String message = parse(readAll(connection.getErrorStream())).path("message").asText("");
                throw new CliException(message.isEmpty() ? "the API answered HTTP " + status : message);
            }
            try (InputStream in = connection.getInputStream()) {
                return reader.read(in);
            } catch (JsonProcessingException e) {
                throw new CliException("the node's API answered with something that is not what was asked for: " + e.getOriginalMessage());
            }
        } catch (ConnectException e) {
            throw new NodeGoneException("cannot reach the node's API at " + base + ": is `ft node` running?");
        } catch (SocketTimeoutException e) {
            throw new CliException("the node's API at " + base + " failed: " + e.getMessage());
        } catch (IOException e) {
            // A reset or an answer cut short: the node went away while it answered.
            throw new NodeGoneException("the node's API at " + base + " failed: " + e.getMessage());
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            return in.readAllBytes();
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return JsonTree.read(body);
        } catch (IOException e) {
            throw new CliException("the node's API answered with something that is not JSON");
        }
    }
}

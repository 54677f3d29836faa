package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;

/** What a command prints with {@code --json}: written as it serializes (it can be 100,000 entries), then a newline. */
final class JsonOutput {
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private JsonOutput() {}

    static void print(PrintWriter out, Object value) throws IOException {
        JSON.writeValue(out, value);
        out.println();
    }
}

package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.nectar.ft.wire.TransferStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;

/**
 * What {@code ft get --json} and {@code ft transfers --json} print: the statuses as one JSON list, written as it goes
 * (it can be 100,000 of them), then a newline; with the generator alone, as {@link JsonTree} writes.
 */
final class JsonOutput {
    private JsonOutput() {}

    static void print(PrintWriter out, Collection<TransferStatus> statuses) throws IOException {
        try (JsonGenerator json = JsonTree.FACTORY.createGenerator(out)) {
            json.writeStartArray();
            for (TransferStatus status : statuses) {
                status.writeJson(json);
            }
            json.writeEndArray();
        }
        out.println();
    }
}

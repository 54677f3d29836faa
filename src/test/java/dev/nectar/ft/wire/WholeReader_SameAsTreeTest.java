package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A small file's {@code Whole} message read as it streams: every message this node writes comes back as it was, and
 * any body changed from one (a field missing, of another type, repeated, unknown, cut short, followed by more) is read
 * to the same message as the tree reading gives, or refused by both.
 */
class WholeReader_SameAsTreeTest {
    private static final List<String> FIELDS = List.of("name", "size", "mtime", "chunk_size", "chunks", "file_hash", "index");
    private static final List<String> ODD_VALUES = List.of("\"x\"", "-1", "0", "1.5", "null", "true", "[]", "{}", "[\"a\",1]",
            "{\"chunks\":[]}", "99999999999999999999", "2147483648", "\"" + "a".repeat(64) + "\"", "[" + "\"" + "a".repeat(64) + "\"]");

    @Provide
    Arbitrary<WorkerMessage.Whole> wholes() {
        Arbitrary<String> names = Arbitraries.strings().ofMinLength(1).ofMaxLength(40).excludeChars('\u0000');
        Arbitrary<byte[]> contents = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Combinators.combine(names, contents, Arbitraries.longs().between(0, 4_000_000_000_000L), Arbitraries.integers().between(0, 5000))
                .as((name, bytes, mtime, index) -> new WorkerMessage.Whole(index, manifestOf(name, bytes, mtime)));
    }

    private static FileManifest manifestOf(String name, byte[] bytes, long mtime) {
        List<String> hashes = new ArrayList<>();
        if (bytes.length > 0) {
            MessageDigest digest = FileManifest.sha256();
            hashes.add(FileManifest.hex(digest.digest(bytes)));
        }
        return new FileManifest(name, bytes.length, mtime, FileManifest.chunkSizeFor(bytes.length), hashes, FileManifest.fileHashOf(hashes));
    }

    @Property
    void everyWholeThisNodeWritesIsReadAsItWas(@ForAll("wholes") WorkerMessage.Whole whole) throws Exception {
        byte[] body = whole.encode();

        assertThat(WholeReader.reads(body)).isTrue();
        assertThat(WorkerMessage.decode(body)).isEqualTo(whole);
    }

    @Property
    void aChangedBodyIsReadAsTheTreeReadsIt(@ForAll("wholes") WorkerMessage.Whole whole, @ForAll @IntRange(max = 6) int field,
                                            @ForAll @IntRange(max = 5) int change, @ForAll @IntRange(max = 13) int odd,
                                            @ForAll @IntRange(max = 400) int cut) {
        Map<String, String> fields = fieldsOf(whole);
        String name = FIELDS.get(field);
        String value = ODD_VALUES.get(odd);
        String inner = switch (change) {
            case 0 -> {
                fields.remove(name);
                yield joined(fields);
            }
            case 1 -> {
                fields.put(name, value);
                yield joined(fields);
            }
            case 2 -> joined(fields) + ",\"" + name + "\":" + value;
            case 3 -> "\"" + name + "\":" + value + "," + joined(fields);
            case 4 -> joined(fields) + ",\"extra\":{\"nested\":[1,{\"size\":-1}]}";
            default -> joined(fields);
        };
        String text = "{\"Whole\":{" + inner + "}}";
        if (change == 5) {
            text = cut % 2 == 0 ? text.substring(0, Math.min(text.length() - 1, 11 + cut)) : text + (cut % 3 == 0 ? " 1" : ",\"more\":1}");
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);

        assertThat(WholeReader.reads(body)).isTrue();
        assertThat(outcome(() -> WholeReader.read(body))).as(text).isEqualTo(outcome(() -> WorkerMessage.decodeTree(body)));
    }

    /** The fields of a {@code Whole} as this node writes them, in order, each with its JSON text. */
    private static Map<String, String> fieldsOf(WorkerMessage.Whole whole) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            TaggedJson.parse(whole.encode()).content().properties()
                    .forEach(entry -> fields.put(entry.getKey(), entry.getValue().toString()));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
        return fields;
    }

    private static String joined(Map<String, String> fields) {
        List<String> parts = new ArrayList<>();
        fields.forEach((name, value) -> parts.add("\"" + name + "\":" + value));
        return String.join(",", parts);
    }

    private interface Read {
        WorkerMessage read() throws MalformedMessageException;
    }

    /** The message read, or "refused". */
    private static Object outcome(Read read) {
        try {
            return read.read();
        } catch (MalformedMessageException e) {
            return "refused";
        }
    }
}

package dev.nectar.ft.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.home.Fsync;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.vfs.PathRefusedException;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.TaggedJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The owner's hands on the public drive: list, upload (streamed to a hidden partial file, then renamed, so a
 * cut upload leaves nothing under the final name), new folder, rename, delete. Every name goes through the
 * drive's resolver.
 */
final class DriveApi {
    private final Drive drive;

    DriveApi(Drive drive) {
        this.drive = drive;
    }

    /** The drive's files, written to the client as the walk finds them: a drive of a million files is never whole in memory. */
    void list(Context context) throws IOException {
        context.contentType("application/json");
        try (OutputStream out = context.outputStream(); JsonGenerator json = TaggedJson.MAPPER.createGenerator(out)) {
            json.writeStartArray();
            drive.walk(entry -> {
                try {
                    json.writeStartObject();
                    json.writeStringField("name", entry.name());
                    json.writeNumberField("size", entry.size());
                    json.writeNumberField("modified", entry.modifiedMillis());
                    json.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException("the API client went away: " + e.getMessage(), e);
                }
            });
            json.writeEndArray();
        }
    }

    void upload(Context context) throws IOException {
        Path target = resolve(context.queryParam("path"));
        boolean overwrite = "true".equals(context.queryParam("overwrite"));
        if (Files.exists(target) && !overwrite) {
            throw new ApiException(409, "Conflict", drive.nameOf(target) + " already exists");
        }
        Files.createDirectories(target.getParent());
        Path partial = Drive.partialPathOf(target);
        try (InputStream body = context.bodyInputStream();
             FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            body.transferTo(Channels.newOutputStream(out));
            Fsync.force(out);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "the upload of " + drive.nameOf(target) + " broke off: " + e.getMessage());
        }
        if (overwrite) {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            try {
                Files.createLink(target, partial);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(partial);
                throw new ApiException(409, "Conflict", drive.nameOf(target) + " already exists");
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        AtomicFile.syncDirectory(target.getParent());
        context.status(201);
        NodeApi.reply(context, TaggedJson.object().put("name", drive.nameOf(target)).put("size", Files.size(target)));
    }

    void createFolder(Context context) throws IOException {
        Path folder = resolve(NodeApi.jsonBody(context).path("path").asText(""));
        if (Files.exists(folder)) {
            throw new ApiException(409, "Conflict", drive.nameOf(folder) + " already exists");
        }
        Files.createDirectories(folder);
        context.status(201);
        NodeApi.reply(context, TaggedJson.object().put("name", drive.nameOf(folder)));
    }

    void rename(Context context) throws IOException {
        JsonNode request = NodeApi.jsonBody(context);
        Path from = resolve(request.path("from").asText(""));
        Path to = resolve(request.path("to").asText(""));
        if (!Files.exists(from)) {
            throw new ApiException(404, ErrorReply.NOT_FOUND, "no file or folder " + request.path("from").asText());
        }
        Files.createDirectories(to.getParent());
        try {
            // Without REPLACE_EXISTING the move refuses to overwrite whatever is already called that.
            Files.move(from, to);
        } catch (FileAlreadyExistsException e) {
            throw new ApiException(409, "Conflict", drive.nameOf(to) + " already exists");
        }
        AtomicFile.syncDirectory(to.getParent());
        NodeApi.reply(context, TaggedJson.object().put("name", drive.nameOf(to)));
    }

    void delete(Context context) throws IOException {
        Path target = resolve(context.queryParam("path"));
        if (target.equals(drive.root())) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "the drive itself cannot be deleted");
        }
        try (Stream<Path> tree = Files.walk(target)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (NoSuchFileException e) {
            throw new ApiException(404, ErrorReply.NOT_FOUND, "no file or folder " + context.queryParam("path"));
        }
        context.status(204);
    }

    private Path resolve(String name) {
        try {
            Path path = drive.resolve(name == null ? "" : name);
            if (path.equals(drive.root()) && (name == null || name.isBlank())) {
                throw new ApiException(400, ErrorReply.BAD_REQUEST, "give a path inside the drive");
            }
            return path;
        } catch (PathRefusedException e) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, e.getMessage());
        }
    }
}

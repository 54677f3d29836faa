package dev.nectar.ft.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A folder in a listing of one folder: {@code {"folder":"photos/2020","files":1204,"size":5123456}}, with the number
 * of files under it, at any depth, and their bytes, so a browser can show a folder of a huge drive without its files.
 * A folder of no files, listed only when asked for ({@code TransferRequest.ListFiles#withEmptyFolders}), is a folder
 * in which no file lies at any depth; in a recursive listing, one in which nothing lies at all.
 */
public record FolderInfo(String name, long files, long size) implements ListEntry {
    public FolderInfo {
        if (files < 0 || size < 0 || (files == 0 && size > 0)) {
            throw new IllegalArgumentException("a listed folder holds files >= 0 and a size >= 0, none without files");
        }
    }

    public static FolderInfo empty(String name) {
        return new FolderInfo(name, 0, 0);
    }

    public boolean isEmpty() {
        return files == 0;
    }

    @Override
    public void writeTo(JsonGenerator json) throws IOException {
        write(json, name, files, size);
    }

    static void write(JsonGenerator json, String name, long files, long size) throws IOException {
        json.writeStartObject();
        json.writeStringField("folder", name);
        json.writeNumberField("files", files);
        json.writeNumberField("size", size);
        json.writeEndObject();
    }
}

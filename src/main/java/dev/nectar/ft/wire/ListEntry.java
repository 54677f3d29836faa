package dev.nectar.ft.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** One entry of a listing page: a file, or, in a listing of one folder, a folder below it with what it holds. */
public sealed interface ListEntry permits FileInfo, FolderInfo {
    /** The entry's name relative to the drive. */
    String name();

    void writeTo(JsonGenerator json) throws IOException;
}

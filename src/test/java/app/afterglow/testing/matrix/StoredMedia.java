package app.afterglow.testing.matrix;

import java.nio.charset.StandardCharsets;

/** A file uploaded to the stand-in's media repository, as the uploader sent it. */
public record StoredMedia(String filename, String contentType, byte[] data) {
    /** The content read as UTF-8, for text files such as a JSON export. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}

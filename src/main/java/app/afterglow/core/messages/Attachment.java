package app.afterglow.core.messages;

import java.util.Objects;

/** A file sent with a message (the data export). */
public record Attachment(String filename, String mediaType, String content) {
    public Attachment {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
    }
}

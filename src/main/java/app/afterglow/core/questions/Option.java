package app.afterglow.core.questions;

import java.util.Objects;

/** A choice; {@code key} is stable across wording changes and is what answers store. */
public record Option(String key, String label) {
    public Option {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
    }
}

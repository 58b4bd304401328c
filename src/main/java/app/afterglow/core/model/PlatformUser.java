package app.afterglow.core.model;

import java.util.Objects;

/**
 * A person as a platform names them: the adapter's view of who acted or who is addressed.
 * {@code displayName} is chosen by the person and is therefore untrusted text.
 */
public record PlatformUser(Platform platform, String id, String displayName, boolean bot) {
    public PlatformUser {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("platform user id is blank");
        }
        displayName = displayName == null || displayName.isBlank() ? id : displayName;
    }

    public static PlatformUser human(Platform platform, String id, String displayName) {
        return new PlatformUser(platform, id, displayName, false);
    }
}

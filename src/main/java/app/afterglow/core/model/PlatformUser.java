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

    // Written out, as in PersonId: a record's own equals and hashCode are linked through
    // java.lang.invoke on their first call, some 15 ms of processor on a start's first answer.
    @Override
    public boolean equals(Object other) {
        return other instanceof PlatformUser user && user.platform == platform && user.id.equals(id)
                && user.displayName.equals(displayName) && user.bot == bot;
    }

    @Override
    public int hashCode() {
        return Objects.hash(platform, id, displayName, bot);
    }

    public static PlatformUser human(Platform platform, String id, String displayName) {
        return new PlatformUser(platform, id, displayName, false);
    }
}

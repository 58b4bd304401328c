package app.afterglow.core;

import app.afterglow.core.model.PlatformUser;

import java.util.Objects;
import java.util.Optional;

/**
 * One input from a person on a platform, and how the adapter wants it handled.
 *
 * @param key     the platform event it came from (an interaction id, a Matrix event id): an input
 *                with a key already seen changes nothing and comes back as a duplicate
 * @param replies where the answers for the person go: {@link Replies#DIRECT} back in the
 *                {@link Outcome}, to be shown at once; {@link Replies#QUEUED} into the outbox in
 *                the same transaction, so a crash neither loses nor repeats one
 */
public record Request(PlatformUser actor, Context context, Input input, Optional<String> key, Replies replies) {
    public enum Replies { DIRECT, QUEUED }

    public Request {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(replies, "replies");
    }

    /** Handled every time it comes, its answers returned: the console, and tests. */
    public static Request direct(PlatformUser actor, Context context, Input input) {
        return new Request(actor, context, input, Optional.empty(), Replies.DIRECT);
    }

    /** Handled once per {@code key}, its answers returned: a platform that answers where the person acted. */
    public static Request once(PlatformUser actor, Context context, Input input, String key) {
        return new Request(actor, context, input, Optional.of(key), Replies.DIRECT);
    }

    /** Handled once per {@code key}, its answers queued: a platform that delivers everything from the outbox. */
    public static Request queued(PlatformUser actor, Context context, Input input, String key) {
        return new Request(actor, context, input, Optional.of(key), Replies.QUEUED);
    }
}

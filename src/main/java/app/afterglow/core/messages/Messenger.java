package app.afterglow.core.messages;

import app.afterglow.core.store.OutboxEntry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A platform's way of delivering a queued message to its recipient's private conversation.
 * Implemented by each adapter; called by {@link Dispatcher} from one thread at a time, unless it
 * says it {@link #deliversToSeveralAtOnce}. An adapter only reports how a try went, with the
 * platform's error code; what anyone is told about it is the core's to say. A wrapper around a
 * messenger passes {@link #deliversToSeveralAtOnce} on, or its sends go one at a time again.
 */
public interface Messenger {
    /**
     * How one try went.
     *
     * @param code      for a failure, the platform's error code and HTTP status (e.g. {@code "50007 (HTTP 403)"},
     *                  {@code "M_FORBIDDEN (HTTP 403)"}): ids only, never anything the response echoed,
     *                  so it may be logged and shown
     * @param waitAsked for a rate limit, how long the platform asked the bot to wait before trying again
     */
    record Delivery(Result result, String code, Optional<Duration> waitAsked) {
        public static final Delivery DELIVERED = new Delivery(Result.DELIVERED, "");

        public enum Result {
            DELIVERED,
            /**
             * A passing failure (rate limit, server error, no answer): tried again with backoff, or after
             * the wait a rate limit asked for, and given up only once it has failed for
             * {@link Dispatcher#GIVE_UP_AFTER}.
             */
            RETRY,
            /**
             * The recipient cannot get direct messages from the bot (closed DMs, not allowed here): the
             * message's {@link Message#ifUnreachable()} is said instead, or it is given up at once.
             */
            UNREACHABLE,
            /** The platform refuses this message for good (invalid, unknown user): given up at once. */
            REFUSED
        }

        public Delivery {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(waitAsked, "waitAsked");
            if (waitAsked.filter(Duration::isNegative).isPresent() || waitAsked.isPresent() && result != Result.RETRY) {
                throw new IllegalArgumentException("only a retry waits, and not for less than nothing: " + waitAsked);
            }
        }

        public Delivery(Result result, String code) {
            this(result, code, Optional.empty());
        }

        public static Delivery retry(String code) {
            return new Delivery(Result.RETRY, code);
        }

        /**
         * The platform is limiting the bot's rate and asked it to wait {@code wait}: the message is
         * not at fault, so it is tried again once that wait is over, with no backoff of its own.
         */
        public static Delivery rateLimited(String code, Duration wait) {
            return new Delivery(Result.RETRY, code, Optional.of(wait));
        }

        public static Delivery unreachable(String code) {
            return new Delivery(Result.UNREACHABLE, code);
        }

        public static Delivery refused(String code) {
            return new Delivery(Result.REFUSED, code);
        }
    }

    /**
     * Delivers the entry. May be called again for an entry it already delivered if the process
     * stopped before that was recorded; platforms that can should deduplicate on the entry id.
     */
    Delivery deliver(OutboxEntry entry);

    /**
     * Whether {@link #deliver} may be called from several threads at once, for different
     * recipients (one recipient's messages still go one after the other, in order). A platform
     * whose every send waits for its answer then takes as many messages a second as there are
     * threads, not one per round trip.
     */
    default boolean deliversToSeveralAtOnce() {
        return false;
    }
}

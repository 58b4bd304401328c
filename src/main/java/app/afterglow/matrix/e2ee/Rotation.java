package app.afterglow.matrix.e2ee;

import java.time.Duration;
import java.util.Objects;

/**
 * When a room's outbound Megolm session is replaced, besides every change of who is in the room
 * or of their devices: after {@code messages} messages or once {@code age} has passed.
 */
public record Rotation(int messages, Duration age) {
    /** The bot's own limits, which a room may only make stricter: 100 messages, one week. */
    public static final Rotation DEFAULT = new Rotation(100, Duration.ofDays(7));

    public Rotation {
        Objects.requireNonNull(age, "age");
        if (messages < 1 || age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("rotation limits must be positive");
        }
    }

    /**
     * The stricter of the bot's limits and a room's {@code rotation_period_msgs} and
     * {@code rotation_period_ms} (either may be absent, given as 0 or less).
     */
    public static Rotation forRoom(long periodMessages, long periodMillis) {
        int messages = periodMessages > 0 ? (int) Math.min(DEFAULT.messages, periodMessages) : DEFAULT.messages;
        Duration age = periodMillis > 0 && periodMillis < DEFAULT.age.toMillis() ? Duration.ofMillis(periodMillis) : DEFAULT.age;
        return new Rotation(messages, age);
    }
}

package app.afterglow.core.checkin;

import java.util.List;

/**
 * One person's answer to one question, with their share choice. Exactly one of the value fields
 * is set unless {@code skipped}. Private ({@code shared == false}) is the default.
 *
 * @param choices option keys, for ONE (one key) and MANY
 */
public record Answer(boolean skipped, Integer scale, List<String> choices, String text, boolean shared) {
    public Answer {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static Answer skip() {
        return new Answer(true, null, List.of(), null, false);
    }

    public static Answer ofScale(int value) {
        return new Answer(false, value, List.of(), null, false);
    }

    public static Answer ofChoices(List<String> keys) {
        return new Answer(false, null, keys, null, false);
    }

    public static Answer ofText(String text) {
        return new Answer(false, null, List.of(), text, false);
    }

    public boolean answered() {
        return !skipped;
    }

    public Answer withShared(boolean share) {
        return new Answer(skipped, scale, choices, text, share);
    }
}

package app.afterglow.testing;

import java.util.List;
import java.util.Optional;

/**
 * Where two transcripts of one person part, for a non-interference failure: the first line at
 * which they differ, as it was and as it is now. A whole transcript would bury it.
 */
public final class FirstDifference {
    private FirstDifference() {
    }

    /** "at line N" with both versions of it, or empty when the transcripts are the same. */
    public static Optional<String> between(List<String> was, List<String> now) {
        if (was.equals(now)) {
            return Optional.empty();
        }
        int i = 0;
        while (i < Math.min(was.size(), now.size()) && was.get(i).equals(now.get(i))) {
            i++;
        }
        return Optional.of("at line " + (i + 1) + ":\n        was: " + (i < was.size() ? was.get(i) : "(end)")
                + "\n        now: " + (i < now.size() ? now.get(i) : "(end)"));
    }
}

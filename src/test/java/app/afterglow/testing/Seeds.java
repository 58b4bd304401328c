package app.afterglow.testing;

import java.util.stream.LongStream;

/**
 * The seeds a randomised model test runs: {@code -D<name>.seed=S} replays seed S alone,
 * {@code -D<name>.seeds=N} runs seeds 1…N, and with neither it runs its own default slice.
 */
public final class Seeds {
    private Seeds() {
    }

    public static LongStream of(String name, long slice) {
        String one = System.getProperty(name + ".seed");
        if (one != null) {
            return LongStream.of(Long.parseLong(one));
        }
        return LongStream.rangeClosed(1, Long.getLong(name + ".seeds", slice));
    }
}

package app.afterglow.testing;

import java.util.Random;
import java.util.SplittableRandom;
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

    /**
     * A generator for seed {@code seed} whose first draws differ from its neighbours'. The JDK's
     * {@code new Random(seed)} gives nearly the same first draws for seeds 1, 2, 3…: its first
     * {@code nextBoolean()} is the same for each of them.
     */
    public static Random random(long seed) {
        return new Random(new SplittableRandom(seed).nextLong());
    }
}

package app.afterglow.matrix;

import app.afterglow.config.MatrixConfig;
import app.afterglow.matrix.RepliesRun.Transport;
import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.Seeds;
import app.afterglow.testing.Slow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Rule 4 in encrypted Matrix DMs: {@link NonInterferenceRuns}. {@code -Dmatrix.encrypted.noninterference.seeds=N} runs more
 * seeds, {@code -Dmatrix.encrypted.noninterference.seed=S} replays one.
 */
@Slow
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EncryptedNonInterferenceTest {
    @RegisterExtension
    final MatrixPair first = MatrixPair.unstarted().encryption(MatrixConfig.Encryption.REQUIRED);

    @RegisterExtension
    final MatrixPair second = MatrixPair.unstarted().encryption(MatrixConfig.Encryption.REQUIRED);

    static LongStream seeds() {
        return Seeds.of("matrix.encrypted.noninterference", 2);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("GIVEN a calm run of random couples and triads in encrypted DMs, replayed with one person's unseen words "
            + "written otherwise and one share choice per check-in turned where the partner did not share WHEN both runs "
            + "end THEN each obeys the consent rule and everyone else was shown exactly the same, byte for byte")
    void onePersonsPrivateChoicesChangeNothingAnyoneElseIsShown(long seed) throws Exception {
        NonInterferenceRuns.check(first, second, seed, Transport.ENCRYPTED);
    }
}

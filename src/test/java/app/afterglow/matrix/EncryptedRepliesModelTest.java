package app.afterglow.matrix;

import app.afterglow.config.MatrixConfig;
import app.afterglow.matrix.RepliesRun.Transport;
import app.afterglow.matrix.RepliesRun.Variant;
import app.afterglow.matrix.RepliesRun.Weather;
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
 * Rule 7 attacked where encryption changes how words reach a check-in: the replies model
 * ({@link RepliesRun}, stormy) in encrypted DMs, with libolm devices that send relations beside
 * the ciphertext as clients do. Beside everything the plain model does (replies in time and
 * late, client replies and threads, second lines, the bot down, restarted or its clock moved,
 * deletions, sync gaps it pages back over), some messages' room keys are held back and released
 * at a random later moment, some earlier events are posted again as new ones, and some replies
 * carry their relation inside the ciphertext. Judged by {@link TypedRepliesOracle}; and no one's
 * device can read what the bot wrote in another's DM.
 * {@code -Dmatrix.model.seeds=N} runs more seeds; {@code -Dmatrix.model.seed=S} replays one.
 */
@Slow
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EncryptedRepliesModelTest {
    @RegisterExtension
    final MatrixPair matrix = MatrixPair.unstarted().encryption(MatrixConfig.Encryption.REQUIRED);

    static LongStream seeds() {
        return Seeds.of("matrix.model", 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("GIVEN random couples and triads in encrypted DMs whose replies come in time, with late keys, replayed "
            + "or as client replies, while the bot's sends fail, the clock jumps, the bot restarts or is down WHEN they go "
            + "through aftercare check-ins THEN every filed answer is words written at that question of that check-in, "
            + "none twice, none owed a place lost or refused, each reveal shows exactly what both shared, and no one's "
            + "device can read another's DM")
    void everyWordLandsOnlyWhereItWasWritten(long seed) throws Exception {
        RepliesRun.play(matrix, seed, Transport.ENCRYPTED, Weather.STORMY, Variant.NONE).judge();
    }
}

package app.afterglow.matrix;

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
 * Rule 7 attacked in plain (unencrypted) Matrix DMs, where a reply is read as soon as the bot's
 * sync brings it: random couples and triads answer aftercare check-ins, typing a reply in time
 * (now and then a second line a few milliseconds after, which the bot's next question may overtake
 * in the room or not) or answering one of the bot's earlier questions with the client's reply
 * feature, current or long gone, or, with a crafted reply, a question in someone else's DM; at the
 * review they keep some answers private ({@link RepliesRun}, stormy). Now
 * and then the bot's next message reaches the room while its send is answered with 500s, the clock
 * jumps or the bot restarts ({@link Disturbances}). The homeserver answers the bot's sends and
 * syncs a few milliseconds late (up to 40, fixed per seed), so the bot reads what people typed
 * late and its questions land between their lines.
 * Judged by {@link TypedRepliesOracle} from what people wrote and what their rooms showed: a typed
 * line belongs to the bot's latest question before it in the room, a reply to the question it
 * quotes (one quoting another DM is a typed line), and a reply the rule owes a place (typed in time
 * at the question on screen, or quoting the question its check-in is at) is neither lost nor
 * refused; a reveal shows exactly the answers both shared.
 * {@code -Dmatrix.plain.seeds=N} runs more seeds; {@code -Dmatrix.plain.seed=S} replays one.
 */
@Slow
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PlainRepliesModelTest {
    @RegisterExtension
    final MatrixPair matrix = MatrixPair.unstarted();

    static LongStream seeds() {
        return Seeds.of("matrix.plain", 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("GIVEN random couples and triads in plain DMs who type replies, second lines and client replies to "
            + "current and old questions, while the bot's sends fail, the clock jumps and the bot restarts WHEN they go "
            + "through aftercare check-ins THEN every filed answer is words written at that question of that check-in, "
            + "none twice, none owed a place lost or refused, and each reveal shows exactly what both shared")
    void everyWordLandsOnlyWhereItWasWritten(long seed) throws Exception {
        RepliesRun.play(matrix, seed, Transport.PLAIN, Weather.STORMY, Variant.NONE).judge();
    }
}

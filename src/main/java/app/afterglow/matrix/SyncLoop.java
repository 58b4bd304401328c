package app.afterglow.matrix;

import app.afterglow.core.util.Backoff;
import app.afterglow.core.util.SafeLog;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Long-polls {@code /sync} for as long as the thread runs: hands each batch to the router, then
 * stores its {@code next_batch} — only after the whole batch was handled, so a crash repeats a
 * batch (which the core's event ids make harmless) and never skips one. With no stored position
 * (the first start) the first batch is history and only its invites are dealt with. An
 * unreachable homeserver is waited out with a randomised backoff and a log line each time.
 * Runs on one thread; stops when interrupted.
 */
final class SyncLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);
    /** The first sync only needs invites and a position: no room history worth transferring. */
    private static final String FIRST_FILTER = "{\"room\":{\"timeline\":{\"limit\":1}},\"presence\":{\"types\":[]}}";
    /** Enough timeline per room that a short absence needs no backfill. */
    private static final String FILTER = "{\"room\":{\"timeline\":{\"limit\":50}},\"presence\":{\"types\":[]}}";

    private final URI homeserver;
    private final String botUserId;
    private final MatrixApi api;
    private final MatrixState state;
    private final EventRouter router;
    private final Login login;
    private final Backoff outage;
    private final Duration pollTimeout;
    private final Runnable afterBatch;

    /** @param afterBatch runs after every stored batch: delivers the outbox, tells waiters the bot is up */
    SyncLoop(URI homeserver, String botUserId, MatrixApi api, MatrixState state, EventRouter router, Login login,
             Backoff outage, Duration pollTimeout, Runnable afterBatch) {
        this.homeserver = Objects.requireNonNull(homeserver, "homeserver");
        this.botUserId = Objects.requireNonNull(botUserId, "botUserId");
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        this.router = Objects.requireNonNull(router, "router");
        this.login = Objects.requireNonNull(login, "login");
        this.outage = Objects.requireNonNull(outage, "outage");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.afterBatch = Objects.requireNonNull(afterBatch, "afterBatch");
    }

    /** Runs until interrupted (returns by throwing InterruptedException) or a login is refused. */
    void run() throws InterruptedException {
        Optional<String> since = state.nextBatch();
        if (since.isEmpty()) {
            LOG.info("Matrix: first start, so messages already in rooms are left unanswered");
        }
        int failures = 0;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            try {
                JsonNode body = api.sync(since, since.isEmpty() ? Duration.ZERO : pollTimeout,
                        since.isEmpty() ? FIRST_FILTER : FILTER);
                SyncBatch batch = SyncBatch.parse(body, botUserId);
                router.keys(body);
                if (since.isEmpty()) {
                    router.firstSync(batch);
                } else {
                    router.handle(batch, since.get());
                }
                state.nextBatch(batch.nextBatch());
                since = Optional.of(batch.nextBatch());
                failures = 0;
            } catch (MatrixException e) {
                if (e.isUnknownToken()) {
                    login.renew();
                    continue;
                }
                Duration wait = e.retryAfter().isPresent() ? e.retryAfter().get() : outage.delay(failures);
                failures++;
                LOG.warn("Matrix homeserver {}: {}; trying again in {} ms", homeserver, e.getMessage(), wait.toMillis());
                Thread.sleep(wait.toMillis());
                continue;
            } catch (RuntimeException e) {
                Duration wait = outage.delay(failures);
                failures++;
                LOG.error("Matrix sync failed, trying again in {} ms: {}", wait.toMillis(), SafeLog.describe(e, MatrixException::codeOf));
                Thread.sleep(wait.toMillis());
                continue;
            }
            afterBatch.run();
        }
    }
}

package app.afterglow.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fills the gap a {@code limited} sync timeline leaves — messages sent while the bot was away
 * that did not fit — by paging back through the room's history to the last sync position, so a
 * long absence misses nothing. Bounded, so one very busy room cannot stall the bot.
 */
final class Backfill {
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    private static final int PAGE = 100;
    private static final int MAX_PAGES = 20;

    private final MatrixApi api;
    private final String botUserId;

    Backfill(MatrixApi api, String botUserId) {
        this.api = Objects.requireNonNull(api, "api");
        this.botUserId = Objects.requireNonNull(botUserId, "botUserId");
    }

    /**
     * What was left out before {@code room}'s timeline since {@code since}: the others' events,
     * oldest first, and the bot's own messages among them; nothing if nothing was.
     */
    SyncBatch.Stretch missing(SyncBatch.JoinedRoom room, String since) throws InterruptedException {
        if (!room.limited() || room.prevBatch().isEmpty()) {
            return SyncBatch.Stretch.EMPTY;
        }
        List<JsonNode> missing = new ArrayList<>();
        Optional<String> from = room.prevBatch();
        for (int page = 0; page < MAX_PAGES && from.isPresent(); page++) {
            MatrixApi.Page events = api.history(room.roomId(), from.get(), since, PAGE);
            missing.addAll(0, events.events());
            from = events.end();
        }
        if (from.isPresent()) {
            LOG.warn("room {}: more than {} events arrived while away; the oldest of them are not handled",
                    room.roomId(), PAGE * MAX_PAGES);
        }
        return SyncBatch.stretch(room.roomId(), missing, botUserId);
    }
}

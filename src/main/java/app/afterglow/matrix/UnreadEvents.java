package app.afterglow.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Encrypted events from people whose keys have not arrived yet, kept (still encrypted) until they
 * do. After {@code patience} the person is asked, once per spell of waiting, to send their message
 * again. If they write anything after that, what still waits is dropped: they sent it again, and
 * reading it too would answer them twice. If the keys come first, what waits is read in order, as
 * if it had just arrived — nothing is lost — but as a reply to the step the person was shown when
 * they wrote it, so it can never land on a later question. One its sender deleted is never read;
 * one they edited is taken out for the edit's words to be read in its place. Anything still unread
 * after a week is dropped. Called from the sync thread only.
 */
final class UnreadEvents {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration KEPT = Duration.ofDays(7);

    private final MatrixState state;
    private final Replies replies;
    private final Clock clock;
    private final Duration patience;

    UnreadEvents(MatrixState state, Replies replies, Clock clock, Duration patience) {
        this.state = Objects.requireNonNull(state, "state");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.patience = Objects.requireNonNull(patience, "patience");
    }

    /**
     * One waiting event: as it came, when it came, the check-in step on the person's screen then
     * (the bot's latest question in the room), and whether its sender was asked to send it again.
     */
    private record Waiting(RoomEvent event, long at, Optional<String> shown, boolean asked) {
        String json() {
            ObjectNode json = MAPPER.createObjectNode()
                    .put("event_id", event.eventId())
                    .put("type", event.type())
                    .put("sender", event.sender())
                    .put("at", at)
                    .put("asked", asked);
            shown.ifPresent(step -> json.put("shown", step));
            json.set("content", event.content());
            return json.toString();
        }

        Waiting askedAgain() {
            return new Waiting(event, at, shown, true);
        }

        static Optional<Waiting> parse(String roomId, String line) {
            try {
                JsonNode json = MAPPER.readTree(line);
                String shown = json.path("shown").asText("");
                return RoomEvent.of(roomId, json).map(event -> new Waiting(event, json.path("at").asLong(),
                        shown.isEmpty() ? Optional.empty() : Optional.of(shown), json.path("asked").asBoolean()));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Keeps {@code event} until its key comes, with the step {@code shown} before it in the room:
     * read late, it is a reply to that step, never to whatever is on screen by then.
     */
    void park(RoomEvent event, Optional<String> shown) {
        List<Waiting> waiting = waiting(event.roomId());
        if (waiting.stream().anyMatch(w -> w.event().eventId().equals(event.eventId()))) {
            return;
        }
        waiting.add(new Waiting(event, clock.millis(), shown, false));
        keep(event.roomId(), waiting);
    }

    /** Someone was read in {@code roomId}: what they were asked to send again is no longer awaited. */
    void readInRoom(String roomId) {
        List<Waiting> waiting = waiting(roomId);
        if (waiting.removeIf(Waiting::asked)) {
            keep(roomId, waiting);
        }
    }

    /**
     * {@code eventId} was deleted in {@code roomId} while it waited for its key: whenever the key
     * comes, it is not read. Its writer took it back before the bot could read it.
     */
    void deleted(String roomId, String eventId) {
        List<Waiting> waiting = waiting(roomId);
        if (waiting.removeIf(w -> w.event().eventId().equals(eventId))) {
            keep(roomId, waiting);
        }
    }

    /** A waiting event taken out: as it came (still encrypted), and the step on screen when it came. */
    record Taken(RoomEvent event, Optional<String> shown) {
    }

    /**
     * {@code sender} edited their {@code eventId} in {@code roomId} while it waited for its key: its
     * first words are not to be read once the key comes. Returns it, for its new words to be read in
     * its place, as a reply to the step that was on screen when it came.
     */
    Optional<Taken> replaced(String roomId, String eventId, String sender) {
        List<Waiting> waiting = waiting(roomId);
        Optional<Waiting> first = waiting.stream()
                .filter(w -> w.event().eventId().equals(eventId) && w.event().sender().equals(sender)).findFirst();
        first.ifPresent(w -> {
            waiting.remove(w);
            keep(roomId, waiting);
        });
        return first.map(w -> new Taken(w.event(), w.shown()));
    }

    /** Reads one waiting event, as a reply to {@code shown} if it is one; false while its key is still missing. */
    interface Reader {
        boolean read(RoomEvent event, Optional<String> shown) throws InterruptedException;
    }

    /**
     * Offers what waits in {@code roomId}, oldest first, to {@code reader}: what it read goes, what it
     * could not stays. Each event is taken out before it is read, so one that fails to be handled is
     * not read again and again.
     */
    void retry(String roomId, Reader reader) throws InterruptedException {
        List<Waiting> waiting = waiting(roomId);
        List<Waiting> still = new ArrayList<>();
        for (int i = 0; i < waiting.size(); i++) {
            Waiting next = waiting.get(i);
            List<Waiting> rest = new ArrayList<>(still);
            rest.addAll(waiting.subList(i + 1, waiting.size()));
            keep(roomId, rest);
            if (!reader.read(next.event(), next.shown())) {
                still.add(next);
            }
        }
        keep(roomId, still);
    }

    /** Asks, once per spell, whoever has waited longer than the patience allows; drops what is too old. */
    void askAgain() throws InterruptedException {
        long now = clock.millis();
        for (String roomId : state.roomsWithUnread()) {
            List<Waiting> waiting = waiting(roomId);
            waiting.removeIf(w -> now - w.at() > KEPT.toMillis());
            Optional<Waiting> due = waiting.stream()
                    .filter(w -> !w.asked() && now - w.at() >= patience.toMillis())
                    .reduce((first, second) -> second);
            if (due.isPresent()) {
                replies.send(roomId, due.get().event().eventId(), List.of(Notices.couldNotRead()));
                waiting.replaceAll(Waiting::askedAgain);
            }
            keep(roomId, waiting);
        }
    }

    private List<Waiting> waiting(String roomId) {
        List<Waiting> waiting = new ArrayList<>();
        state.unread(roomId).forEach(line -> Waiting.parse(roomId, line).ifPresent(waiting::add));
        return waiting;
    }

    private void keep(String roomId, List<Waiting> waiting) {
        state.unread(roomId, waiting.stream().map(Waiting::json).toList());
    }
}

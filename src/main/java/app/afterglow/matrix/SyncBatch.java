package app.afterglow.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code /sync} response, read into what the bot acts on: for each joined room its state and
 * timeline (with the gap flag), the rooms it is invited to, and the rooms it left. The bot's own
 * events are dropped here, so nothing it said is ever taken for input; only the transaction ids
 * they came back with are kept, which say that those sends took effect. Pure: built from raw JSON,
 * testable without HTTP.
 */
record SyncBatch(String nextBatch, List<JoinedRoom> joined, List<Invite> invites, List<String> left,
                 List<String> sentTxnIds) {
    SyncBatch {
        Objects.requireNonNull(nextBatch, "nextBatch");
        joined = List.copyOf(joined);
        invites = List.copyOf(invites);
        left = List.copyOf(left);
        sentTxnIds = List.copyOf(sentTxnIds);
    }

    /**
     * A joined room's part of the batch.
     *
     * @param state     state from before the timeline (a newly joined room's, or what changed in a gap)
     * @param limited   whether events between the last sync and this timeline were left out
     * @param prevBatch where to page back from to fill that gap
     * @param joinedAt  when the bot joined during this timeline: how many of its events came before
     *                  the join (a newly joined room brings history from before the bot was there)
     */
    record JoinedRoom(String roomId, List<RoomEvent> state, List<RoomEvent> timeline, boolean limited,
                      Optional<String> prevBatch, Optional<Integer> joinedAt, List<Echo> echoes) {
        JoinedRoom {
            state = List.copyOf(state);
            timeline = List.copyOf(timeline);
            echoes = List.copyOf(echoes);
        }

        /** The timeline from the bot's join on, when it joined in this batch; else all of it. */
        List<RoomEvent> sinceJoin() {
            return timeline.subList(joinedAt.orElse(0), timeline.size());
        }

        /** The timeline's others' events (all, or {@code acted} of them) with the bot's own messages among them. */
        Stretch stretch(List<RoomEvent> acted) {
            return new Stretch(acted, echoes);
        }
    }

    /**
     * One of the bot's own messages as the timeline brings it back, and where it stands there.
     *
     * @param before the others' event it came just before, or empty when none follows it in this timeline
     * @param txnId  the transaction id it was sent under, empty when the homeserver did not say
     */
    record Echo(Optional<String> before, String eventId, String txnId) {
    }

    /** A stretch of a room's timeline: the others' events, and the bot's own messages among them, both oldest first. */
    record Stretch(List<RoomEvent> events, List<Echo> echoes) {
        static final Stretch EMPTY = new Stretch(List.of(), List.of());

        Stretch {
            events = List.copyOf(events);
            echoes = List.copyOf(echoes);
        }

        /** This stretch, then {@code next}: echoes at this one's end now come before {@code next}'s first event. */
        Stretch then(Stretch next) {
            Optional<String> nextFirst = next.events().stream().findFirst().map(RoomEvent::eventId);
            List<RoomEvent> allEvents = new ArrayList<>(events);
            allEvents.addAll(next.events());
            List<Echo> allEchoes = new ArrayList<>();
            echoes.forEach(e -> allEchoes.add(e.before().isPresent() ? e : new Echo(nextFirst, e.eventId(), e.txnId())));
            allEchoes.addAll(next.echoes());
            return new Stretch(allEvents, allEchoes);
        }
    }

    /** The stretch of {@code roomId}'s timeline made of {@code events}, oldest first, as a homeserver returned them. */
    static Stretch stretch(String roomId, List<JsonNode> events, String botUserId) {
        JsonNode array = JsonNodeFactory.instance.arrayNode().addAll(events);
        return new Stretch(events(roomId, array, botUserId), echoes(array, botUserId));
    }

    /**
     * An invitation to the bot.
     *
     * @param inviter   who sent it, if the invite state says
     * @param direct    whether it is marked as a direct chat
     * @param encrypted whether the room has end-to-end encryption on
     */
    record Invite(String roomId, Optional<String> inviter, boolean direct, boolean encrypted) {
    }

    /** @throws IllegalArgumentException when the body has no {@code next_batch}, so it is no sync answer */
    static SyncBatch parse(JsonNode body, String botUserId) {
        String nextBatch = body.path("next_batch").asText("");
        if (nextBatch.isEmpty()) {
            throw new IllegalArgumentException("a sync answer without next_batch");
        }
        JsonNode rooms = body.path("rooms");
        List<JoinedRoom> joined = new ArrayList<>();
        List<String> sentTxnIds = new ArrayList<>();
        for (Map.Entry<String, JsonNode> room : entries(rooms.path("join"))) {
            JsonNode timeline = room.getValue().path("timeline");
            for (JsonNode event : timeline.path("events")) {
                String txnId = event.path("unsigned").path("transaction_id").asText("");
                if (event.path("sender").asText().equals(botUserId) && !txnId.isEmpty()) {
                    sentTxnIds.add(txnId);
                }
            }
            String prevBatch = timeline.path("prev_batch").asText("");
            joined.add(new JoinedRoom(room.getKey(),
                    events(room.getKey(), room.getValue().path("state").path("events"), botUserId),
                    events(room.getKey(), timeline.path("events"), botUserId),
                    timeline.path("limited").asBoolean(false),
                    prevBatch.isEmpty() ? Optional.empty() : Optional.of(prevBatch),
                    joinedAt(timeline.path("events"), botUserId), echoes(timeline.path("events"), botUserId)));
        }
        List<Invite> invites = new ArrayList<>();
        for (Map.Entry<String, JsonNode> room : entries(rooms.path("invite"))) {
            invites.add(invite(room.getKey(), room.getValue().path("invite_state").path("events"), botUserId));
        }
        List<String> left = new ArrayList<>();
        rooms.path("leave").fieldNames().forEachRemaining(left::add);
        return new SyncBatch(nextBatch, joined, invites, left, sentTxnIds);
    }

    /** The events of a room that someone other than the bot sent, in order. */
    static List<RoomEvent> events(String roomId, JsonNode array, String botUserId) {
        List<RoomEvent> events = new ArrayList<>();
        for (JsonNode json : array) {
            RoomEvent.of(roomId, json).filter(e -> !e.sender().equals(botUserId)).ifPresent(events::add);
        }
        return events;
    }

    /** The bot's own messages in {@code timeline}, each with the others' event that follows it. */
    private static List<Echo> echoes(JsonNode timeline, String botUserId) {
        List<Echo> echoes = new ArrayList<>();
        int unfollowed = 0;
        for (JsonNode json : timeline) {
            Optional<RoomEvent> event = RoomEvent.of("", json);
            if (event.isEmpty()) {
                continue;
            }
            if (!event.get().sender().equals(botUserId)) {
                for (int i = echoes.size() - unfollowed; i < echoes.size(); i++) {
                    Echo echo = echoes.get(i);
                    echoes.set(i, new Echo(Optional.of(event.get().eventId()), echo.eventId(), echo.txnId()));
                }
                unfollowed = 0;
            } else if (event.get().stateKey().isEmpty()) {
                echoes.add(new Echo(Optional.empty(), event.get().eventId(),
                        json.path("unsigned").path("transaction_id").asText("")));
                unfollowed++;
            }
        }
        return echoes;
    }

    /** How many others' events precede the bot's own join in {@code timeline}, if it joined there. */
    private static Optional<Integer> joinedAt(JsonNode timeline, String botUserId) {
        Optional<Integer> joinedAt = Optional.empty();
        int others = 0;
        for (JsonNode event : timeline) {
            if (RoomEvent.of("", event).filter(e -> !e.sender().equals(botUserId)).isPresent()) {
                others++;
            } else if (event.path("sender").asText().equals(botUserId)
                    && event.path("type").asText().equals("m.room.member")
                    && event.path("state_key").asText().equals(botUserId)
                    && event.path("content").path("membership").asText().equals("join")
                    && !event.path("unsigned").path("prev_content").path("membership").asText().equals("join")) {
                joinedAt = Optional.of(others);
            }
        }
        return joinedAt;
    }

    private static Invite invite(String roomId, JsonNode strippedState, String botUserId) {
        Optional<String> inviter = Optional.empty();
        boolean direct = false;
        boolean encrypted = false;
        for (JsonNode event : strippedState) {
            String type = event.path("type").asText();
            if (type.equals("m.room.encryption")) {
                encrypted = true;
            } else if (type.equals("m.room.member") && event.path("state_key").asText().equals(botUserId)
                    && event.path("content").path("membership").asText().equals("invite")) {
                String sender = event.path("sender").asText("");
                inviter = sender.isEmpty() ? Optional.empty() : Optional.of(sender);
                direct = event.path("content").path("is_direct").asBoolean(false);
            }
        }
        return new Invite(roomId, inviter, direct, encrypted);
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
        // properties(), not fields(), which Jackson 2.23 deprecates; same entries, same order.
        return new ArrayList<>(object.properties());
    }
}

package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds one {@code /sync} response body from the state: what changed for a session's user after
 * a stream position, or everything for an initial sync. A room joined since that position comes
 * with its recent history, from before the join too, as Synapse sends it. Timelines hold at most
 * {@link #TIMELINE_LIMIT} events (or fewer, as set), flagged {@code limited} when more happened, as real servers do.
 * The session's device gets its to-device messages, one-time key counts and unused fallback key
 * types; incremental syncs also carry {@code device_lists}. New to-device messages and device
 * list changes are news: they end a long poll as room events do.
 */
final class SyncResponder {
    static final int TIMELINE_LIMIT = 50;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> INVITE_STATE_TYPES = List.of(
            "m.room.create", "m.room.join_rules", "m.room.name", "m.room.canonical_alias", "m.room.encryption");

    /** A response body, and whether it holds anything new (an empty one is worth waiting on). */
    record Result(ObjectNode body, boolean hasNews) {
    }

    private final HomeserverState state;

    SyncResponder(HomeserverState state) {
        this.state = state;
    }

    /**
     * @param since the client's last {@code next_batch} position, or null for an initial sync
     * @param fullState whether joined rooms carry their whole state rather than the changes
     */
    Result build(Session session, Long since, boolean fullState) {
        synchronized (state) {
            long now = state.position();
            String userId = session.userId();
            ObjectNode body = JSON.objectNode();
            body.put("next_batch", SyncToken.format(now));
            ObjectNode rooms = body.putObject("rooms");
            ObjectNode join = rooms.putObject("join");
            ObjectNode invite = rooms.putObject("invite");
            ObjectNode leave = rooms.putObject("leave");
            for (Room room : state.rooms()) {
                Optional<StoredEvent> member = room.memberEvent(userId);
                if (member.isEmpty()) {
                    continue;
                }
                long changedAt = member.get().ordinal();
                boolean changedSince = since == null || changedAt > since;
                switch (room.membership(userId)) {
                    case "join" -> joinedRoom(room, userId, changedSince ? null : since, changedSince || fullState, now, session)
                            .ifPresent(json -> join.set(room.id(), json));
                    case "invite" -> {
                        if (changedSince) {
                            invite.set(room.id(), invitedRoom(room, member.get()));
                        }
                    }
                    default -> {
                        if (since != null && changedAt > since) {
                            leave.set(room.id(), leftRoom(room, since, changedAt, session));
                        }
                    }
                }
            }
            ArrayNode accountData = body.putObject("account_data").putArray("events");
            state.account(userId).orElseThrow().accountDataChangedAfter(since == null ? 0 : since)
                    .forEach(d -> accountData.addObject().put("type", d.type()).set("content", d.content().deepCopy()));
            body.putObject("presence").putArray("events");
            ArrayNode toDevice = body.putObject("to_device").putArray("events");
            state.toDeviceFor(userId, session.deviceId(), since).forEach(m -> toDevice.add(m.toClientJson()));
            HomeserverState.DeviceListChanges lists = since == null
                    ? new HomeserverState.DeviceListChanges(Set.of(), Set.of())
                    : state.deviceListChanges(userId, since);
            ObjectNode deviceLists = body.putObject("device_lists");
            lists.changed().forEach(deviceLists.putArray("changed")::add);
            lists.left().forEach(deviceLists.putArray("left")::add);
            ObjectNode counts = body.putObject("device_one_time_keys_count");
            state.oneTimeKeyCounts(userId, session.deviceId()).forEach(counts::put);
            state.unusedFallbackKeyTypes(userId, session.deviceId())
                    .forEach(body.putArray("device_unused_fallback_key_types")::add);
            boolean hasNews = !join.isEmpty() || !invite.isEmpty() || !leave.isEmpty() || !accountData.isEmpty()
                    || !toDevice.isEmpty() || !lists.changed().isEmpty() || !lists.left().isEmpty();
            return new Result(body, hasNews);
        }
    }

    private Optional<ObjectNode> joinedRoom(Room room, String userId, Long since, boolean wholeState, long now,
                                            Session session) {
        long from = since == null ? 0 : since;
        List<StoredEvent> fresh = room.timelineBetween(from, now);
        if (fresh.isEmpty() && !wholeState) {
            return Optional.empty();
        }
        ObjectNode json = JSON.objectNode();
        List<StoredEvent> shown = lastPage(fresh);
        json.set("timeline", timeline(fresh, shown, now, session));
        long timelineStart = shown.isEmpty() ? now + 1 : shown.get(0).ordinal();
        json.set("state", state(room.stateChanges(wholeState ? 0 : from, timelineStart), session));
        ObjectNode summary = json.putObject("summary");
        summary.put("m.joined_member_count", room.membersWith("join").size());
        summary.put("m.invited_member_count", room.membersWith("invite").size());
        ArrayNode heroes = summary.putArray("m.heroes");
        Stream.concat(room.membersWith("join").stream(), room.membersWith("invite").stream())
                .filter(member -> !member.equals(userId)).limit(5).forEach(heroes::add);
        json.putObject("ephemeral").putArray("events");
        json.putObject("account_data").putArray("events");
        return Optional.of(json);
    }

    private ObjectNode invitedRoom(Room room, StoredEvent ownInvite) {
        ArrayNode events = JSON.arrayNode();
        INVITE_STATE_TYPES.forEach(type -> room.stateEvent(type, "").ifPresent(e -> events.add(e.toStrippedJson())));
        room.memberEvent(ownInvite.sender()).ifPresent(e -> events.add(e.toStrippedJson()));
        events.add(ownInvite.toStrippedJson());
        ObjectNode json = JSON.objectNode();
        json.putObject("invite_state").set("events", events);
        return json;
    }

    private ObjectNode leftRoom(Room room, long since, long leftAt, Session session) {
        List<StoredEvent> fresh = room.timelineBetween(since, leftAt);
        List<StoredEvent> shown = lastPage(fresh);
        ObjectNode json = JSON.objectNode();
        json.set("timeline", timeline(fresh, shown, leftAt, session));
        json.set("state", state(room.stateChanges(since, shown.get(0).ordinal()), session));
        json.putObject("account_data").putArray("events");
        return json;
    }

    private List<StoredEvent> lastPage(List<StoredEvent> fresh) {
        return fresh.subList(Math.max(0, fresh.size() - state.timelineLimit()), fresh.size());
    }

    private static ObjectNode timeline(List<StoredEvent> fresh, List<StoredEvent> shown, long end, Session session) {
        ObjectNode json = JSON.objectNode();
        json.set("events", events(shown, session));
        json.put("limited", shown.size() < fresh.size());
        long beforeFirst = shown.isEmpty() ? end : shown.get(0).ordinal() - 1;
        json.put("prev_batch", SyncToken.format(beforeFirst));
        return json;
    }

    private static ObjectNode state(Collection<StoredEvent> events, Session session) {
        ObjectNode json = JSON.objectNode();
        json.set("events", events(events, session));
        return json;
    }

    private static ArrayNode events(Collection<StoredEvent> events, Session session) {
        ArrayNode array = JSON.arrayNode();
        events.forEach(e -> array.add(e.toClientJson(false, session.accessToken())));
        return array;
    }
}

package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Creating, joining, inviting, leaving, sending and reading room state. */
final class RoomEndpoints {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> PRESETS = Set.of("private_chat", "trusted_private_chat", "public_chat");

    private final HomeserverState state;

    RoomEndpoints(HomeserverState state) {
        this.state = state;
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "v3/createRoom", true, this::createRoom),
                Route.of("POST", "v3/join/{}", true, this::join),
                Route.of("POST", "v3/rooms/{}/join", true, this::join),
                Route.of("POST", "v3/rooms/{}/invite", true, this::invite),
                Route.of("POST", "v3/rooms/{}/leave", true, this::leave),
                Route.of("PUT", "v3/rooms/{}/send/{}/{}", true, this::send),
                Route.of("GET", "v3/rooms/{}/event/{}", true, this::event),
                Route.of("GET", "v3/rooms/{}/state", true, this::allState),
                Route.of("GET", "v3/rooms/{}/state/{}", true, this::stateEvent),
                Route.of("GET", "v3/rooms/{}/state/{}/{}", true, this::stateEvent),
                Route.of("GET", "v3/rooms/{}/joined_members", true, this::joinedMembers),
                Route.of("GET", "v3/rooms/{}/members", true, this::members));
    }

    private JsonNode createRoom(ApiRequest request) {
        JsonNode body = request.body();
        boolean isPublic = body.path("visibility").asText().equals("public");
        String preset = body.path("preset").asText(isPublic ? "public_chat" : "private_chat");
        if (!PRESETS.contains(preset)) {
            throw MatrixError.badJson("Unknown preset " + preset);
        }
        List<String> invite = new ArrayList<>();
        body.path("invite").forEach(userId -> invite.add(userId.asText()));
        List<RoomCreation.StateEntry> initialState = new ArrayList<>();
        for (JsonNode entry : body.path("initial_state")) {
            if (!entry.path("type").isTextual() || !entry.path("content").isObject()) {
                throw MatrixError.badJson("initial_state entries need a type and a content object");
            }
            initialState.add(new RoomCreation.StateEntry(entry.get("type").asText(),
                    entry.path("state_key").asText(""), (ObjectNode) entry.get("content")));
        }
        RoomCreation creation = new RoomCreation(preset, body.path("is_direct").asBoolean(false), invite,
                initialState, textOrNull(body, "name"), textOrNull(body, "topic"), textOrNull(body, "room_alias_name"));
        String roomId = state.createRoom(request.session().userId(), creation);
        return JSON.objectNode().put("room_id", roomId);
    }

    private JsonNode join(ApiRequest request) {
        return JSON.objectNode().put("room_id", state.join(request.session().userId(), request.param(0)));
    }

    private JsonNode invite(ApiRequest request) {
        state.invite(request.session().userId(), request.param(0), request.requireText("user_id"));
        return JSON.objectNode();
    }

    private JsonNode leave(ApiRequest request) {
        state.leave(request.session().userId(), request.param(0), textOrNull(request.body(), "reason"));
        return JSON.objectNode();
    }

    private JsonNode send(ApiRequest request) {
        String eventId = state.send(request.session(), request.param(0), request.param(1), request.param(2),
                (ObjectNode) request.body());
        return JSON.objectNode().put("event_id", eventId);
    }

    private JsonNode allState(ApiRequest request) {
        ArrayNode events = JSON.arrayNode();
        state.currentState(request.session().userId(), request.param(0))
                .forEach(e -> events.add(e.toClientJson(true, request.session().accessToken())));
        return events;
    }

    private JsonNode event(ApiRequest request) {
        return state.event(request.session().userId(), request.param(0), request.param(1)).toClientJson(true, null);
    }

    private JsonNode stateEvent(ApiRequest request) {
        String type = request.param(1);
        String stateKey = request.params().size() > 2 ? request.param(2) : "";
        return state.currentState(request.session().userId(), request.param(0)).stream()
                .filter(e -> e.type().equals(type) && e.stateKey().equals(stateKey))
                .findFirst()
                .map(e -> (JsonNode) e.content().deepCopy())
                .orElseThrow(() -> MatrixError.notFound("Event not found"));
    }

    private JsonNode joinedMembers(ApiRequest request) {
        ObjectNode body = JSON.objectNode();
        ObjectNode joined = body.putObject("joined");
        for (StoredEvent member : state.joinedMembers(request.session().userId(), request.param(0))) {
            ObjectNode info = joined.putObject(member.stateKey());
            JsonNode displayName = member.content().get("displayname");
            if (displayName != null) {
                info.set("display_name", displayName.deepCopy());
            }
        }
        return body;
    }

    /** Current member events, filtered by {@code membership} or {@code not_membership} as the spec's query allows. */
    private JsonNode members(ApiRequest request) {
        String only = request.query().get("membership");
        String not = request.query().get("not_membership");
        ObjectNode body = JSON.objectNode();
        ArrayNode chunk = body.putArray("chunk");
        state.currentState(request.session().userId(), request.param(0)).stream()
                .filter(e -> e.type().equals(Room.MEMBER))
                .filter(e -> only == null || e.content().path("membership").asText().equals(only))
                .filter(e -> not == null || !e.content().path("membership").asText().equals(not))
                .forEach(e -> chunk.add(e.toClientJson(true, request.session().accessToken())));
        return body;
    }

    private static String textOrNull(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}

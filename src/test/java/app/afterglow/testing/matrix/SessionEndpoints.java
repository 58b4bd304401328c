package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Versions, login, whoami, joined rooms, profile and account data: the endpoints about a user rather than a room. */
final class SessionEndpoints {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> VERSIONS = List.of(
            "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11");

    private final HomeserverState state;

    SessionEndpoints(HomeserverState state) {
        this.state = state;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "versions", false, request -> versions()),
                Route.of("GET", "v3/login", false, request -> loginFlows()),
                Route.of("POST", "v3/login", false, this::login),
                Route.of("GET", "v3/account/whoami", true, this::whoami),
                Route.of("GET", "v3/joined_rooms", true, this::joinedRooms),
                Route.of("GET", "v3/profile/{}", true, this::profile),
                Route.of("GET", "v3/profile/{}/displayname", true, this::profile),
                Route.of("GET", "v3/user/{}/account_data/{}", true, this::getAccountData),
                Route.of("PUT", "v3/user/{}/account_data/{}", true, this::putAccountData));
    }

    private static JsonNode versions() {
        ObjectNode body = JSON.objectNode();
        VERSIONS.forEach(body.putArray("versions")::add);
        body.putObject("unstable_features");
        return body;
    }

    private static JsonNode loginFlows() {
        ObjectNode body = JSON.objectNode();
        body.putArray("flows").addObject().put("type", "m.login.password");
        return body;
    }

    private JsonNode login(ApiRequest request) {
        if (!request.requireText("type").equals("m.login.password")) {
            throw new MatrixError(400, "M_UNKNOWN", "Only m.login.password is supported");
        }
        JsonNode identifier = request.body().path("identifier");
        String user = identifier.path("type").asText().equals("m.id.user")
                ? identifier.path("user").asText()
                : request.body().path("user").asText();
        String userId = user.startsWith("@") ? user : "@" + user + ":" + HomeserverState.SERVER_NAME;
        String password = request.requireText("password");
        state.account(userId)
                .filter(account -> account.acceptsPassword(password))
                .orElseThrow(() -> MatrixError.forbidden("Invalid username or password"));
        JsonNode deviceId = request.body().get("device_id");
        Session session = state.openSession(userId, deviceId == null ? null : deviceId.asText());
        return JSON.objectNode()
                .put("user_id", session.userId())
                .put("access_token", session.accessToken())
                .put("device_id", session.deviceId())
                .put("home_server", HomeserverState.SERVER_NAME);
    }

    private JsonNode whoami(ApiRequest request) {
        return JSON.objectNode()
                .put("user_id", request.session().userId())
                .put("device_id", request.session().deviceId())
                .put("is_guest", false);
    }

    private JsonNode joinedRooms(ApiRequest request) {
        ObjectNode body = JSON.objectNode();
        state.roomsWithMembership(request.session().userId(), "join").forEach(body.putArray("joined_rooms")::add);
        return body;
    }

    private JsonNode profile(ApiRequest request) {
        Account account = state.account(request.param(0))
                .orElseThrow(() -> MatrixError.notFound("Profile not found"));
        ObjectNode body = JSON.objectNode();
        if (account.displayName() != null) {
            body.put("displayname", account.displayName());
        }
        return body;
    }

    private JsonNode getAccountData(ApiRequest request) {
        return state.accountData(ownUserId(request), request.param(1))
                .orElseThrow(() -> MatrixError.notFound("Account data not found"));
    }

    private JsonNode putAccountData(ApiRequest request) {
        state.putAccountData(ownUserId(request), request.param(1), (ObjectNode) request.body());
        return JSON.objectNode();
    }

    private static String ownUserId(ApiRequest request) {
        String userId = request.param(0);
        if (!userId.equals(request.session().userId())) {
            throw MatrixError.forbidden("Cannot access account data of other users");
        }
        return userId;
    }
}

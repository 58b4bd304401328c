package app.afterglow.matrix.e2ee;

import app.afterglow.matrix.crypto.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The devices of the people the bot shares encrypted rooms with, fetched with {@code /keys/query}
 * when first needed and again after the homeserver says they changed. A device counts only when
 * its keys carry its own valid signature and name the user and device they were asked for; a
 * device whose Ed25519 key changes under the same id is not believed, as the spec requires. Not
 * thread-safe: {@link E2ee} serialises.
 */
final class DeviceLists {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceLists.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final CryptoStore store;
    private final KeyTransport transport;

    DeviceLists(CryptoStore store, KeyTransport transport) {
        this.store = Objects.requireNonNull(store, "store");
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** The checked devices of {@code userId}, asked of the homeserver if not known or outdated. */
    List<CryptoStore.Device> of(String userId) throws InterruptedException {
        Optional<CryptoStore.UserDevices> known = store.devices(userId);
        if (known.isPresent() && !known.get().outdated()) {
            return known.get().devices();
        }
        ObjectNode body = JSON.objectNode();
        body.putObject("device_keys").putArray(userId);
        JsonNode answer = transport.queryKeys(body).path("device_keys").path(userId);
        Map<String, CryptoStore.Device> before = new HashMap<>();
        known.ifPresent(devices -> devices.devices().forEach(d -> before.put(d.deviceId(), d)));
        List<CryptoStore.Device> devices = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : answer.properties()) {
            checked(userId, entry.getKey(), entry.getValue()).ifPresent(device -> {
                CryptoStore.Device earlier = before.get(device.deviceId());
                if (earlier != null && !earlier.ed25519().equals(device.ed25519())) {
                    LOG.warn("Matrix encryption: a device of a person changed its signing key; it is not trusted");
                    return;
                }
                devices.add(device);
            });
        }
        store.devices(userId, new CryptoStore.UserDevices(false, devices));
        return devices;
    }

    /** The device of {@code userId} whose identity key is {@code curve25519}, if they have one. */
    Optional<CryptoStore.Device> byIdentityKey(String userId, String curve25519) throws InterruptedException {
        Optional<CryptoStore.Device> device = find(of(userId), curve25519);
        if (device.isEmpty() && store.devices(userId).isPresent()) {
            // A device new since the list was fetched: ask once more before turning it away.
            changed(List.of(userId));
            device = find(of(userId), curve25519);
        }
        return device;
    }

    /** The homeserver said these people's devices changed: fetched again when next needed. */
    void changed(Collection<String> userIds) {
        for (String userId : userIds) {
            store.devices(userId).ifPresent(devices ->
                    store.devices(userId, new CryptoStore.UserDevices(true, devices.devices())));
        }
    }

    void forget(String userId) {
        store.forgetDevices(userId);
    }

    private static Optional<CryptoStore.Device> find(List<CryptoStore.Device> devices, String curve25519) {
        return devices.stream().filter(d -> d.curve25519().equals(curve25519)).findFirst();
    }

    private static Optional<CryptoStore.Device> checked(String userId, String deviceId, JsonNode keys) {
        if (!keys.path("user_id").asText().equals(userId) || !keys.path("device_id").asText().equals(deviceId)) {
            return Optional.empty();
        }
        String curve = keys.path("keys").path("curve25519:" + deviceId).asText("");
        String ed = keys.path("keys").path("ed25519:" + deviceId).asText("");
        if (curve.isEmpty() || ed.isEmpty()) {
            return Optional.empty();
        }
        if (!CanonicalJson.verify(keys, userId, "ed25519:" + deviceId, ed)) {
            LOG.warn("Matrix encryption: device keys with a bad signature were ignored");
            return Optional.empty();
        }
        return Optional.of(new CryptoStore.Device(userId, deviceId, curve, ed));
    }
}

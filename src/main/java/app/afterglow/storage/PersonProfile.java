package app.afterglow.storage;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.model.QuietHours;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What is kept of a person only sealed, in {@code person.profile}: everything that names or
 * places them — the platform's id for them, their display name and bot flag, their time zone and
 * quiet hours (seconds of the day in that zone). Its JSON is the stored form, so a component is
 * only ever added, never renamed; a key it does not know is passed over and one missing is null
 * or empty, as Jackson's mapper wrote and read it before. The JSON is written and read with
 * Jackson's streaming parser rather than its mapper: every interaction's first step looks a
 * person up, and the mapper builds its reader and writer for a record on first use, about 30 ms
 * on the path of the first answer after a start.
 */
record PersonProfile(String platformUserId, String displayName, boolean bot, String zone,
                     Optional<Integer> quietStart, Optional<Integer> quietEnd) {
    private static final JsonFactory JSON = new JsonFactory();

    static PersonProfile of(PlatformUser user, ZoneId zone, Optional<QuietHours> quiet) {
        return new PersonProfile(user.id(), user.displayName(), user.bot(), zone.getId(),
                quiet.map(q -> q.start().toSecondOfDay()), quiet.map(q -> q.end().toSecondOfDay()));
    }

    PlatformUser user(Platform platform) {
        return new PlatformUser(platform, platformUserId, displayName, bot);
    }

    ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    Optional<QuietHours> quietHours() {
        return quietStart.isPresent() && quietEnd.isPresent()
                ? Optional.of(new QuietHours(LocalTime.ofSecondOfDay(quietStart.get()), LocalTime.ofSecondOfDay(quietEnd.get())))
                : Optional.empty();
    }

    byte[] seal(long personId, Encryptor encryptor) {
        String context = context(personId);
        return encryptor.seal(toJson(context), context);
    }

    static PersonProfile open(long personId, byte[] sealed, Encryptor encryptor) {
        String context = context(personId);
        return fromJson(encryptor.open(sealed, context), context);
    }

    byte[] toJson(String context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("platformUserId", platformUserId);
            json.writeStringField("displayName", displayName);
            json.writeBooleanField("bot", bot);
            json.writeStringField("zone", zone);
            writeSeconds(json, "quietStart", quietStart);
            writeSeconds(json, "quietEnd", quietEnd);
            json.writeEndObject();
        } catch (IOException e) {
            throw new StorageException("Could not write " + context + " as JSON (" + e.getClass().getSimpleName() + ")");
        }
        return out.toByteArray();
    }

    /** Errors name {@code context} and the parser's class, never its message, which may quote the JSON. */
    static PersonProfile fromJson(byte[] bytes, String context) {
        try (JsonParser json = JSON.createParser(bytes)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new StorageException("Could not read " + context + " from its JSON (not an object)");
            }
            String platformUserId = null;
            String displayName = null;
            boolean bot = false;
            String zone = null;
            Optional<Integer> quietStart = Optional.empty();
            Optional<Integer> quietEnd = Optional.empty();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                JsonToken value = json.nextToken();
                switch (key) {
                    case "platformUserId" -> platformUserId = text(json, value);
                    case "displayName" -> displayName = text(json, value);
                    case "bot" -> bot = value == JsonToken.VALUE_TRUE;
                    case "zone" -> zone = text(json, value);
                    case "quietStart" -> quietStart = seconds(json, value);
                    case "quietEnd" -> quietEnd = seconds(json, value);
                    default -> json.skipChildren();
                }
            }
            return new PersonProfile(platformUserId, displayName, bot, zone, quietStart, quietEnd);
        } catch (IOException e) {
            throw new StorageException("Could not read " + context + " from its JSON (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static void writeSeconds(JsonGenerator json, String key, Optional<Integer> seconds) throws IOException {
        json.writeFieldName(key);
        if (seconds.isPresent()) {
            json.writeNumber(seconds.get());
        } else {
            json.writeNull();
        }
    }

    private static String text(JsonParser json, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? null : json.getValueAsString();
    }

    private static Optional<Integer> seconds(JsonParser json, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(json.getIntValue());
    }

    /** Names the sealed value and binds it to its row; ids only. */
    static String context(long personId) {
        return "person.profile of " + new PersonId(personId);
    }
}

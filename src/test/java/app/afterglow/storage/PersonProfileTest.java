package app.afterglow.storage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A profile's JSON is written without Jackson's mapper, yet it is the stored form the mapper wrote
 * before: the mapper (as {@link Json} is set up) is the reference it is held to.
 */
class PersonProfileTest {
    private static final String CONTEXT = "person.profile of person 7";
    private final Json mapper = new Json();

    private static List<PersonProfile> profiles() {
        return List.of(
                new PersonProfile("123456789012345678", "Alex \"Al\" Smith 🌙", false, "Europe/Berlin",
                        Optional.of(79_200), Optional.of(25_200)),
                new PersonProfile("@sam:example.org", null, true, "UTC", Optional.empty(), Optional.empty()),
                new PersonProfile("p1", "tab\there\nnew line \\ back", false, "America/St_Johns",
                        Optional.of(0), Optional.empty()));
    }

    @Test
    @DisplayName("GIVEN profiles with and without a name and quiet hours, with quotes, escapes and emoji WHEN written "
            + "THEN the bytes are the mapper's, byte for byte (a component added to the record but not to its JSON "
            + "fails here), and they read back equal")
    void writesWhatTheMapperWrote() {
        for (PersonProfile profile : profiles()) {
            byte[] written = profile.toJson(CONTEXT);

            assertArrayEquals(mapper.write(profile, CONTEXT), written, new String(written, StandardCharsets.UTF_8));
            assertEquals(profile, PersonProfile.fromJson(written, CONTEXT));
        }
    }

    @Test
    @DisplayName("GIVEN a profile stored by an older or newer version (keys in another order, a key this version does "
            + "not know, quiet hours missing) WHEN read THEN it reads as the mapper read it")
    void readsWhatTheMapperRead() {
        String stored = "{\"zone\":\"Asia/Tokyo\",\"future\":{\"nested\":[1,2,{\"x\":null}]},\"bot\":true,"
                + "\"platformUserId\":\"42\",\"displayName\":\"Kim\",\"later\":\"text\"}";
        byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);

        PersonProfile read = PersonProfile.fromJson(bytes, CONTEXT);

        assertEquals(mapper.read(bytes, PersonProfile.class, CONTEXT), read);
        assertEquals(new PersonProfile("42", "Kim", true, "Asia/Tokyo", Optional.empty(), Optional.empty()), read);
    }

    @Test
    @DisplayName("GIVEN a profile's JSON that is damaged WHEN read THEN the failure names the profile and never quotes "
            + "what it holds")
    void damagedJsonIsNamedNotQuoted() {
        for (String damaged : List.of("{\"displayName\":\"Secret Name\",", "[\"Secret Name\"]",
                "{\"quietStart\":\"Secret Name\"}")) {
            StorageException failure = assertThrows(StorageException.class,
                    () -> PersonProfile.fromJson(damaged.getBytes(StandardCharsets.UTF_8), CONTEXT), damaged);

            assertTrue(failure.getMessage().startsWith("Could not read " + CONTEXT + " from its JSON"),
                    failure.getMessage());
            assertFalse(failure.getMessage().contains("Secret"), failure.getMessage());
        }
    }
}

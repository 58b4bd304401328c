package app.afterglow.core.ref;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one encoding of what controls and replies mean: every kind survives the trip, and nothing else decodes. */
class RefsTest {
    private static final int ROUNDS = 2000;

    /** A random reference of each kind that can be put on a control; a new kind must be added here to pass. */
    private static final List<Function<Random, Ref>> KINDS = List.of(
            RefsTest::checkinControl,
            r -> new InviteAnswer(Math.abs(r.nextLong() % 1_000_000_000_000L), r.nextBoolean()),
            r -> new EraseConfirmation());

    private static CheckinControl checkinControl(Random r) {
        long id = r.nextInt(3) == 0 ? Long.MAX_VALUE / 10 : 1 + r.nextInt(1_000_000);
        CheckinControl.Verb verb = CheckinControl.Verb.values()[r.nextInt(CheckinControl.Verb.values().length)];
        return switch (verb.arg) {
            case NONE -> CheckinControl.of(id, verb);
            case POSITION -> CheckinControl.at(id, verb, r.nextInt(10_000));
            case QUESTION -> CheckinControl.about(id, verb, "q" + Integer.toString(r.nextInt(1 << 20), 36) + "_x-y");
        };
    }

    @Test
    @DisplayName("GIVEN random references of every kind WHEN encoded and decoded THEN each comes back equal, fits a "
            + "control id and never holds a separator an adapter uses")
    void everyKindRoundTrips() {
        Random random = new Random(20261201);
        Set<Class<?>> seen = new HashSet<>();
        for (int i = 0; i < ROUNDS; i++) {
            Ref ref = KINDS.get(random.nextInt(KINDS.size())).apply(random);
            String encoded = Refs.encode(ref);
            assertEquals(ref, Refs.decode(encoded), encoded);
            assertTrue(encoded.length() <= 64, encoded);
            assertFalse(encoded.contains("|") || encoded.contains("\n") || encoded.contains(" "), encoded);
            seen.add(ref.getClass());
        }
        Set<Class<?>> putOnControls = Arrays.stream(Ref.class.getPermittedSubclasses())
                .filter(kind -> kind != NoLongerValid.class).collect(Collectors.toSet());
        assertEquals(putOnControls, seen, "every kind of reference is generated here");
    }

    @Test
    @DisplayName("Every check-in verb keeps the encoding controls already sent carry, so they work after an upgrade")
    void encodingIsTheOneAlreadyOnControls() {
        assertEquals("ci:7:a:2", Refs.encode(CheckinControl.at(7, CheckinControl.Verb.ANSWER, 2)));
        assertEquals("ci:7:skip:0", Refs.encode(CheckinControl.at(7, CheckinControl.Verb.SKIP, 0)));
        assertEquals("ci:7:shareall", Refs.encode(CheckinControl.of(7, CheckinControl.Verb.SHARE_ALL)));
        assertEquals("ci:7:edit:mood", Refs.encode(CheckinControl.about(7, CheckinControl.Verb.EDIT, "mood")));
        assertEquals("pt:3:decline", Refs.encode(new InviteAnswer(3, false)));
        assertEquals("me:delete", Refs.encode(new EraseConfirmation()));
        assertEquals(CheckinControl.of(12, CheckinControl.Verb.SUBMIT), Refs.decode("ci:12:submit"));
    }

    @Test
    @DisplayName("GIVEN forged, truncated or unknown text WHEN decoded THEN it is one explicit 'no longer valid', never an error")
    void anythingElseIsNoLongerValid() {
        for (String junk : List.of("", "ci", "ci:", "ci:x:skip:0", "ci:1:skip", "ci:1:skip:-1", "ci:1:a:one", "ci:1:submit:now",
                "ci:1:share", "ci:1:share:has space", "ci:1:fly:0", "pt:1:maybe", "pt:x:accept", "me:delete:now",
                "ci:99999999999999999999:stop", "from-an-old-version", "a|x|ci:1", "ci:1:stop".repeat(20))) {
            assertInstanceOf(NoLongerValid.class, Refs.decode(junk), junk);
        }
        assertInstanceOf(NoLongerValid.class, Refs.decode(null));
        Random random = new Random(7);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            String text = (random.nextBoolean() ? "ci:" : "") + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            Ref decoded = Refs.decode(text);
            if (!(decoded instanceof NoLongerValid)) {
                assertEquals(text, Refs.encode(decoded), "only a well-formed reference decodes to a kind");
            }
        }
    }
}

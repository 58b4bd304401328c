package app.afterglow.storage;

import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Person;
import app.afterglow.core.store.Stores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.filesContain;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncryptionAtRestTest {
    private static final String PLANTED_ANSWER = "PLANTED-ANSWER-7f3a";
    private static final String PLANTED_NEED = "PLANTED-NEED-2c9e";
    private static final String PLANTED_NAME = "PLANTED-NAME-51bd";

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN an answer and a queued message holding planted text WHEN committed THEN no database file contains it; "
            + "WHEN the person is erased THEN their name, their ciphertext, their rows and the queued messages quoting them "
            + "are gone from every file")
    void answersAreSealedAndErasureLeavesNothing() {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            Stores stores = storage.stores();
            Person erased = Fixtures.person(storage, "1", PLANTED_NAME);
            Person partner = Fixtures.person(storage, "2", "Partner");
            long partnershipId = tx(storage, () -> stores.partnerships().create(erased.id(), partner.id(), T0).id());
            Checkin checkin = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId),
                    List.of(erased.id(), partner.id()), T0));
            Participation answered = tx(storage, () -> stores.checkins().participation(checkin.id(), erased.id()))
                    .orElseThrow();
            stores.transactions().run(() -> {
                stores.checkins().save(answered.with(answered.progress()
                        .with("favourite", Answer.ofText(PLANTED_ANSWER).withShared(true))));
                stores.outbox().add(Message.of(erased.id(), Line.quote(Segment.person(PLANTED_NEED))), T0);
                stores.outbox().add(Message.of(partner.id(), Line.quote(Segment.person(PLANTED_NEED))), T0,
                        Optional.of(erased.id()), Optional.of(erased.id()));
                stores.outbox().add(Message.of(partner.id(), Line.text("Nothing of theirs")), T0);
            });
            byte[] sealedProgress = sealed(storage, "SELECT progress FROM participation WHERE person_id = ?", erased);
            byte[] sealedMessage = sealed(storage, "SELECT message FROM outbox WHERE person_id = ?", erased);
            byte[] sealedQuote = sealed(storage, "SELECT message FROM outbox WHERE quoting_person_id = ?", erased);

            assertFalse(filesContain(dir, PLANTED_NAME), "a name is sealed too");
            assertTrue(filesContain(dir, sealedProgress), "control: the sealed progress is in the files");
            assertFalse(filesContain(dir, PLANTED_ANSWER));
            assertFalse(filesContain(dir, PLANTED_NEED));

            stores.transactions().run(() -> stores.people().delete(erased.id()));
            storage.database().checkpointWal();

            assertFalse(filesContain(dir, PLANTED_NAME));
            assertFalse(filesContain(dir, sealedProgress));
            assertFalse(filesContain(dir, sealedMessage));
            assertFalse(filesContain(dir, sealedQuote), "the message to the partner quoting them goes with them");
            assertFalse(filesContain(dir, PLANTED_ANSWER));
            assertFalse(filesContain(dir, PLANTED_NEED));
            assertEquals(0L, count(storage, "SELECT count(*) FROM participation WHERE person_id = ?", erased));
            assertEquals(0L, count(storage, "SELECT count(*) FROM outbox WHERE person_id = ?", erased));
            assertEquals(1L, count(storage, "SELECT count(*) FROM outbox WHERE person_id <> ?", erased),
                    "the partner's message that quotes nobody stays");
        }
    }

    @Test
    @DisplayName("GIVEN a person erased in a transaction WHEN it commits THEN the WAL is truncated without being asked")
    void erasureCheckpointsByItself() throws IOException {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            Person erased = Fixtures.person(storage, "1", PLANTED_NAME);

            storage.stores().transactions().run(() -> storage.stores().people().delete(erased.id()));

            assertEquals(0, Files.size(dir.resolve(Database.FILE_NAME + "-wal")));
            assertFalse(filesContain(dir, PLANTED_NAME));
        }
    }

    private static byte[] sealed(SqliteStorage storage, String query, Person person) {
        return tx(storage, () -> new Sql(storage.database()).one(query, row -> row.getBytes(1), person.id()))
                .orElseThrow();
    }

    private static long count(SqliteStorage storage, String query, Person person) {
        return tx(storage, () -> new Sql(storage.database()).one(query, row -> row.getLong(1), person.id()))
                .orElseThrow();
    }
}

package app.afterglow.storage;

import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Attachment;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Prompt;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.core.store.Outbox;
import app.afterglow.core.store.OutboxEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.ZONE;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteOutboxTest {
    @TempDir
    Path dir;

    private SqliteStorage storage;
    private Outbox outbox;
    private Person ana;
    private Person matrixUser;

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        outbox = storage.stores().outbox();
        ana = Fixtures.person(storage, "1", "Ana");
        matrixUser = tx(storage, () -> storage.stores().people().findOrCreate(
                PlatformUser.human(Platform.MATRIX, "@m:example.org", "M"), ZONE, Optional.empty(), T0));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static Message text(Person to, String words) {
        return Message.of(to.id(), Line.text("Hello ", Segment.person(to.name()), ". ", words));
    }

    private void add(Message message, Instant notBefore) {
        storage.stores().transactions().run(() -> outbox.add(message, notBefore));
    }

    @Test
    @DisplayName("GIVEN a rich message WHEN queued THEN it comes back equal, addressed to the recipient's platform user, with no attempts")
    void messageRoundTrip() {
        Message rich = new Message(ana.id(),
                List.of(Line.title("Aftercare"), Line.quote(Segment.person("a blanket, please")),
                        Line.note("Reply ", Segment.command("stop"), " to pause.")),
                Optional.of(new Prompt("c1:q2", QuestionType.SCALE, "How do you feel?", List.of(), 0, 10,
                        "rough", "glowing", 0)),
                List.of(Action.reply("Share", "share", "c1:share", Action.Kind.SUCCESS)),
                Optional.of(new Attachment("export.json", "application/json", "{\"a\":1}")));

        add(rich, T0);

        List<OutboxEntry> due = tx(storage, () -> outbox.due(Platform.DISCORD, T0, 10));
        assertEquals(1, due.size());
        assertEquals(rich, due.get(0).message());
        assertEquals(ana.user(), due.get(0).recipient());
        assertEquals(T0, due.get(0).notBefore());
        assertEquals(0, due.get(0).attempts());
    }

    @Test
    @DisplayName("GIVEN messages for two platforms and times WHEN asked what is due THEN only that platform's, due by then, in the order they were added")
    void dueByPlatformTimeAndOrder() {
        add(text(ana, "first"), T0.plusSeconds(5));
        add(text(matrixUser, "matrix"), T0);
        add(text(ana, "second"), T0);
        add(text(ana, "later"), T0.plusSeconds(3600));

        assertEquals(List.of(text(ana, "first"), text(ana, "second")),
                tx(storage, () -> outbox.due(Platform.DISCORD, T0.plusSeconds(5), 10)).stream()
                        .map(OutboxEntry::message).toList());
        assertEquals(1, tx(storage, () -> outbox.due(Platform.DISCORD, T0.plusSeconds(5), 1)).size());
        assertEquals(List.of(text(matrixUser, "matrix")),
                tx(storage, () -> outbox.due(Platform.MATRIX, T0, 10)).stream().map(OutboxEntry::message).toList());
    }

    @Test
    @DisplayName("GIVEN a failed delivery WHEN retried later THEN it waits until then and counts the attempt; once delivered it is gone")
    void retryThenDeliver() {
        add(text(ana, "hi"), T0);
        long id = tx(storage, () -> outbox.due(Platform.DISCORD, T0, 10)).get(0).id();

        storage.stores().transactions().run(() -> outbox.retryLater(id, T0, T0.plusSeconds(30)));

        assertTrue(tx(storage, () -> outbox.due(Platform.DISCORD, T0.plusSeconds(29), 10)).isEmpty());
        OutboxEntry retried = tx(storage, () -> outbox.due(Platform.DISCORD, T0.plusSeconds(30), 10)).get(0);
        assertEquals(id, retried.id());
        assertEquals(1, retried.attempts());
        assertEquals(T0.plusSeconds(30), retried.notBefore());

        storage.stores().transactions().run(() -> {
            outbox.delivered(id);
            outbox.delivered(id);
            outbox.retryLater(id, T0, T0);
        });
        assertTrue(tx(storage, () -> outbox.due(Platform.DISCORD, T0.plusSeconds(60), 10)).isEmpty());
    }

    @Test
    @DisplayName("GIVEN the newest entry was delivered WHEN another is queued THEN it gets a new id, so platform deduplication never swallows it")
    void idsAreNeverReused() {
        add(text(ana, "one"), T0);
        long first = tx(storage, () -> outbox.due(Platform.DISCORD, T0, 10)).get(0).id();
        storage.stores().transactions().run(() -> outbox.delivered(first));

        add(text(ana, "two"), T0);

        assertTrue(tx(storage, () -> outbox.due(Platform.DISCORD, T0, 10)).get(0).id() > first);
    }

    @Test
    @DisplayName("WHEN a person's entries are deleted THEN only theirs go")
    void deleteForPerson() {
        add(text(ana, "a"), T0);
        add(text(matrixUser, "m"), T0);

        storage.stores().transactions().run(() -> outbox.deleteForPerson(ana.id()));

        assertTrue(tx(storage, () -> outbox.due(Platform.DISCORD, T0, 10)).isEmpty());
        assertEquals(1, tx(storage, () -> outbox.due(Platform.MATRIX, T0, 10)).size());
    }
}

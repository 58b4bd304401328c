package app.afterglow.core;

import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("An event delivered twice is handled once")
    void duplicateEventHandledOnce() {
        try (TestBot bot = new TestBot(dir)) {
            Input invite = new Input.Run(new Command.PartnerInvite(TestBot.user("bob")));
            Outcome first = bot.afterglow().handle(Request.once(TestBot.user("alice"), Context.PRIVATE, invite, "evt-1"));
            Outcome again = bot.afterglow().handle(Request.once(TestBot.user("alice"), Context.PRIVATE, invite, "evt-1"));
            bot.settle();
            assertTrue(plain(first.here()).contains("I've invited bob"));
            assertFalse(first.duplicate());
            assertTrue(again.duplicate());
            assertEquals(List.of(), again.here());
            assertEquals(1, bot.inbox("bob").size(), "one invite, not two");
        }
    }

    @Test
    @DisplayName("Queued handling puts the replies in the outbox, delivered like any other message")
    void queuedRepliesGoThroughTheOutbox() {
        try (TestBot bot = new TestBot(dir)) {
            Outcome outcome = bot.afterglow().handle(Request.queued(TestBot.user("alice"), Context.PRIVATE,
                    new Input.Run(new Command.Help()), "evt-2"));
            assertEquals(List.of(), outcome.here());
            bot.settle();
            assertTrue(plain(bot.inbox("alice")).contains("nothing else is ever shown"));
        }
    }

    @Test
    @DisplayName("In a shared room, private and interactive replies go to the DM and the room only hears where")
    void sharedContextsKeepPrivateThingsPrivate() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            List<Message> inRoom = bot.act("alice", new Input.Run(new Command.StartCheckin("after", Optional.empty())),
                    Context.SHARED_PUBLIC);
            assertEquals("I've sent you a direct message.\n", plain(inRoom));
            assertTrue(bot.inbox("alice").get(0).prompt().isPresent());
            List<Message> ephemeral = bot.act("alice", new Input.Run(new Command.Settings(Optional.empty(), Optional.empty())),
                    Context.SHARED_EPHEMERAL);
            assertTrue(plain(ephemeral).contains("Time zone"), "information-only replies may stay ephemeral");
        }
    }

    @Test
    @DisplayName("GIVEN a command in a public room WHEN it is handled queued THEN the room gets only the pointer and the DM everything else")
    void queuedInAPublicRoomReturnsOnlyThePointer() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            List<Message> inRoom = bot.afterglow().handle(Request.queued(TestBot.user("alice"), Context.SHARED_PUBLIC,
                    new Input.Run(new Command.StartCheckin("after", Optional.empty())), "evt-3")).here();
            bot.settle();
            assertEquals("I've sent you a direct message.\n", plain(inRoom));
            List<Message> dm = bot.inbox("alice");
            assertTrue(dm.get(0).prompt().isPresent(), plain(dm));
            assertTrue(dm.stream().noneMatch(m -> m.plain().contains("I've sent you a direct message")), plain(dm));
        }
    }

    @Test
    @DisplayName("GIVEN the invitee's DMs are closed WHEN the invite can't be delivered THEN the inviter is told what to do and can retry")
    void unreachableInviteTellsTheInviter() {
        try (TestBot bot = new TestBot(dir)) {
            bot.afterglow().handle(Request.direct(TestBot.user("alice"), Context.PRIVATE,
                    new Input.Run(new Command.PartnerInvite(TestBot.user("bob")))));
            List<String> toAlice = new ArrayList<>();
            Messenger closedForBob = entry -> {
                if (entry.recipient().id().equals("bob")) {
                    return Messenger.Delivery.unreachable("test closed DMs");
                }
                toAlice.add(entry.message().plain());
                return Messenger.Delivery.DELIVERED;
            };
            bot.afterglow().deliver(Platform.CONSOLE, closedForBob);
            assertEquals(1, toAlice.size(), "the fallback goes out in the same delivery: " + toAlice);
            bot.afterglow().deliver(Platform.CONSOLE, closedForBob);
            assertEquals(1, toAlice.size(), toAlice.toString());
            assertTrue(toAlice.get(0).contains("couldn't reach bob") && toAlice.get(0).contains("again"), toAlice.get(0));
            assertTrue(plain(bot.command("alice", "partner invite bob")).contains("again"));
            assertTrue(plain(bot.inbox("bob")).contains("alice would like to be check-in partners"));
        }
    }
}

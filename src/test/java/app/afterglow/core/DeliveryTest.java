package app.afterglow.core;

import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    @DisplayName("GIVEN a couple inviting, checking in, answering, sharing, sending and revealing, in their DMs and in a "
            + "shared room, and a follow-up held for quiet hours WHEN each turn is followed by a delivery THEN every turn "
            + "that left something to deliver said it mailed, so an adapter may skip delivering after one that did not")
    void outcomeSaysWhetherThereIsSomethingToDeliver() {
        try (TestBot bot = new TestBot(dir)) {
            Turns turns = new Turns(bot);
            assertTrue(turns.take("alice", new Input.Run(new Command.PartnerInvite(TestBot.user("bob")))), "the invite");
            assertTrue(turns.command("bob", "partner accept alice"), "alice is told");
            assertFalse(turns.take("alice", new Input.Run(new Command.Help())), "help is answered in place");
            assertTrue(turns.command("alice", "checkin after"), "bob's first question");
            for (String who : List.of("alice", "bob")) {
                for (Question q : TestBot.catalog().standard(CheckinKind.AFTER).questions()) {
                    turns.take(who, new Input.Say(CheckinFlowTest.validReply(q)));
                }
                turns.take(who, new Input.Say("share all"));
                turns.take(who, new Input.Say("submit"));
            }
            assertTrue(turns.take("alice", new Input.Run(new Command.Help()), Context.SHARED_PUBLIC),
                    "help asked in a public room is answered in the DM");
            // The session ends at 18:00 UTC, so the follow-up starts at 14:00 the next day, inside bob's quiet hours.
            turns.command("bob", "settings quiet 13:00-16:00");
            assertTrue(turns.command("alice", "session start"), "bob's negotiation");
            assertTrue(turns.command("alice", "session end"), "bob's aftercare");
            bot.advance(Duration.ofHours(20).plusMinutes(30));
            assertTrue(plain(bot.inbox("alice")).contains("follow"), "alice's follow-up came");
            assertEquals(List.of(), bot.inbox("bob"), "bob's follow-up waits for his quiet hours to end");
            assertTrue(turns.take("bob", new Input.Run(new Command.Help())), "talking to the bot lets the follow-up go");
            assertTrue(turns.mailed > 3 && turns.silent > 10, turns.mailed + " turns mailed, " + turns.silent + " did not");
        }
    }

    @Test
    @DisplayName("GIVEN a follow-up held for quiet hours that have ended, and no delivery since WHEN the person talks to "
            + "the bot THEN the turn says it mailed, so the follow-up goes out now rather than at the next tick")
    void heldMessageDueSinceQuietHoursEndedCountsAsMailed() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            Turns turns = new Turns(bot);
            turns.command("bob", "settings quiet 13:00-16:00");
            turns.command("alice", "session start");
            turns.command("alice", "session end");
            bot.advance(Duration.ofHours(20).plusMinutes(30));
            assertEquals(List.of(), bot.inbox("bob"), "bob's follow-up waits for his quiet hours to end");
            bot.passTime(Duration.ofHours(2));
            assertTrue(turns.take("bob", new Input.Run(new Command.Help())), "the follow-up is due and not yet out");
        }
    }

    /** Each turn handled, then delivered at once, with what the delivery found checked against the outcome. */
    private static final class Turns {
        private final TestBot bot;
        private int mailed;
        private int silent;

        Turns(TestBot bot) {
            this.bot = bot;
        }

        boolean take(String who, Input input) {
            return take(who, input, Context.PRIVATE);
        }

        boolean command(String who, String command) {
            Command parsed = CommandParser.parse(command, handle -> Optional.of(TestBot.user(handle))).command()
                    .orElseThrow(() -> new AssertionError("not a command: " + command));
            return take(who, new Input.Run(parsed));
        }

        boolean take(String who, Input input, Context context) {
            Outcome outcome = bot.afterglow().handle(Request.direct(TestBot.user(who), context, input));
            List<String> delivered = new ArrayList<>();
            bot.afterglow().deliver(Platform.CONSOLE, entry -> {
                delivered.add(entry.recipient().id() + ": " + entry.message().plain());
                return Messenger.Delivery.DELIVERED;
            });
            assertTrue(outcome.mailed() || delivered.isEmpty(), who + "'s " + input + " said it mailed nothing, and left "
                    + delivered);
            if (outcome.mailed()) {
                mailed++;
            } else {
                silent++;
            }
            return outcome.mailed();
        }
    }
}

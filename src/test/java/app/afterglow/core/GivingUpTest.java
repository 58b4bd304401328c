package app.afterglow.core;

import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message that will never arrive is dropped, logged with its code, and the person who caused it is told. */
class GivingUpTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN the platform refuses alice's need for bob for good WHEN it is tried THEN it is dropped at once, "
            + "alice is told whom it didn't reach and the code, the notice holds nothing of the need, and it is never tried again")
    void refusedIsGivenUpAtOnce() {
        try (TestBot bot = new TestBot(dir)) {
            Question need = sendNeed(bot);
            Bob bob = new Bob(e -> Messenger.Delivery.refused("50035 (HTTP 400)"));

            bot.afterglow().deliver(Platform.CONSOLE, bob);

            assertEquals(1, bob.tries.size());
            assertTrue(bob.tries.get(0).contains("could use, right now"), "control: the need was what failed");
            String notice = String.join("", bob.toOthers);
            assertTrue(notice.contains("refused a message I had for bob") && notice.contains("50035"), notice);
            assertPrivate(notice, need);

            bot.afterglow().deliver(Platform.CONSOLE, bob);
            bot.passTime(Duration.ofDays(8));
            bot.afterglow().deliver(Platform.CONSOLE, bob);
            assertEquals(1, bob.tries.size(), "never tried again");
            assertEquals(1, bob.toOthers.size(), "told once");
        }
    }

    @Test
    @DisplayName("GIVEN bob's DMs are closed WHEN alice starts a check-in with him THEN his question is dropped and alice "
            + "is told she couldn't reach him and what he can do")
    void unreachableIsGivenUpAtOnce() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.afterglow().handle(Request.direct(TestBot.user("alice"), Context.PRIVATE,
                    new Input.Run(new Command.StartCheckin("followup", Optional.empty()))));
            Bob bob = new Bob(e -> Messenger.Delivery.unreachable("50007 (HTTP 403)"));

            bot.afterglow().deliver(Platform.CONSOLE, bob);
            bot.passTime(Duration.ofHours(2));
            bot.afterglow().deliver(Platform.CONSOLE, bob);

            assertEquals(1, bob.tries.size(), bob.tries.toString());
            assertEquals(1, bob.toOthers.size(), bob.toOthers.toString());
            assertTrue(bob.toOthers.get(0).contains("I couldn't reach bob in a direct message: they may need to"),
                    bob.toOthers.get(0));
        }
    }

    @Test
    @DisplayName("GIVEN bob's messages keep failing in passing WHEN six days pass THEN they are still retried and alice "
            + "hears nothing; WHEN seven days have passed THEN the need is given up and alice is told, once")
    void passingFailuresAreGivenUpAfterSevenDays() {
        try (TestBot bot = new TestBot(dir)) {
            Question need = sendNeed(bot);
            Bob bob = new Bob(e -> Messenger.Delivery.retry("0 (HTTP 503)"));

            bot.afterglow().deliver(Platform.CONSOLE, bob);
            bot.passTime(Duration.ofDays(6));
            bot.afterglow().deliver(Platform.CONSOLE, bob);
            assertEquals(2, bob.tries.size());
            assertEquals(List.of(), bob.toOthers, "still trying");

            bot.passTime(Duration.ofDays(1));
            bot.afterglow().deliver(Platform.CONSOLE, bob);
            assertEquals(3, bob.tries.size());
            String notice = String.join("", bob.toOthers);
            assertTrue(notice.contains("For 7 days I couldn't get a message through to bob") && notice.contains("503"),
                    notice);
            assertPrivate(notice, need);

            bot.passTime(Duration.ofDays(1));
            bot.afterglow().deliver(Platform.CONSOLE, bob);
            assertEquals(3, bob.tries.size(), "never tried again");
            assertEquals(1, bob.toOthers.size());
        }
    }

    @Test
    @DisplayName("GIVEN alice's need for bob given up while her own DM fails in passing, so the notice naming bob waits "
            + "WHEN bob ends the partnership THEN she hears that it ended and never that notice")
    void aNoticeNamingAnExPartnerIsDroppedWithThePartnership() {
        try (TestBot bot = new TestBot(dir)) {
            sendNeed(bot);
            Bob refusedAndAliceAway = new Bob(e -> Messenger.Delivery.refused("50035 (HTTP 400)"), Messenger.Delivery.retry("0 (HTTP 503)"));
            bot.afterglow().deliver(Platform.CONSOLE, refusedAndAliceAway);
            assertTrue(String.join("", refusedAndAliceAway.toOthers).contains("refused a message I had for bob"),
                    "control: the notice was tried and is still waiting");

            bot.command("bob", "partner end");
            bot.passTime(Duration.ofHours(1));
            Bob allArrive = new Bob(e -> Messenger.Delivery.DELIVERED);
            bot.afterglow().deliver(Platform.CONSOLE, allArrive);

            String toAlice = TestBot.plain(bot.inbox("alice")) + String.join("\n", allArrive.toOthers);
            assertTrue(toAlice.contains("bob ended your check-in partnership"), toAlice);
            assertFalse(toAlice.contains("I had for bob"), toAlice);
        }
    }

    @Test
    @DisplayName("GIVEN alice's own DM refuses a reply to her WHEN it is given up THEN nobody else is told anything")
    void ownRepliesTellNobodyElse() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.afterglow().handle(Request.queued(TestBot.user("alice"), Context.PRIVATE,
                    new Input.Run(new Command.Help()), "evt-help"));
            List<String> tried = new ArrayList<>();
            Messenger refuseAll = entry -> {
                tried.add(entry.recipient().id());
                return Messenger.Delivery.refused("50035 (HTTP 400)");
            };

            bot.afterglow().deliver(Platform.CONSOLE, refuseAll);
            bot.afterglow().deliver(Platform.CONSOLE, refuseAll);

            assertEquals(List.of("alice"), tried);
        }
    }

    /** Makes alice and bob partners and has alice send bob a need at once; returns its question. */
    private static Question sendNeed(TestBot bot) {
        bot.partners("alice", "bob");
        bot.command("alice", "checkin after");
        bot.inbox("bob");
        List<Message> offered = List.of();
        Question need = null;
        for (Question q : TestBot.catalog().standard(CheckinKind.AFTER).questions()) {
            if (q.sendNow()) {
                offered = bot.say("alice", "1 3");
                need = q;
                break;
            }
            bot.say("alice", "skip");
        }
        bot.afterglow().handle(Request.direct(TestBot.user("alice"), Context.PRIVATE,
                new Input.Press(TestBot.ref(offered, "Send to bob now"))));
        return need;
    }

    /** The notice names no answer: none of the need's options, nothing of what was sent. */
    private static void assertPrivate(String notice, Question need) {
        assertFalse(notice.contains("could use"), notice);
        need.options().forEach(o -> assertFalse(notice.contains(o.label()), notice));
    }

    /** Fails whatever is for bob as {@code outcome} says, and records what is tried for anyone else. */
    private static final class Bob implements Messenger {
        final List<String> tries = new ArrayList<>();
        final List<String> toOthers = new ArrayList<>();
        private final Function<OutboxEntry, Delivery> outcome;
        private final Delivery forOthers;

        Bob(Function<OutboxEntry, Delivery> outcome) {
            this(outcome, Delivery.DELIVERED);
        }

        /** As {@link #Bob(Function)}, with what becomes of every message to anyone else. */
        Bob(Function<OutboxEntry, Delivery> outcome, Delivery forOthers) {
            this.outcome = outcome;
            this.forOthers = forOthers;
        }

        @Override
        public Delivery deliver(OutboxEntry entry) {
            if (entry.recipient().id().equals("bob")) {
                tries.add(entry.message().plain());
                return outcome.apply(entry);
            }
            toOthers.add(entry.message().plain());
            return forOthers;
        }
    }
}

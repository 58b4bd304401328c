package app.afterglow.core;

import app.afterglow.core.messages.Message;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartnershipTest {
    @TempDir
    Path dir;
    TestBot bot;

    @BeforeEach
    void start() {
        bot = new TestBot(dir);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    @DisplayName("GIVEN an invite WHEN the invitee accepts THEN both are told they are partners")
    void inviteAndAccept() {
        assertTrue(plain(bot.command("alice", "partner invite bob")).contains("I've invited bob"));
        List<Message> invite = bot.inbox("bob");
        assertTrue(plain(invite).contains("alice would like to be check-in partners with you"));
        assertTrue(plain(bot.command("bob", "partner accept")).contains("You and alice are now check-in partners"));
        assertTrue(plain(bot.inbox("alice")).contains("bob said yes"));
        assertTrue(plain(bot.command("alice", "partner")).contains("• bob"));
    }

    @Test
    @DisplayName("The invite's Accept button works for the invitee and for nobody else")
    void inviteButtonOnlyForInvitee() {
        bot.command("alice", "partner invite bob");
        String accept = TestBot.ref(bot.inbox("bob"), "Accept");
        assertTrue(plain(bot.press("mallory", accept)).contains("isn't yours"));
        assertTrue(plain(bot.press("alice", accept)).contains("isn't yours"));
        assertTrue(plain(bot.press("bob", accept)).contains("now check-in partners"));
        assertTrue(plain(bot.press("bob", accept)).contains("already answered"));
    }

    @Test
    @DisplayName("Declining tells the inviter only that the invite wasn't taken up, and makes no partnership")
    void decline() {
        bot.command("alice", "partner invite bob");
        assertTrue(plain(bot.command("bob", "partner decline alice")).contains("declined"));
        assertTrue(plain(bot.inbox("alice")).contains("wasn't taken up"));
        assertTrue(plain(bot.command("alice", "session start")).contains("don't have a partner"));
    }

    @Test
    @DisplayName("Nobody can partner with themselves or with a bot")
    void noSelfOrBot() {
        assertTrue(plain(bot.command("alice", "partner invite alice")).contains("can't be your own partner"));
        List<Message> toBot = bot.act("alice", new Input.Run(new Command.PartnerInvite(
                new app.afterglow.core.model.PlatformUser(app.afterglow.core.model.Platform.CONSOLE, "helper", "helper", true))),
                Context.PRIVATE);
        assertTrue(plain(toBot).contains("Bots can't be partners"));
        assertTrue(plain(bot.command("alice", "partner")).contains("No partners yet"));
    }

    @Test
    @DisplayName("A second invite to the same person, or back to one's inviter, is caught")
    void duplicateInvites() {
        bot.command("alice", "partner invite bob");
        bot.inbox("bob");
        assertTrue(plain(bot.command("alice", "partner invite bob")).contains("again"));
        assertTrue(plain(bot.inbox("bob")).contains("alice would like to be check-in partners"), "the invite is sent again");
        assertTrue(plain(bot.command("bob", "partner invite alice")).contains("has already invited you"));
        bot.command("bob", "partner accept");
        assertTrue(plain(bot.command("alice", "partner invite bob")).contains("already partners"));
    }

    @Test
    @DisplayName("Accepting with no invite waiting says so; with two invites it asks which")
    void acceptNeedsOneInvite() {
        assertTrue(plain(bot.command("bob", "partner accept")).contains("no invite waiting"));
        bot.command("alice", "partner invite bob");
        bot.command("carol", "partner invite bob");
        assertTrue(plain(bot.command("bob", "partner accept")).contains("more than one"));
        assertTrue(plain(bot.command("bob", "partner accept carol")).contains("You and carol are now"));
    }

    @Test
    @DisplayName("GIVEN an open check-in WHEN a partner ends the partnership THEN it closes and nothing is ever revealed")
    void endingClosesOpenCheckins() {
        bot.partners("alice", "bob");
        bot.command("alice", "checkin after");
        bot.say("alice", "7");
        assertTrue(plain(bot.command("bob", "partner end")).contains("has ended"));
        String toAlice = plain(bot.inbox("alice"));
        assertTrue(toAlice.contains("bob ended your check-in partnership"));
        assertTrue(plain(bot.say("alice", "8")).contains("not waiting for an answer"));
        assertTrue(plain(bot.press("bob", "ci:1:submit")).contains("already finished"));
        assertTrue(plain(bot.command("alice", "session start")).contains("don't have a partner"));
    }

    @Test
    @DisplayName("GIVEN a check-in whose close notices wait out both partners' quiet hours WHEN one of them ends the "
            + "partnership meanwhile THEN neither notice ever arrives: after the end, nothing of that partnership reaches either")
    void endingDropsWhatStillWaitsToReachThem() {
        bot.partners("alice", "bob");
        bot.command("alice", "settings quiet 17:00-20:00");
        bot.command("bob", "settings quiet 17:00-20:00");
        bot.command("alice", "checkin after");
        bot.inbox("alice");
        bot.inbox("bob");
        // It expires at 18:00 two days on, inside both quiet hours: each notice waits until 20:00.
        bot.advance(Duration.ofHours(48).plusMinutes(30));
        assertEquals(List.of(), bot.inbox("alice"));
        assertEquals(List.of(), bot.inbox("bob"));
        String ended = plain(bot.command("alice", "partner end")) + plain(bot.inbox("alice"));
        bot.advance(Duration.ofHours(2));
        ended += plain(bot.inbox("alice"));
        String toBob = plain(bot.inbox("bob"));
        assertTrue(toBob.contains("alice ended your check-in partnership"), toBob);
        assertFalse(ended.contains("This check-in has closed"), ended);
        assertFalse(toBob.contains("This check-in has closed"), toBob);
    }

    @Test
    @DisplayName("Each partnership is separate: a check-in with one partner never reaches the other")
    void partnershipsAreSeparate() {
        bot.partners("alice", "bob");
        bot.partners("alice", "carol");
        assertTrue(plain(bot.command("alice", "checkin after")).contains("more than one partner"));
        bot.command("alice", "checkin after bob");
        assertFalse(bot.inbox("bob").isEmpty());
        assertEquals(List.of(), bot.inbox("carol"));
    }
}

package app.afterglow.discord;

import app.afterglow.testing.DiscordPair;
import app.afterglow.testing.DiscordTestBot;
import app.afterglow.testing.discord.GatewayFrame;
import app.afterglow.testing.discord.RecordedCall;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.SlashOption;
import app.afterglow.testing.discord.StandInMessage;
import app.afterglow.testing.discord.StandInUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Couples going through their check-ins on Discord, driven through real JDA against the stand-in. */
@Timeout(60)
class DiscordCheckinFlowTest {
    @RegisterExtension
    final DiscordPair discord = new DiscordPair();
    private DiscordTestBot bot;
    private StandInUser alice;
    private StandInUser bob;

    @BeforeEach
    void names() {
        bot = discord.bot();
        alice = discord.alice();
        bob = discord.bob();
    }

    @Test
    @DisplayName("GIVEN two partners WHEN both go through before, after and the next day's follow-up on Discord "
            + "THEN each reveal shows exactly the answers both chose to share, and nothing else")
    void bothPartnersThroughBeforeAfterAndFollowup() {
        bot.becomePartners(alice, bob);

        // before: started from the server, answered in DMs
        SentInteraction start = bot.slash(bot.general(), alice, "session start");
        bot.awaitReply(start, "direct message");
        StandInMessage a = bot.awaitDm(alice, "1 of 9");
        StandInMessage b = bot.awaitDm(bob, "1 of 9");
        assertTrue(b.content().contains("alice started a negotiation check-in with you"), b.content());
        a = bot.step(a, m -> bot.click(alice, m, "3"));
        b = bot.step(b, m -> bot.click(bob, m, "5"));
        a = bot.step(a, m -> bot.click(alice, m, "Excited"));
        b = bot.step(b, m -> bot.click(bob, m, "Anxious"));
        a = bot.step(a, m -> bot.write(alice, m, "A slow start"));
        b = bot.step(b, m -> bot.write(bob, m, "Hold my hand"));
        a = bot.skipToReview(alice, a);
        b = bot.skipToReview(bob, b);
        a = bot.step(a, m -> bot.click(alice, m, "Share 1"));
        a = bot.step(a, m -> bot.click(alice, m, "Share 3"));
        b = bot.step(b, m -> bot.click(bob, m, "Share 1"));
        b = bot.step(b, m -> bot.click(bob, m, "Share 2"));
        a = bot.step(a, m -> bot.click(alice, m, "Submit"));
        assertTrue(a.content().contains("When bob has finished too"), a.content());
        bot.step(b, m -> bot.click(bob, m, "Submit"));

        StandInMessage aliceSaw = bot.awaitDm(alice, "what you both shared");
        StandInMessage bobSaw = bot.awaitDm(bob, "what you both shared");
        for (StandInMessage reveal : List.of(aliceSaw, bobSaw)) {
            assertTrue(reveal.content().contains("How much pain"), reveal.content());
            assertTrue(reveal.content().contains("You: 3 of 10") || reveal.content().contains("You: 5 of 10"), reveal.content());
            for (String unshared : List.of("How are you feeling going into this", "Excited", "Anxious", "slow start",
                    "Hold my hand", "at ease")) {
                assertFalse(reveal.content().contains(unshared), "revealed " + unshared + ": " + reveal.content());
            }
        }
        assertTrue(aliceSaw.content().contains("bob: 5 of 10"), aliceSaw.content());
        assertTrue(bobSaw.content().contains("alice: 3 of 10"), bobSaw.content());

        // after: ended from bob's DM; a need sent at once, the rest revealed when both submit
        SentInteraction end = bot.slash(bot.dm(bob), bob, "session end");
        b = bot.awaitReply(end, "1 of 7").get(0);
        a = bot.awaitDm(alice, "1 of 7");
        a = bot.step(a, m -> bot.click(alice, m, "8"));
        b = bot.step(b, m -> bot.click(bob, m, "6"));
        a = bot.step(a, m -> bot.choose(alice, m, "Calm", "Tender"));
        b = bot.step(b, m -> bot.click(bob, m, "Skip"));
        b = bot.step(b, m -> bot.choose(bob, m, "Some water", "A blanket"));
        long before = lastDm(alice);
        b = bot.step(b, m -> bot.click(bob, m, "Send to alice now"));
        assertTrue(b.content().contains("Sent to alice"), b.content());
        StandInMessage need = bot.awaitDm(alice, before, "could use, right now");
        assertTrue(need.content().contains("Some water, A blanket"), need.content());
        a = bot.skipToReview(alice, a);
        b = bot.skipToReview(bob, b);
        a = bot.step(a, m -> bot.click(alice, m, "Share all"));
        b = bot.step(b, m -> bot.click(bob, m, "Share all"));
        bot.step(a, m -> bot.click(alice, m, "Submit"));
        bot.step(b, m -> bot.click(bob, m, "Submit"));
        StandInMessage afterReveal = bot.awaitDm(alice, "Aftercare with bob · what you both shared");
        assertTrue(afterReveal.content().contains("How does your body feel"), afterReveal.content());
        assertTrue(afterReveal.content().contains("You: 8 of 10") && afterReveal.content().contains("bob: 6 of 10"),
                afterReveal.content());
        assertFalse(afterReveal.content().contains("Calm"), "bob skipped the mood question: " + afterReveal.content());

        // followup: the next day, both asked after their quiet hours
        bot.advance(Duration.ofHours(21));
        a = bot.awaitDm(alice, "1 of 3");
        b = bot.awaitDm(bob, "1 of 3");
        a = bot.step(a, m -> bot.choose(alice, m, "Good"));
        b = bot.step(b, m -> bot.choose(bob, m, "Tired", "Close to my partner"));
        a = bot.skipToReview(alice, a);
        b = bot.skipToReview(bob, b);
        a = bot.step(a, m -> bot.click(alice, m, "Share 1"));
        bot.step(a, m -> bot.click(alice, m, "Submit"));
        bot.step(b, m -> bot.click(bob, m, "Submit"));
        StandInMessage followup = bot.awaitDm(bob, "Checking in with alice · what you both shared");
        assertTrue(followup.content().contains("Nothing was shared both ways this time"), followup.content());
        assertFalse(followup.content().contains("Good"), followup.content());
    }

    @Test
    @DisplayName("GIVEN a check-in half answered WHEN the gateway drops and a click arrives while it is down "
            + "THEN the bot resumes the same session and the click moves the check-in on")
    void gatewayDroppedMidFlowResumesWithTheFlowIntact() {
        bot.becomePartners(alice, bob);
        StandInMessage a = bot.startFollowup(alice);
        a = bot.step(a, m -> bot.choose(alice, m, "Calm"));

        bot.standIn().dropGateway();
        StandInMessage waiting = a;
        a = bot.step(a, m -> bot.click(alice, waiting, "Skip"));

        assertTrue(a.content().contains("3 of 3"), a.content());
        bot.standIn().awaitGatewayFrame(frame -> frame.op() == GatewayFrame.RESUME, DiscordTestBot.TIMEOUT);
        assertEquals(1, bot.standIn().gatewayFrames().stream().filter(f -> f.op() == GatewayFrame.IDENTIFY).count());
        a = bot.step(a, m -> bot.click(alice, m, "Back"));
        assertTrue(a.content().contains("2 of 3"), a.content());
    }

    @Test
    @DisplayName("GIVEN a check-in stopped with its button WHEN the paused message's Resume button is clicked "
            + "THEN the same message shows the question where it stopped, and it never asks for a typed reply")
    void aStoppedCheckinResumesFromItsOwnMessage() {
        bot.becomePartners(alice, bob);
        StandInMessage a = bot.step(bot.startFollowup(alice), m -> bot.choose(alice, m, "Calm"));

        StandInMessage paused = bot.step(a, m -> bot.click(alice, m, "Stop for now"));
        assertTrue(paused.content().contains("Paused"), paused.content());
        assertFalse(paused.content().toLowerCase(Locale.ROOT).contains("reply"), paused.content());
        StandInMessage resumed = bot.step(paused, m -> bot.click(alice, m, "Resume"));

        assertTrue(resumed.content().contains("2 of 3"), resumed.content());
    }

    @Test
    @DisplayName("GIVEN a text form opened and the check-in stopped before it was sent WHEN it is sent THEN the words "
            + "are not filed but shown back with why, and the check-in picks up at that very question below")
    void aFormSentAfterAStopPicksTheCheckinUpAndFilesNothing() {
        bot.becomePartners(alice, bob);
        StandInMessage a = bot.step(bot.startFollowup(alice), m -> bot.choose(alice, m, "Calm"));
        DiscordTestBot.Form form = bot.openForm(alice, a);
        StandInMessage paused = bot.step(a, m -> bot.click(alice, m, "Stop for now"));
        assertTrue(paused.content().contains("Paused"), paused.content());

        SentInteraction late = bot.send(alice, paused, form, "Slept well");

        List<StandInMessage> replies = bot.awaitReplies(late, r -> r.stream().anyMatch(m -> m.content().contains("2 of 3")));
        assertTrue(replies.stream().anyMatch(r -> r.content().contains("wasn't saved") && r.content().contains("Slept well")),
                replies.toString());
        StandInMessage resumed = replies.stream().filter(r -> r.content().contains("2 of 3")).findFirst().orElseThrow();
        StandInMessage review = bot.skipToReview(alice, bot.step(resumed, m -> bot.write(alice, m, "Rested")));
        assertTrue(review.content().contains("Rested"), review.content());
        assertFalse(review.content().contains("Slept well"), review.content());
    }

    @Test
    @DisplayName("GIVEN an interaction WHEN Discord delivers it twice THEN it is handled once: one invite, "
            + "one answer, and the second acknowledgement is refused")
    void duplicatedInteractionIsHandledOnce() {
        SentInteraction invite = bot.slash(bot.general(), alice, "partner invite", SlashOption.user("person", bob));
        bot.awaitReply(invite, "I've invited bob");
        bot.standIn().deliverAgain(invite);

        bot.standIn().awaitCall(call -> call.is("POST", "interactions/" + invite.id() + "/.+/callback")
                && call.status() == 400, DiscordTestBot.TIMEOUT);
        StandInMessage invitation = bot.awaitDm(bob, "would like to be check-in partners");
        SentInteraction accept = bot.click(bob, invitation, "Accept");
        bot.awaitEdit(invitation, "now check-in partners");
        bot.awaitDm(alice, "said yes");
        List<StandInMessage> bobsDm = bot.standIn().messages().stream()
                .filter(m -> m.channelId() == bot.dm(bob).id()).toList();
        assertEquals(1, bobsDm.size(), "one invite only: " + bobsDm);
        assertEquals(1, bot.standIn().repliesTo(invite).size());
        assertFalse(bot.standIn().repliesTo(invite).get(0).content().contains("again"));
        assertEquals(List.of(204), bot.standIn().callsTo("interactions/" + accept.id() + "/.+/callback").stream()
                .map(RecordedCall::status).toList());
    }
    private long lastDm(StandInUser who) {
        return bot.standIn().messages().stream().filter(m -> m.channelId() == bot.dm(who).id())
                .mapToLong(StandInMessage::id).max().orElse(0);
    }
}

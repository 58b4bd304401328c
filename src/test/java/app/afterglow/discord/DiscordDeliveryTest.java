package app.afterglow.discord;

import app.afterglow.testing.DiscordPair;
import app.afterglow.testing.DiscordTestBot;
import app.afterglow.testing.discord.RecordedCall;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.SlashOption;
import app.afterglow.testing.discord.StandInMessage;
import app.afterglow.testing.discord.StandInObserver;
import app.afterglow.testing.discord.StandInUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Getting messages to people when Discord or the disk makes it hard. */
@Timeout(60)
class DiscordDeliveryTest {
    private static final String CALLBACKS = "interactions/\\d+/[^/]+/callback";
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
    @DisplayName("GIVEN bob's DMs are closed WHEN alice invites him THEN alice is told in her DM what to do, the invite "
            + "stays open, and inviting again once his DMs are open reaches him")
    void closedDmsTellTheInviterWhatToDo() {
        bot.standIn().closeDms(bob);

        SentInteraction invite = bot.slash(bot.general(), alice, "partner invite", SlashOption.user("person", bob));

        bot.awaitReply(invite, "I've invited bob");
        StandInMessage told = bot.awaitDm(alice, "couldn't reach bob");
        assertTrue(told.content().contains("`/partner invite` <@" + bob.idString() + "> again"), told.content());
        assertTrue(bot.standIn().callsTo("channels/" + bot.dm(bob).id() + "/messages").stream()
                .allMatch(call -> call.status() == 403), "nothing reached bob");

        bot.standIn().openDms(bob);
        SentInteraction again = bot.slash(bot.general(), alice, "partner invite", SlashOption.user("person", bob));
        bot.awaitReply(again, "again");
        StandInMessage invitation = bot.awaitDm(bob, "would like to be check-in partners");
        bot.click(bob, invitation, "Accept");
        bot.awaitDm(alice, "said yes");
    }

    @Test
    @DisplayName("GIVEN partners and then bob's DMs closed (403, code 50007) WHEN alice starts a check-in with him "
            + "THEN alice is told in her DM that she couldn't reach him and what he can do, nothing of the check-in, "
            + "and his question is not tried again")
    void closedDmsAfterwardsTellWhoeverCausedIt() {
        bot.becomePartners(alice, bob);
        bot.standIn().closeDms(bob);
        String toBob = "channels/" + bot.dm(bob).id() + "/messages";
        int before = bot.standIn().callsTo(toBob).size();

        bot.startFollowup(alice);

        StandInMessage told = bot.awaitDm(alice, "couldn't reach bob");
        assertTrue(told.content().contains("they may need to allow direct messages from this server's members"),
                told.content());
        assertFalse(told.content().contains("1 of 3"), told.content());
        List<RecordedCall> all = bot.standIn().callsTo(toBob);
        List<RecordedCall> tried = all.subList(before, all.size());
        assertTrue(!tried.isEmpty() && tried.stream().allMatch(call -> call.status() == 403), "nothing reached bob");

        bot.standIn().openDms(bob);
        bot.advance(Duration.ofHours(2));
        assertEquals(all.size(), bot.standIn().callsTo(toBob).size(), "given up: never tried again");
    }

    @Test
    @DisplayName("GIVEN the DM channel with bob that the bot kept is gone (404, Unknown Channel) WHEN a message for him "
            + "is delivered THEN the bot opens a new DM channel and the message arrives there, once")
    void aDmChannelThatIsGoneIsOpenedAgain() {
        bot.becomePartners(alice, bob);
        long kept = bot.dm(bob).id();
        bot.standIn().deleteDmChannel(bob);

        bot.slash(bot.dm(alice), alice, "checkin", SlashOption.string("kind", "followup"));
        StandInMessage question = bot.awaitDm(bob, "1 of 3");

        assertNotEquals(kept, question.channelId());
        assertEquals(2, bot.standIn().callsTo("users/@me/channels").stream()
                .filter(call -> call.body().path("recipient_id").asText().equals(bob.idString())).count());
        assertEquals(1, bot.standIn().messages().stream()
                .filter(m -> m.channelId() == question.channelId() && m.content().contains("1 of 3")).count());
    }

    @Test
    @DisplayName("GIVEN bob got a DM from the bot WHEN more DMs follow THEN his DM channel was opened only once")
    void aDmChannelIsOpenedOnce() {
        bot.becomePartners(alice, bob);

        bot.slash(bot.dm(alice), alice, "checkin", SlashOption.string("kind", "followup"));
        bot.awaitDm(bob, "1 of 3");

        assertEquals(1, bot.standIn().callsTo("users/@me/channels").stream()
                .filter(call -> call.body().path("recipient_id").asText().equals(bob.idString())).count());
    }

    @Test
    @DisplayName("GIVEN my own DMs are closed WHEN I start a session from the server THEN I am told ephemerally how "
            + "to open them, and once open my question arrives")
    void closedDmsOfTheActorAreExplained() {
        bot.becomePartners(alice, bob);
        bot.standIn().closeDms(alice);

        SentInteraction start = bot.slash(bot.general(), alice, "session start");

        List<StandInMessage> replies = bot.awaitReply(start, "DMs are closed to me");
        assertTrue(replies.stream().allMatch(StandInMessage::ephemeral));
        bot.standIn().openDms(alice);
        SentInteraction resume = bot.slash(bot.general(), alice, "checkin", SlashOption.string("kind", "resume"));
        bot.awaitReply(resume, "direct message");
        bot.awaitDm(alice, "1 of 9");
    }

    @Test
    @DisplayName("GIVEN alice's question on its way, Discord taking two seconds to answer it, and carol's own DMs "
            + "closed WHEN carol starts a session from the server meanwhile THEN her question is tried at once, beside "
            + "alice's, and she is told ephemerally how to open her DMs, as when nothing else was being delivered")
    void closedDmsOfAnActorAreExplainedWhileOthersAreDelivered() {
        StandInUser carol = bot.person("carol");
        StandInUser dan = bot.person("dan");
        bot.becomePartners(alice, bob);
        bot.becomePartners(carol, dan);
        bot.standIn().closeDms(carol);
        bot.standIn().setResponseDelay("channels/" + bot.dm(alice).id() + "/messages", Duration.ofSeconds(2));
        bot.slash(bot.general(), alice, "session start");
        // Shown at once; Discord's answer to the send comes two seconds later.
        bot.awaitDm(alice, "1 of 9");
        long asked = System.nanoTime();

        SentInteraction start = bot.slash(bot.general(), carol, "session start");

        bot.standIn().awaitCall(call -> call.path().contains("channels/" + bot.dm(carol).id() + "/messages")
                && call.status() == 403, Duration.ofSeconds(10));
        Duration tried = Duration.ofNanos(System.nanoTime() - asked);
        assertTrue(tried.compareTo(Duration.ofMillis(1500)) < 0, "carol's question was tried after " + tried.toMillis() + " ms");
        List<StandInMessage> replies = bot.awaitReply(start, "DMs are closed to me");
        assertTrue(replies.stream().allMatch(StandInMessage::ephemeral));
    }

    @Test
    @DisplayName("GIVEN storage as quick as usual WHEN someone uses a command in the server and a button in their DM "
            + "THEN each is answered by its one response to Discord, with no acknowledgement first and no edit after, "
            + "and Discord is not asked to send the message it shows back")
    void aQuickAnswerIsTheInteractionsOneResponse() {
        SentInteraction invite = bot.slash(bot.general(), alice, "partner invite", SlashOption.user("person", bob));
        bot.awaitReply(invite, "I've invited bob");
        StandInMessage invitation = bot.awaitDm(bob, "would like to be check-in partners");
        SentInteraction accept = bot.click(bob, invitation, "Accept");
        bot.awaitEdit(invitation, "now check-in partners");
        bot.awaitDm(alice, "said yes");

        for (SentInteraction sent : List.of(invite, accept)) {
            List<RecordedCall> responses = bot.standIn().callsTo("interactions/" + sent.id() + "/.+/callback");
            assertEquals(1, responses.size(), "one response: " + responses);
            assertFalse(responses.get(0).query().contains("with_response"), responses.get(0).query());
            assertEquals(204, responses.get(0).status(), "nothing sent back");
            assertEquals(List.of(), bot.standIn().callsTo("webhooks/\\d+/" + sent.token() + "(/.*)?"),
                    "no edit or follow-up");
        }
        RecordedCall reply = bot.awaitCallback(invite);
        assertEquals(4, reply.body().path("type").asInt(), "a reply with the answer");
        assertEquals(64, reply.body().at("/data/flags").asInt() & 64, "ephemeral in the server");
        assertTrue(reply.body().at("/data/content").asText().contains("I've invited bob"), reply.body().toString());
        RecordedCall update = bot.awaitCallback(accept);
        assertEquals(7, update.body().path("type").asInt(), "the clicked message updated with the answer");
    }

    @Test
    @DisplayName("GIVEN Discord takes two seconds to take each interaction's response WHEN alice and then bob use a "
            + "command THEN bob's answer is sent without waiting for Discord to take alice's")
    void anAnswerDoesNotWaitForDiscordToTakeTheOneBefore() {
        Map<Long, Long> arrived = responsesArriving();
        Duration slow = Duration.ofSeconds(2);
        bot.standIn().setResponseDelay(CALLBACKS, slow);

        SentInteraction first = bot.slash(bot.general(), alice, "help");
        SentInteraction second = bot.slash(bot.general(), bob, "help");

        bot.awaitReply(first, "Afterglow");
        bot.awaitReply(second, "Afterglow");
        long apart = arrived.get(second.id()) - arrived.get(first.id());
        assertTrue(apart < slow.toNanos() / 2, "bob's answer came " + apart / 1_000_000 + " ms after alice's");
    }

    @Test
    @DisplayName("GIVEN Discord takes five seconds to open alice's answer form WHEN bob asks for help thirty times at "
            + "once THEN his answers do not wait for her form: all thirty go out within a second of the first")
    void aShortQueueDoesNotWaitForAFormDiscordIsSlowToOpen() {
        bot.becomePartners(alice, bob);
        StandInMessage question = bot.step(bot.startFollowup(alice), x -> bot.choose(alice, x, "Calm"));
        Map<Long, Long> arrived = responsesArriving();
        // Every response is slow to be taken, the form's too; fewer answers than the worker keeps in
        // flight, so only a wait for the form's acknowledgement could hold the worker back.
        bot.standIn().setResponseDelay(CALLBACKS, Duration.ofSeconds(5));
        SentInteraction form = bot.click(alice, question, "Answer");
        bot.standIn().awaitCall(call -> call.is("POST", "interactions/" + form.id() + "/.+/callback"),
                DiscordTestBot.TIMEOUT);

        List<SentInteraction> helps = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            helps.add(bot.slash(bot.dm(bob), bob, "help"));
        }

        for (SentInteraction help : helps) {
            bot.awaitCallback(help);
        }
        long first = helps.stream().mapToLong(h -> arrived.get(h.id())).min().orElseThrow();
        long last = helps.stream().mapToLong(h -> arrived.get(h.id())).max().orElseThrow();
        assertTrue(last - first < Duration.ofSeconds(1).toNanos(), "the last answer went out "
                + (last - first) / 1_000_000 + " ms after the first");
    }

    @Test
    @DisplayName("GIVEN Discord takes half a second to take each message WHEN six people invite six others at once "
            + "THEN the invitations go out side by side: the last is sent within a second and a half of the first, "
            + "where one after the other took three seconds")
    void directMessagesToDifferentPeopleGoOutSideBySide() {
        List<StandInUser> invitees = new ArrayList<>();
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        for (int i = 1; i <= 6; i++) {
            StandInUser invitee = bot.person("invitee" + i);
            invitees.add(invitee);
            long dm = bot.dm(invitee).id();
            bot.standIn().observe(new StandInObserver() {
                @Override
                public void messageChanged(StandInMessage message) {
                    if (message.channelId() == dm && message.content().contains("would like to be check-in partners")) {
                        sentAt.putIfAbsent(dm, System.nanoTime());
                    }
                }
            });
        }
        Duration slow = Duration.ofMillis(500);
        bot.standIn().setResponseDelay("channels/\\d+/messages", slow);

        for (int i = 1; i <= 6; i++) {
            StandInUser inviter = bot.person("inviter" + i);
            SentInteraction invite = bot.slash(bot.general(), inviter, "partner invite",
                    SlashOption.user("person", invitees.get(i - 1)));
            bot.awaitReply(invite, "I've invited");
        }

        for (StandInUser invitee : invitees) {
            bot.awaitDm(invitee, "would like to be check-in partners");
        }
        long first = sentAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = sentAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(last - first < slow.multipliedBy(3).toNanos(), "the last invitation was sent "
                + (last - first) / 1_000_000 + " ms after the first");
    }

    @Test
    @DisplayName("GIVEN Discord's global limit of 50 requests a second WHEN sixty people invite sixty others at once "
            + "THEN the invitations keep under it, none refused and all delivered, while answers to interactions are "
            + "not held back: help asked for meanwhile comes before the invitations are all out")
    void directMessagesKeepUnderDiscordsGlobalLimit() {
        // Two requests an invitation (the DM opened, then sent): nearly three seconds' worth at the pace.
        int couples = 60;
        List<StandInUser> inviters = new ArrayList<>();
        List<StandInUser> invitees = new ArrayList<>();
        for (int i = 1; i <= couples; i++) {
            inviters.add(bot.person("inviter" + i));
            invitees.add(bot.person("invitee" + i));
        }
        bot.standIn().setGlobalRateLimit(50);

        List<SentInteraction> invites = new ArrayList<>();
        for (int i = 0; i < couples; i++) {
            invites.add(bot.slash(bot.general(), inviters.get(i), "partner invite", SlashOption.user("person", invitees.get(i))));
        }
        invites.forEach(invite -> bot.awaitReply(invite, "I've invited"));
        long asked = System.nanoTime();
        bot.awaitReply(bot.slash(bot.dm(alice), alice, "help"), "/checkin");
        long answeredMillis = (System.nanoTime() - asked) / 1_000_000;
        long invitationsOutByThen = invitees.stream().filter(invitee -> bot.standIn().messages().stream()
                .anyMatch(m -> m.channelId() == bot.dm(invitee).id())).count();

        invitees.forEach(invitee -> bot.awaitDm(invitee, "would like to be check-in partners"));
        assertEquals(0, bot.standIn().globallyRateLimited(), "requests refused for the global limit");
        assertTrue(answeredMillis < 1000, "help took " + answeredMillis + " ms");
        assertTrue(invitationsOutByThen < couples, "the invitations were all out before help was answered");
    }

    @Test
    @DisplayName("GIVEN Discord takes a second to take each interaction's response WHEN alice's invite queues a DM for "
            + "bob THEN the DM is sent only once Discord has taken alice's answer, as it was when nothing was slow")
    void whatAnActionQueuedGoesOutAfterItsAnswer() {
        Map<Long, Long> arrived = responsesArriving();
        AtomicLong invitationSent = new AtomicLong();
        long bobsDm = bot.dm(bob).id();
        bot.standIn().observe(new StandInObserver() {
            @Override
            public void messageChanged(StandInMessage message) {
                if (message.channelId() == bobsDm && message.content().contains("would like to be check-in partners")) {
                    invitationSent.compareAndSet(0, System.nanoTime());
                }
            }
        });
        Duration slow = Duration.ofSeconds(1);
        bot.standIn().setResponseDelay(CALLBACKS, slow);

        SentInteraction invite = bot.slash(bot.general(), alice, "partner invite", SlashOption.user("person", bob));

        bot.awaitReply(invite, "I've invited bob");
        bot.awaitDm(bob, "would like to be check-in partners");
        long after = invitationSent.get() - arrived.get(invite.id());
        assertTrue(after >= slow.toNanos(), "the invitation went out " + after / 1_000_000 + " ms after the answer "
                + "was sent, before Discord took it");
    }

    @Test
    @DisplayName("GIVEN storage that takes four seconds WHEN someone uses a command or a button THEN Discord gets an "
            + "acknowledgement as the reply window closes, well inside its 3 s, and the answer follows as an edit")
    void slowStorageIsAcknowledgedInTime() {
        SentInteraction invite = bot.slash(bot.general(), alice, "partner invite", SlashOption.user("person", bob));
        bot.awaitReply(invite, "I've invited bob");
        StandInMessage invitation = bot.awaitDm(bob, "would like to be check-in partners");
        bot.slowStorage(Duration.ofSeconds(4));

        long commandAt = System.nanoTime();
        SentInteraction help = bot.slash(bot.general(), alice, "help");
        RecordedCall deferred = bot.awaitCallback(help);
        long ackMillis = (System.nanoTime() - commandAt) / 1_000_000;
        long clickAt = System.nanoTime();
        SentInteraction accept = bot.click(bob, invitation, "Accept");
        RecordedCall updateDeferred = bot.awaitCallback(accept);
        long clickAckMillis = (System.nanoTime() - clickAt) / 1_000_000;

        long bound = FirstResponse.WINDOW.toMillis() + 1000;
        assertTrue(ackMillis < bound, "acknowledged after " + ackMillis + " ms");
        assertTrue(clickAckMillis < bound, "acknowledged after " + clickAckMillis + " ms");
        assertEquals(5, deferred.body().path("type").asInt());
        assertEquals(64, deferred.body().at("/data/flags").asInt());
        assertEquals(6, updateDeferred.body().path("type").asInt());
        assertTrue(bot.standIn().callsTo("webhooks/\\d+/" + help.token() + "/messages/@original").isEmpty(),
                "the answer cannot come before storage is done");
        bot.slowStorage(Duration.ZERO);
        bot.awaitReply(help, "Afterglow");
        bot.awaitEdit(invitation, "now check-in partners");
        assertEquals(List.of("PATCH"), bot.standIn().callsTo("webhooks/\\d+/" + help.token() + "/messages/@original")
                .stream().map(RecordedCall::method).toList(), "the answer edited into the acknowledged reply");
        assertEquals(1, bot.standIn().callsTo("interactions/" + accept.id() + "/.+/callback").size());
    }

    /** When each interaction's response reaches Discord from now on (nanoTime), by interaction id. */
    private Map<Long, Long> responsesArriving() {
        Map<Long, Long> arrived = new ConcurrentHashMap<>();
        bot.standIn().observe(new StandInObserver() {
            @Override
            public void callbackArrived(long interactionId, int status, JsonNode body, long nanos) {
                arrived.putIfAbsent(interactionId, nanos);
            }
        });
        return arrived;
    }
}

package app.afterglow.matrix;

import app.afterglow.core.util.Digest;
import app.afterglow.testing.RawFiles;
import app.afterglow.testing.Await;
import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.matrix.BotAccount;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static app.afterglow.matrix.Conversations.await;
import static app.afterglow.matrix.Conversations.body;
import static app.afterglow.matrix.Conversations.count;
import static app.afterglow.matrix.Conversations.fromBot;
import static app.afterglow.matrix.Conversations.say;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile text, strangers, encrypted rooms and bad credentials. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MatrixSafetyTest {
    private static final String WJ = "\u2060";

    @RegisterExtension
    final MatrixPair matrix = MatrixPair.unstarted().allowing("@alice:local", "@bob:local").aliceShownAs("Alice <i>@room</i>");
    Path dir;
    MatrixStandIn standIn;
    BotAccount account;
    MatrixTestBot bot;
    SimulatedUser alice;
    SimulatedUser bob;

    @BeforeEach
    void names() {
        dir = matrix.dir();
        standIn = matrix.standIn();
        account = matrix.account();
        alice = matrix.alice();
        bob = matrix.bob();
    }

    private void startBot() throws InterruptedException {
        bot = matrix.bot().start();
    }

    @Test
    @DisplayName("GIVEN Alice answers with @room, HTML, a script and a pill link, under a display name with markup WHEN Bob gets the reveal THEN every bit of it is inert text: escaped HTML, no mention anywhere, an empty m.mentions")
    void hostileAnswerStaysInert() throws Exception {
        startBot();
        List<String> rooms = Conversations.partners(alice, bob);
        alice.say(rooms.get(0), "!afterglow checkin after");
        await(alice, "1 of 7");
        await(bob, "1 of 7");
        String hostile = "@room <b>html</b><script>alert(1)</script> https://matrix.to/#/@x:local";
        say(alice, rooms.get(0), "skip", "skip", "skip", hostile, "skip", "skip", "skip", "share 4", "submit");
        say(bob, rooms.get(1), "skip", "skip", "skip", "mine too", "skip", "skip", "skip", "share 4", "submit");

        JsonNode reveal = await(bob, "what you both shared");
        String body = body(reveal);
        assertTrue(body.contains("Alice <i>@" + WJ + "room</i>: @" + WJ + "room <b>html</b><script>alert(1)</script> "
                + "https://matrix.to/#/@" + WJ + "x:local"), body);
        assertFalse(body.contains("@room") || body.contains("@x:local"), "no @room or user id the push rules could match");
        String html = reveal.path("formatted_body").asText();
        assertTrue(html.contains("<blockquote>Alice &lt;i&gt;@" + WJ + "room&lt;/i&gt;: @" + WJ + "room &lt;b&gt;html&lt;/b&gt;"
                + "&lt;script&gt;alert(1)&lt;/script&gt; https://matrix.to/#/@" + WJ + "x:local</blockquote>"), html);
        for (String markup : List.of("<b>", "<i>", "<script", "<a ", "href")) {
            assertFalse(html.contains(markup), "no markup from a person: " + markup);
        }
        assertTrue(reveal.path("m.mentions").isObject() && reveal.path("m.mentions").isEmpty(), reveal.toString());
    }

    @Test
    @DisplayName("GIVEN strangers the host did not allow WHEN they invite the bot, command it in a shared room or get named as a partner THEN each is refused politely once, reaches nothing, and nothing of theirs is stored")
    void strangersAreRefusedOnceAndLeaveNoTrace() throws Exception {
        startBot();
        SimulatedUser mallory = standIn.register("@mallory:evil.example", "Mallory");
        SimulatedUser eve = standIn.register("@eve:elsewhere.example", "Eve");

        String first = mallory.createDirectRoom(MatrixTestBot.BOT);
        String second = mallory.createDirectRoom(MatrixTestBot.BOT);
        assertEquals(Notices.REFUSAL, awaitBotLeave(first).path("reason").asText());
        assertFalse(awaitBotLeave(second).has("reason"), "the second invite is declined without a word");
        assertTrue(standIn.timeline(first).stream().noneMatch(joinedBy(MatrixTestBot.BOT)), "never joined");

        String aliceRoom = Conversations.openDm(alice);
        String group = alice.createGroupRoom(List.of(MatrixTestBot.BOT, eve.userId()));
        eve.join(group);
        Conversations.awaitJoined(standIn, group);
        eve.say(group, "!afterglow help");
        eve.say(group, "!afterglow partner invite @alice:local");
        alice.say(aliceRoom, "!afterglow partner invite @mallory:evil.example");

        String named = body(await(alice, "can't use this bot here"));
        assertFalse(named.contains("can't find"), "whether a stranger exists is not said: " + named);
        JsonNode refusal = eve.awaitMessage(m -> body(m).equals(Notices.REFUSAL), Conversations.WAIT);
        assertEquals("m.notice", refusal.path("msgtype").asText());
        alice.say(aliceRoom, "!afterglow partner");
        await(alice, "partner");
        assertEquals(1, count(eve, "Afterglow bot is private"), "one refusal, not one per command");
        assertEquals(0, count(alice, "would like to be check-in partners"));
        assertTrue(fromBot(mallory).isEmpty(), "Mallory was never written to");

        bot.stop();
        for (String trace : List.of("mallory", "evil.example", "@eve", "elsewhere.example")) {
            assertFalse(RawFiles.contain(dir, trace), "the data files hold nothing of a stranger: " + trace);
        }
    }

    @Test
    @DisplayName("GIVEN Alice invites the bot to an end-to-end encrypted DM WHEN it sees the invite THEN it declines, says why, and talks with her in a new unencrypted DM")
    void encryptedInviteMovesToANewDm() throws Exception {
        startBot();
        String encrypted = alice.createEncryptedDirectRoom(MatrixTestBot.BOT);

        await(alice, "You tried to talk to me in an end-to-end encrypted room");
        assertEquals(Notices.ENCRYPTED_INVITE, awaitBotLeave(encrypted).path("reason").asText());
        String dm = alice.pendingInvites().get(0);
        assertTrue(standIn.timeline(dm).stream().noneMatch(e -> e.path("type").asText().equals("m.room.encryption")));
        alice.join(dm);
        alice.say(dm, "!afterglow help");
        await(alice, "partner invite");
        assertEquals(1, count(alice, "not end-to-end encrypted"), "the new DM heard the greeting once");
    }

    @Test
    @DisplayName("GIVEN Alice turns encryption on in her DM WHEN she writes there THEN the bot says it cannot read it, leaves, and opens a new unencrypted DM that works")
    void dmTurnedEncryptedMovesToANewDm() throws Exception {
        startBot();
        String old = Conversations.openDm(alice);
        alice.enableEncryption(old);
        alice.say(old, "can you read this?");

        await(alice, "I can't read end-to-end encrypted messages");
        await(alice, "You tried to talk to me in an end-to-end encrypted room");
        awaitBotLeave(old);
        String dm = alice.pendingInvites().get(0);
        alice.join(dm);
        alice.say(dm, "!afterglow help");
        await(alice, "partner invite");
        assertEquals(1, count(alice, "I can't read end-to-end encrypted messages"), "said once");
    }

    @Test
    @DisplayName("GIVEN an access token the homeserver does not know WHEN the bot starts THEN it stops with a message that says what to fix, without the token")
    void invalidTokenStopsWithAClearMessage() throws Exception {
        BotAccount wrong = new BotAccount(account.userId(), account.password(), "refused-test-token", account.deviceId());
        bot = matrix.bot(MatrixTestBot.config(standIn, wrong, List.of("@alice:local")));
        assertThrows(AssertionError.class, bot::start, "it never gets to sync");
        MatrixLoginException refused = assertThrows(MatrixLoginException.class, bot.bot()::awaitTermination);
        assertTrue(refused.getMessage().contains("refused the access token for " + account.userId()), refused.getMessage());
        assertTrue(refused.getMessage().contains("matrix.access_token"), refused.getMessage());
        assertFalse(refused.getMessage().contains("refused-test-token"));
    }

    @Test
    @DisplayName("GIVEN a password instead of a token WHEN the bot starts twice THEN it logs in once, keeps the token sealed, and the second start needs no password")
    void passwordIsUsedOnce() throws Exception {
        bot = matrix.bot(MatrixTestBot.passwordConfig(standIn, account, List.of("@alice:local"))).start();
        String room = Conversations.openDm(alice);
        bot.restart();
        alice.say(room, "!afterglow help");
        await(alice, "partner invite");

        assertEquals(1, standIn.requestCount("POST", "/login$"));
        bot.stop();
        assertFalse(RawFiles.contain(dir, "standin_token_"), "the kept token is sealed at rest");
    }

    @Test
    @DisplayName("GIVEN Alice erases her data WHEN the bot has said goodbye THEN nothing in its files links to her, and when she writes again it starts fresh in the same room")
    void erasureLeavesNoLinkAndStartsFresh() throws Exception {
        startBot();
        List<String> rooms = Conversations.partners(alice, bob);
        alice.say(rooms.get(0), "!afterglow mydata delete confirm");
        await(alice, "Everything I kept about you is erased");
        await(bob, "ended");

        bot.stop();
        assertFalse(RawFiles.contain(dir, "@alice:local"), "no trace of Alice's id");
        assertFalse(RawFiles.contain(dir, Digest.of("@alice:local")), "not even the adapter's key for her");
        bot.start();

        alice.say(rooms.get(0), "!afterglow partner");
        await(alice, "partner invite");
        assertEquals(1, count(alice, "not end-to-end encrypted"), "the room had its greeting already");
    }

    private JsonNode awaitBotLeave(String roomId) {
        return Await.until(Conversations.WAIT, "leave of the bot from " + roomId, () -> standIn.timeline(roomId).stream()
                        .filter(event -> event.path("state_key").asText().equals(MatrixTestBot.BOT)
                                && event.path("content").path("membership").asText().equals("leave"))
                        .findFirst(), Optional::isPresent)
                .orElseThrow().path("content");
    }

    private static Predicate<JsonNode> joinedBy(String userId) {
        return e -> e.path("state_key").asText().equals(userId) && e.path("content").path("membership").asText().equals("join");
    }
}

package app.afterglow.matrix;

import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import app.afterglow.testing.matrix.StoredMedia;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static app.afterglow.matrix.Conversations.await;
import static app.afterglow.matrix.Conversations.body;
import static app.afterglow.matrix.Conversations.fromBot;
import static app.afterglow.matrix.Conversations.say;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The product over Matrix, as two people in Element would use it, against the stand-in. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MatrixEndToEndTest {
    @RegisterExtension
    final MatrixPair matrix = MatrixPair.started();
    MatrixStandIn standIn;
    MatrixTestBot bot;
    SimulatedUser alice;
    SimulatedUser bob;

    @BeforeEach
    void names() {
        standIn = matrix.standIn();
        bot = matrix.bot();
        alice = matrix.alice();
        bob = matrix.bob();
    }

    @Test
    @DisplayName("GIVEN the homeserver refuses every send into Bob's DM with a 400 WHEN Alice starts a check-in with him "
            + "THEN Alice is told it didn't reach him, with the code and nothing of the check-in, and it is not tried again")
    void refusedSendTellsWhoeverCausedIt() throws Exception {
        List<String> rooms = Conversations.partners(alice, bob);
        String intoBobsDm = Pattern.quote(rooms.get(1)) + "/send/";
        standIn.failNext(50, 400, intoBobsDm);

        alice.say(rooms.get(0), "!afterglow checkin followup");

        String told = body(await(alice, "refused a message I had for"));
        assertTrue(told.contains("Bob") && told.contains("M_UNKNOWN (HTTP 400)"), told);
        assertFalse(told.contains("1 of 3"), told);
        long tried = standIn.requestCount("PUT", intoBobsDm);
        assertTrue(tried > 0);
        bot.advance(Duration.ofHours(2));
        assertEquals(tried, standIn.requestCount("PUT", intoBobsDm), "given up: never tried again");
    }

    @Test
    @DisplayName("GIVEN two partners on Matrix WHEN they go through before, after and the next day's follow-up THEN each reveal holds exactly the answers both shared, and nothing else ever crosses")
    void wholeFlowEndsInTheExactReveal() throws Exception {
        List<String> rooms = Conversations.partners(alice, bob);
        String aliceRoom = rooms.get(0);
        String bobRoom = rooms.get(1);

        alice.say(aliceRoom, "!afterglow session start");
        await(alice, "1 of 9");
        await(bob, "1 of 9");
        say(alice, aliceRoom, "3", "1", "a warm bath first", "skip", "skip", "skip", "skip", "skip", "skip",
                "share 1", "share 3", "submit");
        say(bob, bobRoom, "5", "2", "talk first", "skip", "skip", "skip", "skip", "skip", "skip", "share 1", "submit");
        assertEquals(reveal("Before you begin with Bob", "How much pain or discomfort is in your body today?",
                "You: 3 of 10", "Bob: 5 of 10"), body(await(alice, "what you both shared")));
        assertEquals(reveal("Before you begin with Alice", "How much pain or discomfort is in your body today?",
                "You: 5 of 10", "Alice: 3 of 10"), body(await(bob, "what you both shared")));

        alice.say(aliceRoom, "!afterglow session end");
        await(alice, "1 of 7");
        await(bob, "1 of 7");
        say(alice, aliceRoom, "7", "1 2", "skip", "the slow start", "skip", "skip", "skip", "share 4", "submit");
        say(bob, bobRoom, "8", "skip", "skip", "holding you after", "skip", "skip", "skip", "share 4", "share 1", "submit");
        assertEquals(reveal("Aftercare with Bob", "What did you enjoy most?", "You: the slow start",
                "Bob: holding you after"), body(await(alice, "what you both shared")));
        assertEquals(reveal("Aftercare with Alice", "What did you enjoy most?", "You: holding you after",
                "Alice: the slow start"), body(await(bob, "what you both shared")));

        bot.advance(Duration.ofHours(21));
        await(alice, "1 of 3");
        await(bob, "1 of 3");
        say(alice, aliceRoom, "1", "a little sore, all good", "a long hug tonight", "share 2", "share 3", "submit");
        say(bob, bobRoom, "2", "felt close all day", "more of the same", "share 3", "submit");
        JsonNode lastToAlice = await(alice, "what you both shared");
        assertEquals(reveal("Checking in with Bob", "Is there anything you need from your partner today?",
                "You: a long hug tonight", "Bob: more of the same"), body(lastToAlice));
        assertEquals("<p><strong>Checking in with Bob · what you both shared</strong></p>"
                + "<p>Is there anything you need from your partner today?</p>"
                + "<blockquote>You: a long hug tonight</blockquote><blockquote>Bob: more of the same</blockquote>"
                + "<p><em>Only answers you both chose to share are shown here. <code>!afterglow history</code> keeps them "
                + "for you.</em></p>", lastToAlice.path("formatted_body").asText());
        assertEquals("org.matrix.custom.html", lastToAlice.path("format").asText());
        assertEquals(reveal("Checking in with Alice", "Is there anything you need from your partner today?",
                "You: more of the same", "Alice: a long hug tonight"), body(await(bob, "what you both shared")));

        String toBob = String.join("\n", fromBot(bob));
        for (String alicesOwn : List.of("a warm bath first", "a little sore", "7 of 10")) {
            assertFalse(toBob.contains(alicesOwn), "Bob never sees what only Alice shared or kept: " + alicesOwn);
        }
        String toAlice = String.join("\n", fromBot(alice));
        for (String bobsOwn : List.of("talk first", "felt close all day", "8 of 10")) {
            assertFalse(toAlice.contains(bobsOwn), "Alice never sees what only Bob shared or kept: " + bobsOwn);
        }
        for (JsonNode sent : alice.messagesFrom(MatrixTestBot.BOT)) {
            assertEquals(new ObjectMapper().createObjectNode(), sent.path("m.mentions"), "no message can ping: " + body(sent));
        }
    }

    @Test
    @DisplayName("GIVEN a shared room (Bob only invited so far) WHEN Alice types a command there THEN the answer comes in her DM and the room only hears that it did")
    void commandInASharedRoomIsAnsweredInTheDm() throws Exception {
        String group = alice.createGroupRoom(List.of(MatrixTestBot.BOT, bob.userId()));
        Conversations.awaitJoined(standIn, group);

        alice.say(group, "!afterglow help");
        String dm = Conversations.joinBotsDm(alice, "Every answer stays private unless you both choose to share it");
        assertTrue(standIn.timeline(dm).stream().anyMatch(e -> body(e.path("content")).contains("!afterglow partner invite")),
                "the help is in the DM");
        List<String> inGroup = standIn.timeline(group).stream()
                .filter(e -> e.path("sender").asText().equals(MatrixTestBot.BOT) && e.path("type").asText().equals("m.room.message"))
                .map(e -> body(e.path("content"))).toList();
        assertEquals(List.of("I've sent you a direct message."), inGroup);
        bob.join(group);
        assertTrue(fromBot(bob).stream().noneMatch(b -> b.contains("partner invite")), "Bob saw only the pointer");

        alice.say(group, "what a lovely evening");
        alice.say(dm, "!afterglow settings");
        await(alice, "Time zone");
        assertEquals(1, standIn.timeline(group).stream().filter(e -> e.path("sender").asText().equals(MatrixTestBot.BOT)
                && e.path("type").asText().equals("m.room.message")).count(), "ordinary talk in a shared room is not answered");
    }

    @Test
    @DisplayName("GIVEN Alice's answers WHEN she asks for her data THEN it arrives in her DM as a JSON file in the media repository, with only her own answers")
    void exportArrivesAsAFile() throws Exception {
        List<String> rooms = Conversations.partners(alice, bob);
        alice.say(rooms.get(0), "!afterglow checkin followup");
        await(alice, "1 of 3");
        say(alice, rooms.get(0), "1", "alice-export-words", "skip", "submit");
        await(alice, "that's sent");
        alice.say(rooms.get(0), "!afterglow mydata export");

        await(alice, "everything I keep about you");
        JsonNode file = alice.awaitMessage(m -> m.path("msgtype").asText().equals("m.file"), Conversations.WAIT);
        assertEquals("afterglow-export.json", body(file));
        assertEquals("application/json", file.path("info").path("mimetype").asText());
        StoredMedia media = standIn.media(file.path("url").asText()).orElseThrow();
        JsonNode export = new ObjectMapper().readTree(media.text());
        assertEquals("@alice:local", export.path("person").path("platform_user_id").asText());
        assertTrue(media.text().contains("alice-export-words"));
        assertEquals(media.data().length, file.path("info").path("size").asInt());
        assertEquals(1, standIn.requestCount("POST", "/upload"));
    }

    @Test
    @DisplayName("GIVEN Alice's first words went into a new DM before the bot joined WHEN it joins THEN it answers them, while a command said in a shared room before it came is left alone")
    void historyBeforeTheJoinCountsOnlyInADm() throws Exception {
        bot.stop();
        String dm = alice.createDirectRoom(MatrixTestBot.BOT);
        alice.say(dm, "!afterglow help");
        String group = bob.createGroupRoom(List.of(MatrixTestBot.BOT, alice.userId()));
        alice.join(group);
        bob.say(group, "!afterglow help");
        bot.start();

        await(alice, "partner invite");
        Conversations.awaitJoined(standIn, group);
        bob.say(group, "!afterglow settings");
        await(bob, "I've sent you a direct message");
        assertEquals(0, Conversations.count(bob, "partner invite"), "the command from before the bot came was not answered");
    }

    @Test
    @DisplayName("GIVEN Alice names Bob with Element's mention pill WHEN she invites him THEN the bot reads the pill's user id and Bob is invited; naming the bot itself is refused")
    void partnerNamedByPill() throws Exception {
        String room = Conversations.openDm(alice);
        alice.sayHtml(room, "!afterglow partner invite Bob",
                "!afterglow partner invite <a href=\"https://matrix.to/#/@bob:local\">Bob</a>");
        await(bob, "Alice would like to be check-in partners");
        alice.say(room, "!afterglow partner invite " + MatrixTestBot.BOT);
        await(alice, "Bots can't be partners");
    }

    @Test
    @DisplayName("GIVEN the invite tells Bob what to reply, with Alice's id defused WHEN he copies that reply exactly THEN it works")
    void copiedReplyWordsWork() throws Exception {
        String room = Conversations.openDm(alice);
        alice.say(room, "!afterglow partner invite @bob:local");
        String invite = body(await(bob, "would like to be check-in partners"));
        int start = invite.indexOf("!afterglow partner accept");
        String accept = invite.substring(start, invite.indexOf(" · ", start));
        assertEquals("!afterglow partner accept @\u2060alice:local", accept);
        String bobRoom = bob.pendingInvites().get(0);
        bob.join(bobRoom);
        bob.say(bobRoom, accept);
        await(alice, "said yes");
    }

    private static String reveal(String heading, String question, String mine, String theirs) {
        return "** " + heading + " · what you both shared **\n" + question + "\n   > " + mine + "\n   > " + theirs
                + "\n   Only answers you both chose to share are shown here. !afterglow history keeps them for you.";
    }
}

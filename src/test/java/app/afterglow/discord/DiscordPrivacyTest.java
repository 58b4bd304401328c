package app.afterglow.discord;

import app.afterglow.testing.DiscordPair;
import app.afterglow.testing.DiscordTestBot;
import app.afterglow.testing.TestLog;
import app.afterglow.testing.discord.RecordedCall;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.SlashOption;
import app.afterglow.testing.discord.StandInMessage;
import app.afterglow.testing.discord.StandInUser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Discord shows of people's words, and to whom. */
@Timeout(60)
class DiscordPrivacyTest {
    private static final String HOSTILE = "@everyone look <@123> and <@&456>, [x](https://evil)\n```js\nalert(1)\n```\n"
            + "# big\n> quoted\n- listed ||spoiler|| **bold** @here";
    /** Each dangerous piece of {@link #HOSTILE} as it must appear: escaped, so Discord shows it literally. */
    private static final Map<String, String> ESCAPED = Map.of(
            "@everyone", "\\@everyone",
            "<@123>", "\\<\\@123\\>",
            "<@&456>", "\\<\\@&456\\>",
            "[x](https://evil)", "\\[x\\]\\(https\\://evil\\)",
            "```js", "\\`\\`\\`js",
            "# big", "\\# big",
            "> quoted", "\\> quoted",
            "- listed ||spoiler|| **bold** @here", "\\- listed \\|\\|spoiler\\|\\| \\*\\*bold\\*\\* \\@here");

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
    @DisplayName("GIVEN every command used in a server channel WHEN the bot answers THEN every acknowledgement, "
            + "reply and follow-up there is ephemeral, carries no controls, and questions go to DMs")
    void everyGuildReplyIsEphemeral() {
        List<SentInteraction> sent = new ArrayList<>();
        sent.add(await(bot.slash(bot.general(), alice, "help"), "Afterglow"));
        sent.add(await(bot.slash(bot.general(), alice, "partner invite", SlashOption.user("person", bob)), "invited"));
        StandInMessage invitation = bot.awaitDm(bob, "would like to be check-in partners");
        sent.add(await(bot.slash(bot.general(), bob, "partner accept"), "now check-in partners"));
        sent.add(await(bot.slash(bot.general(), alice, "partner list"), "Your partners"));
        sent.add(await(bot.slash(bot.general(), alice, "session start"), "direct message"));
        bot.awaitDm(alice, "1 of 9");
        sent.add(await(bot.slash(bot.general(), alice, "checkin", SlashOption.string("kind", "resume")), "direct message"));
        sent.add(await(bot.slash(bot.general(), alice, "prefs"), "direct message"));
        sent.add(await(bot.slash(bot.general(), alice, "history"), "gives you everything"));
        sent.add(await(bot.slash(bot.general(), alice, "settings", SlashOption.string("timezone", "Europe/Berlin"),
                SlashOption.string("quiet", "23:00-07:00")), "Europe/Berlin"));
        sent.add(await(bot.slash(bot.general(), alice, "mydata export"), "JSON file"));
        sent.add(await(bot.slash(bot.general(), alice, "session end"), "direct message"));
        sent.add(await(bot.slash(bot.general(), bob, "mydata delete"), "direct message"));
        sent.add(await(bot.slash(bot.general(), alice, "partner end"), "has ended"));
        assertTrue(bot.standIn().repliesTo(sent.get(9)).stream().anyMatch(m -> !m.json().path("attachments").isEmpty()),
                "the export file rides on the ephemeral reply");

        for (SentInteraction interaction : sent) {
            RecordedCall ack = bot.awaitCallback(interaction);
            assertEquals(64, ack.body().at("/data/flags").asInt() & 64, "acknowledgement " + ack.body());
            for (RecordedCall followUp : bot.standIn().callsTo("webhooks/\\d+/" + interaction.token())) {
                assertEquals(64, followUp.body().path("flags").asInt() & 64, "follow-up " + followUp.body());
            }
        }
        List<StandInMessage> inGuild = bot.standIn().messages().stream()
                .filter(m -> m.channelId() == bot.general().id()).toList();
        assertTrue(inGuild.size() >= sent.size(), "every command was answered: " + inGuild.size());
        for (StandInMessage message : inGuild) {
            assertTrue(message.ephemeral(), "not ephemeral: " + message.json());
            assertEquals(List.of(), message.componentIds(), "controls in a server channel: " + message.json());
        }
        assertFalse(invitation.componentIds().isEmpty(), "the invite's buttons are in bob's DM");
    }

    @Test
    @DisplayName("GIVEN a partner whose answer and name are full of mentions, links, code fences and markdown "
            + "WHEN the other partner reads them THEN every one is escaped, no message allows any mention, and none is logged")
    void hostileWordsStayInert() throws IOException {
        StandInUser mallory = bot.person("*mallory* @here <@&9>");
        SentInteraction invite = bot.slash(bot.general(), mallory, "partner invite", SlashOption.user("person", alice));
        bot.awaitReply(invite, "invited");
        StandInMessage invitation = bot.awaitDm(alice, "would like to be check-in partners");
        assertTrue(invitation.content().startsWith("**\\*mallory\\* \\@here \\<\\@&9\\> would like"), invitation.content());
        bot.click(alice, invitation, "Accept");
        bot.awaitDm(mallory, "said yes");

        StandInMessage m = bot.startFollowup(mallory);
        StandInMessage a = bot.awaitDm(alice, "1 of 3");
        m = bot.step(m, x -> bot.click(mallory, x, "Skip"));
        m = bot.step(m, x -> bot.write(mallory, x, HOSTILE));
        a = bot.step(a, x -> bot.click(alice, x, "Skip"));
        a = bot.step(a, x -> bot.write(alice, x, "Nothing much"));
        m = bot.step(m, x -> bot.click(mallory, x, "Skip"));
        a = bot.step(a, x -> bot.click(alice, x, "Skip"));
        assertInert(m.content());
        m = bot.step(m, x -> bot.click(mallory, x, "Share all"));
        a = bot.step(a, x -> bot.click(alice, x, "Share all"));
        bot.step(m, x -> bot.click(mallory, x, "Submit"));
        bot.step(a, x -> bot.click(alice, x, "Submit"));

        StandInMessage reveal = bot.awaitDm(alice, "what you both shared");
        assertInert(reveal.content());
        assertTrue(reveal.content().contains("> \\*mallory\\* \\@here \\<\\@&9\\>: \\@everyone look"), reveal.content());
        for (RecordedCall call : bot.standIn().calls()) {
            if (call.body().has("content")) {
                JsonNode allowed = call.body().path("allowed_mentions");
                assertTrue(allowed.path("parse").isArray() && allowed.path("parse").isEmpty()
                        && !allowed.has("users") && !allowed.has("roles"), call.path() + " allows mentions: " + allowed);
            }
        }
        String logged = TestLog.text();
        for (String words : List.of("https://evil", "alert(1)", "mallory", "Nothing much")) {
            assertFalse(logged.contains(words), "a person's words in the log: " + words);
        }
    }

    @Test
    @DisplayName("GIVEN someone outside a check-in WHEN they send a click with a custom id copied from a partner's "
            + "question THEN they alone are told it isn't theirs, and nothing changes for anyone")
    void someoneElsesButtonChangesNothing() {
        bot.becomePartners(alice, bob);
        StandInUser carol = bot.person("carol");
        StandInMessage question = bot.startFollowup(alice);
        SentInteraction help = bot.slash(bot.dm(carol), carol, "help");
        StandInMessage carrier = bot.awaitReply(help, "Afterglow").get(0);

        SentInteraction forged = bot.standIn().forgeButtonClick(carol, carrier, DiscordTestBot.buttonId(question, "Skip"));

        List<StandInMessage> replies = bot.awaitReply(forged, "isn't yours");
        StandInMessage notice = replies.get(replies.size() - 1);
        assertTrue(notice.ephemeral(), notice.json().toString());
        assertEquals(carrier.content(), now(carrier).content(), "carol's message untouched");
        RecordedCall response = bot.awaitCallback(forged);
        assertEquals(4, response.body().path("type").asInt(), "a new message, not an update of carol's");
        assertEquals(64, response.body().at("/data/flags").asInt() & 64, "ephemeral");
        StandInMessage moved = bot.step(question, x -> bot.click(alice, x, "Skip"));
        assertTrue(moved.content().contains("2 of 3"), "alice's check-in was where she left it: " + moved.content());
    }

    @Test
    @DisplayName("GIVEN an older copy of a question and a finished check-in WHEN their buttons are pressed "
            + "THEN the person is told so ephemerally, the old message stays as it was, and nothing changes")
    void staleButtonsChangeNothing() {
        bot.becomePartners(alice, bob);
        StandInMessage old = bot.startFollowup(alice);
        SentInteraction resume = bot.slash(bot.dm(alice), alice, "checkin", SlashOption.string("kind", "resume"));
        StandInMessage current = bot.awaitReply(resume, "1 of 3").get(0);
        current = bot.step(current, x -> bot.choose(alice, x, "Calm"));

        SentInteraction stale = bot.click(alice, old, "Skip");

        List<StandInMessage> replies = bot.awaitReplies(stale, r -> r.size() >= 2);
        assertEquals(old.content(), now(old).content(), "the pressed message is left as it was");
        assertTrue(replies.get(0).ephemeral() && replies.get(0).content().contains("earlier step"), replies.get(0).json().toString());
        assertTrue(replies.get(1).content().contains("2 of 3"), "still at the second question: " + replies.get(1).content());

        current = bot.skipToReview(alice, current);
        bot.step(current, x -> bot.click(alice, x, "Submit"));
        StandInMessage bobs = bot.awaitDm(bob, "1 of 3");
        bobs = bot.skipToReview(bob, bobs);
        bot.step(bobs, x -> bot.click(bob, x, "Submit"));
        bot.awaitDm(alice, "what you both shared");

        SentInteraction finished = bot.click(alice, old, "Skip");
        List<StandInMessage> after = bot.awaitReply(finished, "already finished");
        assertTrue(after.get(after.size() - 1).ephemeral());
        assertEquals(old.content(), now(old).content());
    }

    private StandInMessage now(StandInMessage message) {
        return bot.standIn().messages().stream().filter(m -> m.id() == message.id()).findFirst().orElseThrow();
    }

    private SentInteraction await(SentInteraction sent, String text) {
        bot.awaitReply(sent, text);
        return sent;
    }

    @Test
    @DisplayName("GIVEN an answer form opened before the check-in moved on WHEN it is sent THEN nothing changes, and the "
            + "person is shown what they wrote, to them alone, so that it is not lost")
    void aLateAnswerFormShowsBackWhatWasWritten() {
        bot.becomePartners(alice, bob);
        StandInMessage question = bot.step(bot.startFollowup(alice), x -> bot.choose(alice, x, "Calm"));
        assertTrue(question.content().contains("2 of 3"), question.content());
        DiscordTestBot.Form form = bot.openForm(alice, question);
        StandInMessage moved = bot.step(question, x -> bot.click(alice, x, "Skip"));
        assertTrue(moved.content().contains("3 of 3"), moved.content());

        SentInteraction late = bot.send(alice, moved, form, "words written *late* <@1>");

        StandInMessage notice = bot.awaitReply(late, "earlier step").stream()
                .filter(m -> m.content().contains("earlier step")).findFirst().orElseThrow();
        assertTrue(notice.ephemeral(), notice.json().toString());
        assertTrue(notice.content().contains("words written \\*late\\*"), "shown back, inert: " + notice.content());
        assertFalse(notice.content().contains("<@1>"), "no live mention: " + notice.content());
        SentInteraction resume = bot.slash(bot.dm(alice), alice, "checkin", SlashOption.string("kind", "resume"));
        assertTrue(bot.awaitReply(resume, "3 of 3").get(0).content().contains("3 of 3"), "nothing changed");
    }

    /** The hostile answer is there, escaped; no mention, link, fence or markup in the message is live. */
    private static void assertInert(String content) {
        ESCAPED.values().forEach(escaped -> assertTrue(content.contains(escaped), "missing " + escaped + " in " + content));
        for (String raw : List.of("@everyone", "@here", "<@", "](", "```", "||", "**bold")) {
            for (int i = content.indexOf(raw); i >= 0; i = content.indexOf(raw, i + 1)) {
                assertTrue(i > 0 && content.charAt(i - 1) == '\\', "unescaped " + raw + " at " + i + " in " + content);
            }
        }
    }
}

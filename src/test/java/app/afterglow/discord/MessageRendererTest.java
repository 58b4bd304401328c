package app.afterglow.discord;

import app.afterglow.core.Input;
import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Attachment;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Prompt;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.QuestionType;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.actionrow.ActionRowChildComponent;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.modals.Modal;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the core's messages look on Discord, without Discord. */
class MessageRendererTest {
    private static final PersonId ALICE = new PersonId(1);
    private final MessageRenderer renderer = new MessageRenderer();

    private static String line(Line line) {
        return DiscordText.appendLine(new StringBuilder(), line).toString();
    }

    private static String inert(String text) {
        return DiscordText.appendInert(new StringBuilder(), text).toString();
    }

    /** The message as the new messages' data a channel or an interaction would be sent. */
    private List<MessageCreateData> rendered(Message message) {
        return renderer.pieces(message).stream()
                .map(piece -> MessageRenderer.asNew(new MessageCreateBuilder()::setContent, piece).build())
                .toList();
    }

    @Nested
    @DisplayName("Text")
    class Text {
        @Test
        @DisplayName("A person's words keep every character but lose every power: markup, mentions, links, lists")
        void personTextIsInert() {
            assertEquals("\\@everyone \\<\\@&1\\> \\[a\\]\\(https\\://x\\) \\`\\`\\` \\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\|\\|p\\|\\|",
                    inert("@everyone <@&1> [a](https://x) ``` **b** _i_ ~~s~~ ||p||"));
            assertEquals("\\# h\n\\> q\n\\- l\n 12\\. n\n\\+ p\nwell-being 3.5", inert("# h\n> q\n- l\n 12. n\n+ p\nwell-being 3.5"));
            assertEquals("a\\\\\\*b", inert("a\\*b"));
            assertEquals("tab\there, bell gone 💜", inert("tab\there, bell\u0007 gone 💜"));
        }

        @Test
        @DisplayName("Lines read as Discord markdown, and commands as slash commands, a user id as their name")
        void linesAndCommands() {
            assertEquals("**Hi \\*bob\\***", line(Line.title("Hi ", Segment.person("*bob*"))));
            assertEquals("> one\n> two", line(Line.quote(Segment.person("one\ntwo"))));
            assertEquals("-# Say `/partner end`.", line(Line.note("Say ", Segment.command("partner end"), ".")));
            assertEquals("`/partner invite` <@123456789012345678> again",
                    line(Line.text(Segment.command("partner invite 123456789012345678"), " again")));
            assertEquals("`/settings timezone Europe/Berlin`", line(Line.text(Segment.command("settings timezone Europe/Berlin"))));
        }

        @Test
        @DisplayName("Long content is split at line breaks into messages Discord accepts, never inside an escape")
        void longContentIsSplit() {
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                lines.add(Line.quote(Segment.person("*".repeat(300))));
            }
            List<MessageCreateData> parts = rendered(Message.of(ALICE, lines));
            assertTrue(parts.size() > 1);
            StringBuilder all = new StringBuilder();
            for (MessageCreateData part : parts) {
                assertTrue(part.getContent().length() <= 2000, "part of " + part.getContent().length());
                assertTrue(part.getContent().startsWith("> \\*"), "an escape or a quote cut in half");
                all.append(part.getContent()).append('\n');
            }
            assertEquals(12 * 300, all.toString().replace("\\*", "*").chars().filter(c -> c == '*').count());
        }

        @Test
        @DisplayName("A quote or note marks every physical line that has words, and leaves blank ones empty")
        void markersOnlyOnLinesWithWords() {
            assertEquals("> one\n\n\n> two", line(Line.quote(Segment.person("one\n\n  \ntwo"))));
            assertEquals("-# first\n-#  indented\n", line(Line.note("first\n indented\n\t")));
            assertEquals("**a**\n> \\*b\\*\n-# c", renderer.pieces(Message.of(ALICE, List.of(Line.title("a"),
                    Line.quote(Segment.person("*b*")), Line.note("c")))).get(0).content());
        }

        @Test
        @DisplayName("Across random lines, a quote or note marks exactly the physical lines that have words, and a "
                + "title wraps the whole line: the person's words inert, nothing else changed")
        void randomLinesAreMarkedLineByLine() {
            Random random = new Random(31);
            String alphabet = "ab *_>#-1. \n\n\t@";
            for (int trial = 0; trial < 2000; trial++) {
                List<Segment> segments = new ArrayList<>();
                StringBuilder expectedText = new StringBuilder();
                for (int n = random.nextInt(4); n >= 0; n--) {
                    StringBuilder text = new StringBuilder();
                    for (int i = random.nextInt(12); i > 0; i--) {
                        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    boolean person = random.nextBoolean();
                    Segment segment = person ? Segment.person(text.toString()) : Segment.bot(text.toString());
                    segments.add(segment);
                    expectedText.append(person ? inert(segment.text()) : segment.text());
                }
                Object[] parts = segments.toArray();
                String title = line(Line.title(parts));
                assertEquals("**" + expectedText + "**", title);
                String quote = line(Line.quote(parts));
                String note = line(Line.note(parts));
                String[] physical = expectedText.toString().split("\n", -1);
                String[] quoted = quote.split("\n", -1);
                String[] noted = note.split("\n", -1);
                assertEquals(physical.length, quoted.length, quote);
                assertEquals(physical.length, noted.length, note);
                for (int i = 0; i < physical.length; i++) {
                    boolean words = !physical[i].isBlank();
                    assertEquals(words ? "> " + physical[i] : "", quoted[i], quote);
                    assertEquals(words ? "-# " + physical[i] : "", noted[i], note);
                }
            }
        }

        @Test
        @DisplayName("Content that fits is one message as it is, without empty lines before it; blank content is none")
        void shortContentIsOneChunk() {
            assertEquals(List.of("a\n\nb \n"), DiscordText.chunks("a\n\nb \n", 2000));
            assertEquals(List.of("a\nb"), DiscordText.chunks("\n\na\nb", 2000));
            assertEquals(List.of(), DiscordText.chunks(" \n\t", 2000));
        }

        @Test
        @DisplayName("One enormous line is cut into pieces that each keep their quote marker")
        void enormousLineIsCut() {
            List<String> chunks = DiscordText.chunks("> " + "\\*".repeat(1500), 2000);
            assertEquals(2, chunks.size());
            chunks.forEach(c -> assertTrue(c.startsWith("> \\*") && c.length() <= 2000 && !c.endsWith("\\") , c));
        }

        @Test
        @DisplayName("Every message allows no mention and shows no link preview; a file rides on the last part")
        void everyMessageIsInert() {
            Message export = new Message(ALICE, List.of(Line.text("Here")), Optional.empty(), List.of(),
                    Optional.of(new Attachment("afterglow-export.json", "application/json", "{}")));
            MessageCreateData part = rendered(export).get(0);
            assertTrue(part.getAllowedMentions().isEmpty());
            assertTrue(part.isSuppressEmbeds());
            assertEquals("afterglow-export.json", part.getFiles().get(0).getName());
        }

        @Test
        @DisplayName("An edit replaces the whole message, as inert as a new one: the very request a new message's data "
                + "made into an edit gives, controls and file included, and a part without controls clears them")
        void anEditReplacesTheWholeMessage() throws Exception {
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                lines.add(Line.quote(Segment.person("@everyone https://example.org " + "x".repeat(250))));
            }
            Message message = new Message(ALICE, lines,
                    Optional.of(new Prompt("ci:1:a:0", QuestionType.ONE, "How?", List.of("one", "two"), 0, 0, "", "", 0)),
                    List.of(Action.reply("Skip", "skip", "ci:1:skip:0", Action.Kind.SECONDARY)),
                    Optional.of(new Attachment("afterglow-export.json", "application/json", "{}")));
            List<MessageRenderer.Piece> pieces = renderer.pieces(message);
            assertTrue(pieces.size() > 1);
            ObjectMapper json = new ObjectMapper();
            for (MessageRenderer.Piece piece : pieces) {
                MessageCreateData asNew = MessageRenderer.asNew(new MessageCreateBuilder()::setContent, piece).build();
                MessageEditData fromNew = MessageEditBuilder.fromCreateData(asNew)
                        .setAllowedMentions(EnumSet.noneOf(MentionType.class))
                        .mentionRepliedUser(false)
                        .setSuppressEmbeds(true)
                        .build();
                MessageEditData edit = MessageRenderer.asEdit(new MessageEditBuilder()::setContent, piece).build();
                assertEquals(json.readTree(fromNew.toData().toString()), json.readTree(edit.toData().toString()));
                assertTrue(edit.toData().hasKey("components"), "controls left over from before would stay");
            }
        }
    }

    @Nested
    @DisplayName("Controls")
    class Controls {
        @Test
        @DisplayName("A 0 to 10 scale is three rows of number buttons above the actions")
        void scaleIsButtons() {
            List<ActionRow> rows = rows(prompt(QuestionType.SCALE, List.of(), 0, 10), steps());
            assertEquals(4, rows.size());
            assertEquals(List.of("0", "1", "2", "3", "4"), labels(rows.get(0)));
            assertEquals(List.of("10"), labels(rows.get(2)));
            assertEquals(Optional.of(new Input.Answer("ci:1:a:0", List.of("7"))),
                    CustomIds.input(((Button) rows.get(1).getComponents().get(2)).getCustomId(), List.of()));
        }

        @Test
        @DisplayName("Up to five choices are buttons; more become a menu; multiple choice is a multi-select")
        void choicesAreButtonsOrMenus() {
            assertEquals(List.of("Yes", "No"), labels(rows(prompt(QuestionType.ONE, List.of("Yes", "No"), 0, 0), steps()).get(0)));
            List<String> six = List.of("a", "b", "c", "d", "e", "f");
            StringSelectMenu one = assertInstanceOf(StringSelectMenu.class,
                    rows(prompt(QuestionType.ONE, six, 0, 0), steps()).get(0).getComponents().get(0));
            assertEquals(1, one.getMaxValues());
            StringSelectMenu many = assertInstanceOf(StringSelectMenu.class,
                    rows(prompt(QuestionType.MANY, six, 0, 0), steps()).get(0).getComponents().get(0));
            assertEquals(1, many.getMinValues());
            assertEquals(6, many.getMaxValues());
            assertEquals(Optional.of(new Input.Answer("ci:1:a:0", List.of("2", "5"))),
                    CustomIds.input(many.getCustomId(), List.of("2", "5")));
        }

        @Test
        @DisplayName("Free text is an Answer button whose modal has the prompt's limit and fits Discord's title and label limits")
        void textOpensAModal() {
            Prompt text = new Prompt("ci:1:a:2", QuestionType.TEXT, "Q".repeat(300), List.of(), 0, 0, "", "", 500);
            Button answer = (Button) rows(text, steps()).get(0).getComponents().get(0);
            assertEquals("Answer", answer.getLabel());
            assertTrue(answer.getCustomId().length() <= 100);
            Modal modal = renderer.modal((CustomIds.OpenText) CustomIds.decode(answer.getCustomId()).orElseThrow());
            Label label = modal.getComponents().get(0).asLabel();
            TextInput input = label.getChild().asTextInput();
            assertEquals(500, input.getMaxLength());
            assertTrue(modal.getTitle().length() <= 45 && label.getLabel().length() <= 45);
            assertEquals(Optional.of(new Input.Answer("ci:1:a:2", List.of("my words"))),
                    CustomIds.input(modal.getId(), List.of("my words")));
        }

        @Test
        @DisplayName("A long review folds its 'Change N' buttons into a menu and stays within five rows")
        void longReviewFoldsIntoMenus() {
            List<Action> actions = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                actions.add(Action.reply("Share " + i, "share " + i, "ci:1:share:q" + i, Action.Kind.PRIMARY));
            }
            for (int i = 1; i <= 12; i++) {
                actions.add(Action.reply("Change " + i, "edit " + i, "ci:1:edit:q" + i, Action.Kind.SECONDARY));
            }
            actions.add(Action.reply("Submit", "submit", "ci:1:submit", Action.Kind.SUCCESS));
            List<ActionRow> rows = rows(null, actions);
            assertTrue(rows.size() <= 5, rows.size() + " rows");
            StringSelectMenu change = (StringSelectMenu) rows.get(rows.size() - 1).getComponents().get(0);
            assertEquals("Change…", change.getPlaceholder());
            assertEquals(12, change.getOptions().size());
            assertEquals(Optional.of(new Input.Press("ci:1:edit:q3")), CustomIds.input(change.getCustomId(), List.of("ci:1:edit:q3")));
            long buttons = rows.stream().flatMap(r -> r.getComponents().stream()).filter(c -> c instanceof Button).count();
            assertTrue(buttons <= 25);
        }

        private List<ActionRow> rows(Prompt prompt, List<Action> actions) {
            List<ActionRow> rows = app.afterglow.discord.Controls.of(Optional.ofNullable(prompt), actions);
            assertTrue(rows.size() <= 5);
            rows.forEach(r -> assertTrue(r.getComponents().size() <= 5));
            return rows;
        }

        private Prompt prompt(QuestionType type, List<String> options, int min, int max) {
            return new Prompt("ci:1:a:0", type, "How?", options, min, max, "", "", 0);
        }

        private List<Action> steps() {
            return List.of(Action.reply("Skip", "skip", "ci:1:skip:0", Action.Kind.SECONDARY),
                    Action.reply("Stop for now", "stop", "ci:1:stop", Action.Kind.DANGER));
        }

        private List<String> labels(ActionRow row) {
            List<String> labels = new ArrayList<>();
            for (ActionRowChildComponent c : row.getComponents()) {
                labels.add(((Button) c).getLabel());
            }
            return labels;
        }
    }

    @Nested
    @DisplayName("Custom ids")
    class Ids {
        @Test
        @DisplayName("An id the bot never made is handed on as a press of itself, for the core to refuse")
        void unknownIdIsAPress() {
            assertEquals(Optional.of(new Input.Press("from-an-old-version")), CustomIds.input("from-an-old-version", List.of()));
            assertEquals(Optional.of(new Input.Press("a|x|ci:1")), CustomIds.input("a|x|ci:1", List.of()));
        }

        @Test
        @DisplayName("Ids stay within 100 characters or are refused when made")
        void idsStayShort() {
            assertEquals(100, CustomIds.openText("ci:1:a:0", 500, "x".repeat(300)).length());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CustomIds.press("r".repeat(99)));
        }
    }
}

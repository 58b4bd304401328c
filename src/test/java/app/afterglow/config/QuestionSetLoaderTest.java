package app.afterglow.config;

import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Option;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class QuestionSetLoaderTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("questions.yaml"), yaml);
    }

    private static List<String> ids(QuestionSet set) {
        return set.questions().stream().map(Question::id).toList();
    }

    private static List<String> keys(Question question) {
        return question.options().stream().map(Option::key).toList();
    }

    @Nested
    @DisplayName("The built-in sets")
    class BuiltIn {
        private final QuestionCatalog catalog;

        BuiltIn() throws ConfigException {
            catalog = QuestionSetLoader.load(Optional.empty());
        }

        private Question question(CheckinKind kind, String id) {
            return catalog.standard(kind).question(id).orElseThrow(() -> new AssertionError(kind + " has no " + id));
        }

        @Test
        @DisplayName("GIVEN no deployment file THEN there is one set per kind, under the kind's id")
        void fourKinds() {
            for (CheckinKind kind : CheckinKind.values()) {
                assertEquals(kind.id(), catalog.standard(kind).id());
                assertEquals(kind, catalog.standard(kind).kind());
            }
            assertEquals(List.of("before", "after", "followup"),
                    catalog.startable().stream().map(QuestionSet::id).toList());
        }

        @Test
        @DisplayName("The before set asks pain on a 0-10 scale, excited or anxious, limits for this time, and the promise to stop")
        void beforeSet() {
            Question pain = question(CheckinKind.BEFORE, "pain");
            assertEquals(QuestionType.SCALE, pain.type());
            assertEquals(0, pain.min());
            assertEquals(10, pain.max());
            Question feeling = question(CheckinKind.BEFORE, "feeling");
            assertEquals(QuestionType.ONE, feeling.type());
            assertEquals(List.of("excited", "anxious", "both"), keys(feeling));
            assertEquals(QuestionType.MANY, question(CheckinKind.BEFORE, "want_to_feel").type());
            assertEquals(QuestionType.ONE, question(CheckinKind.BEFORE, "stop").type());
            for (String id : List.of("avoid_places", "skip_acts", "toy", "craving")) {
                assertEquals(QuestionType.TEXT, question(CheckinKind.BEFORE, id).type(), id);
                assertEquals(500, question(CheckinKind.BEFORE, id).maxLength(), id);
            }
        }

        @Test
        @DisplayName("The after set starts warm, offers needs to send now, and asks what you didn't love only after what felt good")
        void afterSet() {
            QuestionSet after = catalog.standard(CheckinKind.AFTER);
            assertEquals(List.of("body", "mood", "needs", "favourite", "felt_good", "didnt_love", "next_time"), ids(after));
            assertEquals(QuestionType.SCALE, question(CheckinKind.AFTER, "body").type());
            assertEquals(QuestionType.MANY, question(CheckinKind.AFTER, "mood").type());
            Question needs = question(CheckinKind.AFTER, "needs");
            assertEquals(QuestionType.MANY, needs.type());
            assertTrue(needs.sendNow());
            assertEquals(List.of("water", "bathroom", "blanket", "cuddling", "quiet", "space", "snack", "talk"),
                    keys(needs));
        }

        @Test
        @DisplayName("Only the needs-right-now question may be sent before the reveal")
        void onlyNeedsSendNow() {
            List<String> sendNow = Stream.of(CheckinKind.values())
                    .flatMap(kind -> catalog.standard(kind).questions().stream()
                            .filter(Question::sendNow)
                            .map(q -> kind.id() + "." + q.id()))
                    .toList();

            assertEquals(List.of("after.needs"), sendNow);
        }

        @Test
        @DisplayName("The follow-up asks how you are today, what came up since, and what you need from your partner")
        void followupSet() {
            assertEquals(List.of("today", "since", "need"), ids(catalog.standard(CheckinKind.FOLLOWUP)));
        }

        @Test
        @DisplayName("Aftercare preferences offer every need plus closeness, tender words, lingering, something sweet")
        void prefsSet() {
            Question comedown = question(CheckinKind.PREFS, "comedown");
            assertEquals(QuestionType.MANY, comedown.type());
            assertTrue(keys(comedown).containsAll(keys(question(CheckinKind.AFTER, "needs"))));
            assertTrue(keys(comedown).containsAll(List.of("held", "tender_words", "linger", "sweet", "eye_contact",
                    "shower")));
            assertEquals(QuestionType.TEXT, question(CheckinKind.PREFS, "notes").type());
        }

        @Test
        @DisplayName("Every check-in says up front that answers stay private unless both share")
        void introsPromisePrivacy() {
            for (QuestionSet set : catalog.startable()) {
                assertTrue(set.intro().contains("private") && set.intro().contains("both"), set.id());
            }
        }
    }

    @Nested
    @DisplayName("A deployment's own file")
    class Deployment {
        @Test
        @DisplayName("GIVEN a file with a set named after a kind and a new one WHEN loaded THEN the first replaces, the second adds")
        void replacesAndAdds() throws Exception {
            Path file = file("""
                    sets:
                      - id: after
                        kind: after
                        title: Short aftercare
                        questions:
                          - {id: ok, type: one, prompt: "Are you okay?", options: [{key: good, label: "Yes"}, {key: not_really, label: Not really}]}
                      - id: date_night
                        kind: before
                        title: Date night
                        intro: Plans for tonight.
                        questions:
                          - {id: mood, type: scale, prompt: "How's your energy?", min: 1, max: 5, min_label: Sleepy, max_label: Buzzing}
                          - {id: wish, type: text, prompt: "One wish for tonight?", max_length: 200}
                    """);

            QuestionCatalog catalog = QuestionSetLoader.load(Optional.of(file));

            QuestionSet after = catalog.standard(CheckinKind.AFTER);
            assertEquals("Short aftercare", after.title());
            assertEquals(List.of("ok"), ids(after));
            QuestionSet added = catalog.find("date_night").orElseThrow();
            assertEquals(CheckinKind.BEFORE, added.kind());
            assertEquals(1, added.questions().get(0).min());
            assertEquals(200, added.questions().get(1).maxLength());
            assertEquals("Before you begin", catalog.standard(CheckinKind.BEFORE).title());
            assertEquals(List.of("before", "after", "followup", "date_night"),
                    catalog.startable().stream().map(QuestionSet::id).toList());
        }

        @Test
        @DisplayName("GIVEN a file written loosely (a list as its one item, a kind and a type in capitals, a number and "
                + "a true in quotes, a bare yes for send_now, a number as a label) WHEN loaded THEN it reads as written "
                + "strictly")
        void looseWritingReadsAsStrict() throws Exception {
            Path file = file("""
                    sets:
                      id: quick
                      kind: BEFORE
                      title: Quick
                      questions:
                        - {id: pick, type: One, prompt: Pick, send_now: yes, options: {key: a, label: 10}}
                        - {id: why, type: TEXT, prompt: Why, max_length: "250"}
                        - {id: how, type: many, prompt: How, send_now: "true", options: [{key: b, label: B}]}
                    """);

            QuestionSet quick = QuestionSetLoader.load(Optional.of(file)).find("quick").orElseThrow();

            assertEquals(CheckinKind.BEFORE, quick.kind());
            assertEquals(List.of("pick", "why", "how"), ids(quick));
            Question pick = quick.questions().get(0);
            assertEquals(QuestionType.ONE, pick.type());
            assertTrue(pick.sendNow());
            assertEquals(List.of(new Option("a", "10")), pick.options());
            assertEquals(QuestionType.TEXT, quick.questions().get(1).type());
            assertEquals(250, quick.questions().get(1).maxLength());
            assertTrue(quick.questions().get(2).sendNow());
        }

        @Test
        @DisplayName("A deployment file that does not exist is an error naming it")
        void missingFile() {
            Path missing = dir.resolve("nope.yaml");

            String message = assertThrows(ConfigException.class,
                    () -> QuestionSetLoader.load(Optional.of(missing))).getMessage();

            assertTrue(message.contains("nope.yaml: file not found"), message);
        }

        @Test
        @DisplayName("Malformed YAML names the file and the line")
        void malformedYaml() throws IOException {
            Path file = file("sets:\n  - id: x\n   kind: before\n");

            String message = assertThrows(ConfigException.class, () -> QuestionSetLoader.load(Optional.of(file)))
                    .getMessage();

            assertTrue(message.startsWith(file + ": line 3"), message);
        }
    }

    @Nested
    @DisplayName("Mistakes in a question file")
    class Mistakes {
        private static String oneSet(String questions) {
            return "sets:\n  - id: custom\n    kind: before\n    title: Custom\n    questions:\n" + questions;
        }

        private static String oneQuestion(String question) {
            return oneSet("      - " + question + "\n");
        }

        private static String options(int count, int labelLength) {
            return IntStream.range(0, count)
                    .mapToObj(i -> "{key: o" + i + ", label: \"" + "x".repeat(labelLength) + "\"}")
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        static Stream<Arguments> mistakes() {
            String question = "question \"q\": ";
            String option = "question \"q\", option ";
            return Stream.of(
                    arguments("an unknown type", oneQuestion("{id: q, type: slider, prompt: P}"),
                            question + "type must be one of scale, one, many, text (got \"slider\")"),
                    arguments("a missing type", oneQuestion("{id: q, prompt: P}"), question + "needs a type"),
                    arguments("two sets with one id", oneSet("      - {id: q, type: text, prompt: P}\n")
                                    + "  - {id: custom, kind: after, title: T, questions: [{id: q, type: text, prompt: P}]}\n",
                            "set \"custom\": appears twice in this file"),
                    arguments("two questions with one id", oneSet("      - {id: q, type: text, prompt: P}\n"
                                    + "      - {id: q, type: text, prompt: P}\n"),
                            "set \"custom\", question \"q\": appears twice in this set"),
                    arguments("a choice without options", oneQuestion("{id: q, type: many, prompt: P}"),
                            question + "needs options"),
                    arguments("two options with one key",
                            oneQuestion("{id: q, type: one, prompt: P, options: [{key: a, label: A}, {key: a, label: B}]}"),
                            option + "\"a\": appears twice in this question"),
                    arguments("an option without a label", oneQuestion("{id: q, type: one, prompt: P, options: [{key: a}]}"),
                            option + "\"a\": needs a label"),
                    arguments("a bare no as an option key",
                            oneQuestion("{id: q, type: one, prompt: P, options: [{key: no, label: No}]}"),
                            option + "1: key must be text (got \"false\"); YAML reads"),
                    arguments("a scale whose min is not below max", oneQuestion("{id: q, type: scale, prompt: P, min: 5, max: 5}"),
                            question + "min (5) must be less than max (5)"),
                    arguments("a scale too wide to offer", oneQuestion("{id: q, type: scale, prompt: P, min: 0, max: 100}"),
                            question + "a scale can offer at most 25 numbers"),
                    arguments("a text limit of zero", oneQuestion("{id: q, type: text, prompt: P, max_length: 0}"),
                            question + "max_length must be from 1 to 2000 characters (got 0)"),
                    arguments("a text limit over 2000", oneQuestion("{id: q, type: text, prompt: P, max_length: 2001}"),
                            question + "max_length must be from 1 to 2000 characters (got 2001)"),
                    arguments("a text limit that is no whole number", oneQuestion("{id: q, type: text, prompt: P, max_length: 1.5}"),
                            question + "max_length must be a whole number (got \"1.5\")"),
                    arguments("an unknown key in a question", oneQuestion("{id: q, type: text, promt: P}"),
                            question + "unknown key \"promt\" (known keys: id, type, prompt"),
                    arguments("an unknown key in an option",
                            oneQuestion("{id: q, type: one, prompt: P, options: [{key: a, lable: A}]}"),
                            option + "\"a\": unknown key \"lable\" (known keys: key, label)"),
                    arguments("an unknown key at the top", "set: []\n", "unknown key \"set\" (known keys: sets)"),
                    arguments("send_now on a text question", oneQuestion("{id: q, type: text, prompt: P, send_now: true}"),
                            question + "send_now does not apply to a text question"),
                    arguments("options on a scale", oneQuestion("{id: q, type: scale, prompt: P, options: [{key: a, label: A}]}"),
                            question + "options does not apply to a scale question"),
                    arguments("max_length on a choice", oneQuestion("{id: q, type: many, prompt: P, max_length: 9, options: [{key: a, label: A}]}"),
                            question + "max_length does not apply to a many question"),
                    arguments("more options than a Discord menu holds",
                            oneQuestion("{id: q, type: many, prompt: P, options: " + options(26, 1) + "}"),
                            question + "has 26 options; at most 25 fit in one Discord menu"),
                    arguments("an option label longer than Discord shows",
                            oneQuestion("{id: q, type: one, prompt: P, options: " + options(1, 81) + "}"),
                            option + "\"o0\": label must be at most 80 characters (it has 81)"),
                    arguments("a prompt over 300 characters", oneQuestion("{id: q, type: text, prompt: " + "p".repeat(301) + "}"),
                            question + "prompt must be at most 300 characters (it has 301)"),
                    arguments("a question without a prompt", oneQuestion("{id: q, type: text}"), question + "needs a prompt"),
                    arguments("a question id with spaces", oneQuestion("{id: My Question, type: text, prompt: P}"),
                            "question \"My Question\": id must be up to 32 lower-case letters"),
                    arguments("a set without a title", "sets:\n  - {id: custom, kind: before, questions: [{id: q, type: text, prompt: P}]}\n",
                            "set \"custom\": needs a title"),
                    arguments("a set without questions", "sets:\n  - {id: custom, kind: before, title: T, questions: []}\n",
                            "set \"custom\": has no questions"),
                    arguments("an unknown kind", "sets:\n  - {id: custom, kind: during, title: T, questions: [{id: q, type: text, prompt: P}]}\n",
                            "set \"custom\": kind must be one of before, after, followup, prefs (got \"during\")"),
                    arguments("a set named after a kind but of another kind",
                            "sets:\n  - {id: after, kind: before, title: T, questions: [{id: q, type: text, prompt: P}]}\n",
                            "set \"after\": must be of kind after"),
                    arguments("a set id the checkin command reads as a word of its own",
                            "sets:\n  - {id: resume, kind: after, title: T, questions: [{id: q, type: text, prompt: P}]}\n",
                            "set \"resume\": id \"resume\" is a word of the checkin command itself"),
                    arguments("a word for a scale's min", oneQuestion("{id: q, type: scale, prompt: P, min: ten}"),
                            question + "min must be a whole number (got \"ten\")"),
                    arguments("a text limit past any whole number", oneQuestion("{id: q, type: text, prompt: P, max_length: 99999999999}"),
                            question + "max_length must be a whole number (got \"99999999999\")"),
                    arguments("a maybe for send_now",
                            oneQuestion("{id: q, type: one, prompt: P, send_now: maybe, options: [{key: a, label: A}]}"),
                            question + "send_now must be true or false (got \"maybe\")"),
                    arguments("a prompt written as a mapping", oneQuestion("{id: q, type: text, prompt: {a: b}}"),
                            question + "prompt must be text"),
                    arguments("a kind given by its number", "sets:\n  - {id: custom, kind: 0, title: T, questions: [{id: q, type: text, prompt: P}]}\n",
                            "set \"custom\": kind must be one of before, after, followup, prefs (got \"0\")"),
                    arguments("a question written as a word", oneSet("      - hello\n"),
                            "set \"custom\", question 1: must be key: value lines indented under it"),
                    arguments("a key written twice", oneQuestion("{id: q, type: text, prompt: P, prompt: Q}"),
                            "Duplicate field 'prompt'"),
                    arguments("a file without sets", "sets: []\n", "has no question sets"));
        }

        @ParameterizedTest(name = "{0} is refused, naming where and what")
        @MethodSource("mistakes")
        @DisplayName("A question file with a mistake is refused with the file, set, question and field")
        void refused(String mistake, String yaml, String expected) throws IOException {
            Path file = file(yaml);

            String message = assertThrows(ConfigException.class, () -> QuestionSetLoader.load(Optional.of(file)))
                    .getMessage();

            assertTrue(message.startsWith(file + ": "), message);
            assertTrue(message.contains(expected), () -> "expected \"" + expected + "\" in: " + message);
        }
    }
}

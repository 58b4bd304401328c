package app.afterglow.config;

import app.afterglow.core.CommandParser;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Option;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the deployment's {@link QuestionCatalog}: the built-in sets, then the sets of the
 * deployment's own file, each of which replaces the built-in set with its id or, with a new id, is
 * added. Every set is checked against what the platforms can show, so a set that loads can be asked
 * everywhere. In the questions built, values that do not apply to the type (min and max off a scale,
 * max length off text) are 0.
 */
public final class QuestionSetLoader {
    /** The built-in sets as the build stores them in the jar: see {@link BuiltInQuestionSets}. */
    private static final String BUILT_IN = "/questions/default.json";
    private static final String BUILT_IN_SOURCE = "questions/default.yaml (built in)";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final int MAX_TITLE = 100;
    private static final int MAX_INTRO = 1000;
    private static final int MAX_PROMPT = 300;
    // Discord's limits: options in one select menu, and the length of a button or option label
    private static final int MAX_OPTIONS = 25;
    private static final int MAX_LABEL = 80;
    private static final int DEFAULT_SCALE_MIN = 0;
    private static final int DEFAULT_SCALE_MAX = 10;
    private static final int DEFAULT_TEXT_LENGTH = 500;
    // a revealed answer must fit one Discord message
    private static final int MAX_TEXT_LENGTH = 2000;

    private QuestionSetLoader() {
    }

    /**
     * Reads the built-in sets and, if given, the deployment's file. Safe to call from any thread; it
     * keeps no state.
     *
     * @param deploymentFile usually {@link QuestionsConfig#file()}; when given it must exist
     * @return a catalog with a set for every {@link CheckinKind}, each under the kind's id
     * @throws ConfigException naming the file, the set and the question at fault
     */
    public static QuestionCatalog load(Optional<Path> deploymentFile) throws ConfigException {
        Objects.requireNonNull(deploymentFile, "deploymentFile");
        Map<String, QuestionSet> sets = new LinkedHashMap<>();
        for (QuestionSet set : builtIn()) {
            sets.put(set.id(), set);
        }
        if (deploymentFile.isPresent()) {
            Path file = deploymentFile.get();
            // A bare yes, no, on or off is a YAML boolean: taken as the text "true" it would
            // silently become a key.
            for (QuestionSet set : read(file.toString(), Yaml.readPlainFile(file, Yaml.Booleans.AS_BOOLEANS))) {
                sets.put(set.id(), set);
            }
        }
        return new QuestionCatalog(sets.values());
    }

    private static List<QuestionSet> builtIn() throws ConfigException {
        try (InputStream in = QuestionSetLoader.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in question sets are missing from the jar: " + BUILT_IN
                        + " (Maven's build stores them from src/main/resources/questions/default.yaml; a build"
                        + " that skips its process-classes phase leaves them out)");
            }
            try (JsonParser parser = new JsonFactory().createParser(in)) {
                return read(BUILT_IN_SOURCE, PlainTree.read(parser, Yaml.Booleans.AS_BOOLEANS).orElseThrow(() ->
                        new IllegalStateException("the built-in question sets in the jar are not a mapping")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in question sets", e);
        }
    }

    /**
     * Checks the built-in sets as {@code tree} holds them, read from their YAML source, as a start
     * would: for the build, which stores them only if they pass.
     */
    static void checkBuiltIn(Map<String, Object> tree) throws ConfigException {
        read(BUILT_IN_SOURCE, tree);
    }

    private static List<QuestionSet> read(String source, Map<String, Object> tree) throws ConfigException {
        QuestionFilePlace at = QuestionFilePlace.file(source);
        QuestionFile file = QuestionFileBinding.bind(tree, at);
        if (file.sets() == null || file.sets().isEmpty()) {
            throw at.problem("has no question sets: list them under sets:");
        }
        List<QuestionSet> sets = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < file.sets().size(); i++) {
            QuestionFile.SetEntry raw = file.sets().get(i);
            QuestionFilePlace setAt = at.in("set", raw == null ? null : raw.id(), i);
            if (raw == null) {
                throw setAt.problem("is empty");
            }
            QuestionSet set = set(raw, setAt);
            if (!ids.add(set.id())) {
                throw setAt.problem("appears twice in this file; each set needs its own id");
            }
            sets.add(set);
        }
        return sets;
    }

    private static QuestionSet set(QuestionFile.SetEntry raw, QuestionFilePlace at) throws ConfigException {
        String id = identifier(raw.id(), "id", at);
        if (CommandParser.CHECKIN_WORDS.contains(id)) {
            throw at.problem("id \"" + id + "\" is a word of the checkin command itself (checkin " + id
                    + " means something else), so this set could never be started: choose another id");
        }
        if (raw.kind() == null) {
            throw at.problem("needs a kind: " + Yaml.expected(CheckinKind.class));
        }
        Optional<CheckinKind> named = CheckinKind.parse(id);
        if (named.isPresent() && named.get() != raw.kind()) {
            throw at.problem("must be of kind " + id + ", because the bot uses the set with this id for every "
                    + named.get().title() + " round (got " + raw.kind().id() + ")");
        }
        String title = text(raw.title(), "title", MAX_TITLE, at).orElseThrow(() -> at.problem("needs a title"));
        String intro = text(raw.intro(), "intro", MAX_INTRO, at).orElse("");
        if (raw.questions() == null || raw.questions().isEmpty()) {
            throw at.problem("has no questions");
        }
        List<Question> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < raw.questions().size(); i++) {
            QuestionFile.QuestionEntry entry = raw.questions().get(i);
            QuestionFilePlace questionAt = at.in("question", entry == null ? null : entry.id(), i);
            if (entry == null) {
                throw questionAt.problem("is empty");
            }
            Question question = question(entry, questionAt);
            if (!ids.add(question.id())) {
                throw questionAt.problem("appears twice in this set; each question needs its own id");
            }
            questions.add(question);
        }
        return new QuestionSet(id, raw.kind(), title, intro, questions);
    }

    private static Question question(QuestionFile.QuestionEntry raw, QuestionFilePlace at) throws ConfigException {
        String id = identifier(raw.id(), "id", at);
        QuestionType type = raw.type();
        if (type == null) {
            throw at.problem("needs a type: " + Yaml.expected(QuestionType.class));
        }
        String prompt = text(raw.prompt(), "prompt", MAX_PROMPT, at).orElseThrow(() -> at.problem("needs a prompt"));
        String hint = text(raw.hint(), "hint", MAX_PROMPT, at).orElse("");
        boolean choice = type == QuestionType.ONE || type == QuestionType.MANY;
        boolean scale = type == QuestionType.SCALE;
        boolean text = type == QuestionType.TEXT;
        onlyFor(raw.options(), "options", choice, type, at);
        onlyFor(raw.sendNow(), "send_now", choice, type, at);
        onlyFor(raw.min(), "min", scale, type, at);
        onlyFor(raw.max(), "max", scale, type, at);
        onlyFor(raw.minLabel(), "min_label", scale, type, at);
        onlyFor(raw.maxLabel(), "max_label", scale, type, at);
        onlyFor(raw.maxLength(), "max_length", text, type, at);

        List<Option> options = choice ? options(raw.options(), at) : List.of();
        int min = scale ? Objects.requireNonNullElse(raw.min(), DEFAULT_SCALE_MIN) : 0;
        int max = scale ? Objects.requireNonNullElse(raw.max(), DEFAULT_SCALE_MAX) : 0;
        if (scale && min >= max) {
            throw at.problem("min (" + min + ") must be less than max (" + max + ")");
        }
        if (scale && (long) max - min + 1 > MAX_OPTIONS) {
            throw at.problem("a scale can offer at most " + MAX_OPTIONS + " numbers to pick from (got " + min + " to "
                    + max + ")");
        }
        int maxLength = text ? Objects.requireNonNullElse(raw.maxLength(), DEFAULT_TEXT_LENGTH) : 0;
        if (text && (maxLength < 1 || maxLength > MAX_TEXT_LENGTH)) {
            throw at.problem("max_length must be from 1 to " + MAX_TEXT_LENGTH + " characters (got " + maxLength + ")");
        }
        return new Question(id, type, prompt, hint, options, min, max,
                text(raw.minLabel(), "min_label", MAX_LABEL, at).orElse(""),
                text(raw.maxLabel(), "max_label", MAX_LABEL, at).orElse(""),
                maxLength, Boolean.TRUE.equals(raw.sendNow()));
    }

    private static List<Option> options(List<QuestionFile.OptionEntry> raw, QuestionFilePlace at)
            throws ConfigException {
        if (raw == null || raw.isEmpty()) {
            throw at.problem("needs options: a one or many question offers choices");
        }
        if (raw.size() > MAX_OPTIONS) {
            throw at.problem("has " + raw.size() + " options; at most " + MAX_OPTIONS + " fit in one Discord menu");
        }
        List<Option> options = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            QuestionFile.OptionEntry entry = raw.get(i);
            QuestionFilePlace optionAt = at.in("option", entry == null ? null : entry.key(), i);
            if (entry == null) {
                throw optionAt.problem("is empty");
            }
            String key = identifier(entry.key(), "key", optionAt);
            if (!keys.add(key)) {
                throw optionAt.problem("appears twice in this question; each option needs its own key");
            }
            options.add(new Option(key, text(entry.label(), "label", MAX_LABEL, optionAt)
                    .orElseThrow(() -> optionAt.problem("needs a label"))));
        }
        return options;
    }

    private static void onlyFor(Object value, String key, boolean applies, QuestionType type, QuestionFilePlace at)
            throws ConfigException {
        if (value != null && !applies) {
            throw at.problem(key + " does not apply to a " + type.name().toLowerCase(Locale.ROOT)
                    + " question");
        }
    }

    /** Ids and keys are stored with answers and used in commands, so they stay short and plain. */
    private static String identifier(String raw, String name, QuestionFilePlace at) throws ConfigException {
        if (raw == null || raw.isBlank()) {
            throw at.problem("needs " + (name.equals("id") ? "an id" : "a " + name));
        }
        if (!ID.matcher(raw).matches()) {
            throw at.problem(name + " must be up to 32 lower-case letters, digits, - or _ (got \"" + raw + "\")");
        }
        return raw;
    }

    private static Optional<String> text(String raw, String name, int max, QuestionFilePlace at)
            throws ConfigException {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String text = raw.strip();
        if (text.length() > max) {
            throw at.problem(name + " must be at most " + max + " characters (it has " + text.length() + ")");
        }
        return Optional.of(text);
    }
}

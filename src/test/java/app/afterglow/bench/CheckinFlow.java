package app.afterglow.bench;

import app.afterglow.bench.Load.Kind;
import app.afterglow.bench.Load.Person;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.SlashOption;
import app.afterglow.testing.discord.StandInMessage;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * One couple through an {@code after} check-in with Afterglow, as two people would do it on
 * Discord: the invite in the server and its acceptance in a DM, {@code /checkin after}, every
 * question answered through the very buttons, menus and modals the bot rendered, a need sent at
 * once, everything shared, both submitted, and both reveals read. Each person acts on their own
 * thread and waits on their own DM only; every wait ends at the run's deadline. Before each step
 * a person takes a moment to read and think, drawn around {@code thinkMillis} (half to one and a
 * half times it; none at 0), the same moments in every run.
 */
final class CheckinFlow {
    static final int TEXT_ANSWERS = 4;
    private static final String REVIEW = "your answers before you send them";
    private static final String REVEAL = "what you both shared";
    private static final String SHARED = "Shared, if your partner shares this one too";
    private static final Pattern POSITION = Pattern.compile("(\\d+) of (\\d+)");
    private static final int MAX_STEPS = 40;

    private final Load load;
    private final Interactions timed;
    private final long thinkMillis;
    private final long deadlineNanos;
    private final Map<Integer, Long> submittedNanos = new ConcurrentHashMap<>();

    CheckinFlow(Load load, Interactions timed, long thinkMillis, long deadlineNanos) {
        this.load = Objects.requireNonNull(load, "load");
        this.timed = Objects.requireNonNull(timed, "timed");
        this.thinkMillis = thinkMillis;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * The outcome for one person: the answers their reveal should have carried and did not; when
     * they sent their answers and when their reveal reached Discord, on {@link System#nanoTime}.
     */
    record Outcome(int lostAnswers, String failure, long submittedNanos, long revealedNanos) {
        static Outcome broken(String failure) {
            return new Outcome(2 * TEXT_ANSWERS, failure, 0, 0);
        }

        boolean broken() {
            return failure != null;
        }

        /**
         * Milliseconds from the moment both had sent their answers to this person's reveal
         * reaching Discord, as a person waiting for it would count them.
         */
        double revealMillisAfterBoth(Outcome partner) {
            return (revealedNanos - Math.max(submittedNanos, partner.submittedNanos)) / 1e6;
        }

        /**
         * Waits for every person's outcome, each within {@code timeoutNanos}; fails the test if a
         * flow broke, and returns the answers lost across them.
         */
        static int lostAnswers(List<Future<Outcome>> outcomes, long timeoutNanos) throws Exception {
            int lost = 0;
            for (Future<Outcome> f : outcomes) {
                Outcome outcome = f.get(timeoutNanos, TimeUnit.NANOSECONDS);
                assertNull(outcome.failure());
                lost += outcome.lostAnswers();
            }
            return lost;
        }
    }

    /** The inviter's side: invites, starts the check-in once accepted, answers, sends a need. */
    Outcome inviter(int couple) {
        Person me = load.inviter(couple);
        SplittableRandom moments = new SplittableRandom(me.index());
        return outcome(me, () -> {
            answer(me, startAsInviter(me, moments), moments, MAX_STEPS);
            return reveal(me);
        });
    }

    /** The invitee's side: accepts in the DM, then answers. */
    Outcome invitee(int couple) {
        Person me = load.invitee(couple);
        SplittableRandom moments = new SplittableRandom(me.index());
        return outcome(me, () -> {
            answer(me, startAsInvitee(me, moments), moments, MAX_STEPS);
            return reveal(me);
        });
    }

    /**
     * Either side up to its first question, then {@code steps} answers; returns the message the
     * person is at, as the bot last showed it.
     */
    StandInMessage answerSome(Person me, int steps) throws TimeoutException, InterruptedException {
        SplittableRandom moments = new SplittableRandom(me.index());
        StandInMessage first = me.side() == 'a' ? startAsInviter(me, moments) : startAsInvitee(me, moments);
        return answer(me, first, moments, steps);
    }

    /**
     * Carries on from wherever the person's DM shows them, as someone coming back would: the
     * newest question (or review) the bot sent or moved them to; on to submitting and the reveal.
     */
    Outcome carryOn(Person me) {
        SplittableRandom moments = new SplittableRandom(me.index());
        return outcome(me, () -> {
            List<StandInMessage> dm = me.mailbox().snapshot();
            StandInMessage newest = null;
            for (StandInMessage message : dm) {
                if (actionable(message)) {
                    newest = message;
                }
            }
            if (newest == null) {
                throw new IllegalStateException("nothing to carry on from in the DM");
            }
            answer(me, newest, moments, MAX_STEPS);
            return reveal(me);
        });
    }

    private StandInMessage startAsInviter(Person me, SplittableRandom moments) throws TimeoutException, InterruptedException {
        Person partner = load.people.get(me.index() ^ 1);
        think(moments);
        send(me, Kind.SLASH_IN_SERVER, () -> load.standIn.slashCommand(load.general, me.user(), "partner invite",
                SlashOption.user("person", partner.user())));
        await(me, m -> m.content().contains("said yes"), "the invite accepted");
        think(moments);
        send(me, Kind.SLASH_IN_DM, () -> load.standIn.slashCommand(me.dm(), me.user(), "checkin",
                SlashOption.string("kind", "after")));
        return await(me, CheckinFlow::asksAQuestion, "the first question");
    }

    private StandInMessage startAsInvitee(Person me, SplittableRandom moments) throws TimeoutException, InterruptedException {
        StandInMessage invitation = await(me, m -> m.content().contains("would like to be check-in partners")
                && hasButton(m, "Accept"), "the invitation");
        think(moments);
        click(me, invitation, "Accept");
        return await(me, CheckinFlow::asksAQuestion, "the first question");
    }

    private StandInMessage reveal(Person me) throws TimeoutException, InterruptedException {
        return await(me, m -> m.content().contains(REVEAL), "the reveal");
    }

    private Outcome outcome(Person me, Flow flow) {
        Person partner = load.people.get(me.index() ^ 1);
        try {
            StandInMessage reveal = flow.run();
            return new Outcome(missing(reveal.content(), me, partner), null,
                    submittedNanos.getOrDefault(me.index(), 0L), me.mailbox().arrivedNanos(reveal.id()));
        } catch (TimeoutException e) {
            return Outcome.broken("couple " + me.couple() + " person " + me.side() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.broken("interrupted");
        } catch (RuntimeException e) {
            return Outcome.broken("couple " + me.couple() + " person " + me.side() + ": " + e);
        }
    }

    /** Both shared every answer, so the reveal must carry all of both people's free-text markers. */
    private static int missing(String reveal, Person me, Person partner) {
        int missing = 0;
        for (Person who : List.of(me, partner)) {
            for (int n = 1; n <= TEXT_ANSWERS; n++) {
                if (!reveal.contains(Markers.of(who.couple(), who.side(), n))) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /**
     * Answers from {@code message} on, at most {@code steps} steps: every question, a need sent
     * (by the inviter), everything shared, submitted. Returns where the person is then.
     */
    private StandInMessage answer(Person me, StandInMessage from, SplittableRandom moments, int steps)
            throws TimeoutException, InterruptedException {
        StandInMessage message = from;
        boolean needSent = me.side() != 'a';
        for (int step = 0; step < steps; step++) {
            think(moments);
            if (message.content().contains(REVIEW)) {
                if (!message.content().contains(SHARED)) {
                    message = click(me, message, "Share all");
                    continue;
                }
                submittedNanos.put(me.index(), System.nanoTime());
                return click(me, message, "Submit");
            }
            List<JsonNode> buttons = message.components(2);
            JsonNode sendNow = find(buttons, b -> b.path("label").asText().startsWith("Send to "));
            JsonNode number = find(buttons, b -> b.path("custom_id").asText().startsWith("a|")
                    && b.path("label").asText().equals(me.side() == 'a' ? "7" : "4"));
            JsonNode menu = find(message.components(3), s -> s.path("custom_id").asText().startsWith("s|"));
            JsonNode text = find(buttons, b -> b.path("custom_id").asText().startsWith("t|"));
            if (!needSent && sendNow != null) {
                message = click(me, message, sendNow.path("label").asText());
                needSent = true;
            } else if (number != null) {
                message = click(me, message, number.path("label").asText());
            } else if (menu != null) {
                message = choose(me, message, menu);
            } else if (text != null) {
                message = write(me, message, text, "Noted for the bench " + Markers.of(me.couple(), me.side(),
                        textAnswer(message)), moments);
            } else {
                throw new IllegalStateException("message " + message.id() + " offers nothing to answer with");
            }
        }
        return message;
    }

    /** Which free-text answer a question is, from its "5 of 7": the set ends with its {@link #TEXT_ANSWERS} texts. */
    private static int textAnswer(StandInMessage question) {
        Matcher m = POSITION.matcher(question.content());
        if (!m.find()) {
            throw new IllegalStateException("message " + question.id() + " does not say which question it is");
        }
        return Integer.parseInt(m.group(1)) - (Integer.parseInt(m.group(2)) - TEXT_ANSWERS);
    }

    private StandInMessage click(Person me, StandInMessage message, String label)
            throws TimeoutException, InterruptedException {
        JsonNode button = find(message.components(2), b -> b.path("label").asText().equals(label));
        if (button == null) {
            throw new IllegalStateException("no button '" + label + "' on message " + message.id());
        }
        String id = button.path("custom_id").asText();
        return changed(me, message, Kind.BUTTON, () -> load.standIn.clickButton(me.user(), message, id), label);
    }

    /** Picks the menu's first two options (or one, if it takes one). */
    private StandInMessage choose(Person me, StandInMessage message, JsonNode menu)
            throws TimeoutException, InterruptedException {
        List<String> values = new ArrayList<>();
        for (JsonNode option : menu.path("options")) {
            if (values.size() < Math.min(2, menu.path("max_values").asInt(1))) {
                values.add(option.path("value").asText());
            }
        }
        String id = menu.path("custom_id").asText();
        return changed(me, message, Kind.SELECT,
                () -> load.standIn.selectMenu(me.user(), message, id, values.toArray(String[]::new)), "a pick");
    }

    /** Opens the answer form as a person would, reads the modal the bot sent back, and submits it. */
    private StandInMessage write(Person me, StandInMessage message, JsonNode button, String answer, SplittableRandom moments)
            throws TimeoutException, InterruptedException {
        String id = button.path("custom_id").asText();
        SentInteraction open = send(me, Kind.BUTTON, () -> load.standIn.clickButton(me.user(), message, id));
        JsonNode modal = timed.await(open.id(), remainingMillis()).body().path("data");
        String modalId = modal.path("custom_id").asText();
        String input = modal.at("/components/0/component/custom_id").asText();
        if (modalId.isEmpty() || input.isEmpty()) {
            throw new IllegalStateException("interaction " + open.id() + " did not open an answer form");
        }
        think(moments);
        return changed(me, message, Kind.MODAL,
                () -> load.standIn.submitModal(me.user(), message, modalId, Map.of(input, answer)), "a written answer");
    }

    /**
     * Acts, then waits for the bot to move the person on: the message acted on changed, or a
     * newer question or review arrived (as after a step the bot had already taken, when it says
     * so and shows where the person is).
     */
    private StandInMessage changed(Person me, StandInMessage message, Kind kind, Supplier<SentInteraction> act, String what)
            throws TimeoutException, InterruptedException {
        send(me, kind, act);
        return me.mailbox().await(m -> (m.id() == message.id() && Mailboxes.differ(m, message))
                        || (Long.compareUnsigned(m.id(), message.id()) > 0 && actionable(m)),
                deadlineNanos, "an answer to " + what + " on message " + message.id());
    }

    private SentInteraction send(Person me, Kind kind, Supplier<SentInteraction> act) {
        return Load.send(timed, me, kind, act);
    }

    /** A person's moment to read and decide, never past the deadline. */
    private void think(SplittableRandom moments) throws InterruptedException {
        if (thinkMillis > 0) {
            long millis = thinkMillis / 2 + (long) (moments.nextDouble() * thinkMillis);
            Thread.sleep(Math.min(millis, remainingMillis()));
        }
    }

    private StandInMessage await(Person me, Predicate<StandInMessage> what, String description)
            throws TimeoutException, InterruptedException {
        return me.mailbox().await(what, deadlineNanos, description);
    }

    private long remainingMillis() {
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    private static boolean actionable(StandInMessage message) {
        return asksAQuestion(message) || message.content().contains(REVIEW) && hasButton(message, "Submit");
    }

    private static boolean asksAQuestion(StandInMessage message) {
        return message.componentIds().stream().anyMatch(id -> id.startsWith("a|") || id.startsWith("s|") || id.startsWith("t|"));
    }

    private static boolean hasButton(StandInMessage message, String label) {
        return find(message.components(2), b -> b.path("label").asText().equals(label)) != null;
    }

    private static JsonNode find(List<JsonNode> components, Predicate<JsonNode> which) {
        return components.stream().filter(which).findFirst().orElse(null);
    }

    @FunctionalInterface
    private interface Flow {
        StandInMessage run() throws TimeoutException, InterruptedException;
    }
}

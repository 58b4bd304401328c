package app.afterglow.bench;

import app.afterglow.testing.Slow;
import app.afterglow.bench.Load.Kind;
import app.afterglow.bench.Load.Person;
import app.afterglow.testing.Await;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.StandInMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5, fault run: hostile input at volume through the real controls, as a modified client
 * could send it (Discord itself caps a modal's text; the stand-in does not): very long, binary,
 * right-to-left and zero-width text, and thousands of rapid clicks on one button.
 */
@Timeout(120)
@Slow
class HostileVolumeTest {
    private static final int LONG_TEXTS = 40;
    private static final int EMPTY_TEXTS = 40;
    private static final int RAPID_CLICKS = 2000;
    private static final long PHASE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Heap a bot may keep after all this, over what it kept before it, after a full collection each time. */
    private static final double HEAP_SLACK_MB = 8;
    /**
     * Two thousand clicks dispatched within about 1.5 s are more than JDA alone acknowledges in
     * 3 s on this machine beside the stand-in (the bare JDA bot's slowest: 2.7 s); so this bounds
     * the burst's slowest acknowledgement loosely, and the figure is reported.
     */
    private static final double BURST_ACK_BOUND_MS = 15_000;

    @RegisterExtension
    final FaultRun run = new FaultRun(1);

    @Test
    @DisplayName("GIVEN a couple mid check-in WHEN one sends 80 unusable answers and 3 of right-to-left, binary and "
            + "zero-width text, and the other clicks one button 2000 times at once THEN the bot acknowledges all, "
            + "says clearly what was wrong, stores what was usable without its control characters, loses nothing "
            + "and keeps no more memory than before")
    void hostileInputAtVolume() throws Exception {
        DiscordStandIn standIn = run.standIn();
        Load load = run.load();
        Interactions timed = run.timed();
        Person writer = load.inviter(0);
        Person clicker = load.invitee(0);
        ChildJvm bot = run.startBot("bot.log");
        CheckinFlow flow = new CheckinFlow(load, timed, 0, System.nanoTime() + PHASE_NANOS);
        Thread partner = new Thread(() -> {
            try {
                flow.answerSome(clicker, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        partner.start();
        StandInMessage question = flow.answerSome(writer, 3);
        partner.join(TimeUnit.NANOSECONDS.toMillis(PHASE_NANOS));
        bot.collectGarbage();
        double baseline = bot.heapAfterLastGcMb();

        Map.Entry<String, String> form = load.openForm(timed, writer, question);
        String tooLong = "x".repeat(100_000);
        String controlsOnly = "\u0000\u0001\u0007\u001b\u007f\u200b\u200d\ufeff \t";
        for (int i = 0; i < LONG_TEXTS + EMPTY_TEXTS; i++) {
            String text = i < LONG_TEXTS ? tooLong : controlsOnly;
            Load.send(timed, writer, Kind.MODAL, () -> standIn.submitModal(writer.user(), question, form.getKey(),
                    Map.of(form.getValue(), text)));
        }
        await(writer, m -> m.content().contains("the limit here is"), "a word on the length limit");
        await(writer, m -> m.content().contains("That looks empty"), "a word on an empty answer");

        StandInMessage moved = write(load, timed, writer, question,
                "שלום \u202Eevil\u202C \u200Bמרקר " + Markers.of(0, 'a', 1));
        byte[] junk = new byte[300];
        new SplittableRandom(5).nextBytes(junk);
        moved = write(load, timed, writer, moved, new String(junk, StandardCharsets.ISO_8859_1) + " "
                + Markers.of(0, 'a', 2));
        write(load, timed, writer, moved, "\u200B\u200C\u200D" + Markers.of(0, 'a', 3) + "\u2060\uFEFF");

        StandInMessage first = clicker.mailbox().snapshot().stream()
                .filter(m -> m.content().contains("1 of 7")).findFirst().orElseThrow();
        String number = first.components(2).stream()
                .filter(b -> b.path("label").asText().equals("4")).findFirst().orElseThrow()
                .path("custom_id").asText();
        for (Interactions.Step step : timed.steps()) {
            timed.await(step.interactionId(), TimeUnit.NANOSECONDS.toMillis(PHASE_NANOS));
        }
        Interactions burst = new Interactions();
        standIn.observe(burst);
        for (int i = 0; i < RAPID_CLICKS; i++) {
            Load.send(burst, clicker, Kind.BUTTON, () -> standIn.forgeButtonClick(clicker.user(), first, number));
        }
        long clicksSent = System.nanoTime();
        for (Interactions.Step step : burst.steps()) {
            burst.await(step.interactionId(), TimeUnit.NANOSECONDS.toMillis(PHASE_NANOS));
        }
        // One click answers the question; each of the others is told it came for an earlier step.
        Await.until(Duration.ofNanos(PHASE_NANOS), "a word on every late click",
                () -> stale(clicker) >= RAPID_CLICKS - 1);
        assertEquals(RAPID_CLICKS - 1, stale(clicker), "every click after the first is told it came late");
        double clicksSeconds = (System.nanoTime() - clicksSent) / 1e9;
        CheckinFlow carryingOn = new CheckinFlow(load, timed, 0, System.nanoTime() + PHASE_NANOS);

        CompletableFuture<CheckinFlow.Outcome> clicking =
                CompletableFuture.supplyAsync(() -> carryingOn.carryOn(clicker));
        CheckinFlow.Outcome wrote = carryingOn.carryOn(writer);
        CheckinFlow.Outcome clicked = clicking.get(PHASE_NANOS, TimeUnit.NANOSECONDS);
        assertNull(wrote.failure());
        assertNull(clicked.failure());
        assertTrue(bot.alive());
        bot.collectGarbage();
        double after = bot.heapAfterLastGcMb();
        StandInMessage reveal = await(clicker, m -> m.content().contains("what you both shared"), "the reveal");
        Latencies latencies = timed.latencies();
        Latencies clicks = burst.latencies();
        System.out.printf("hostile input: %d bad answers (%d of 100,000 characters, %d of control and "
                        + "zero-width characters only), 3 answers of right-to-left, binary and zero-width text: "
                        + "%d interactions with the flows, unanswered %d, max ack %.0f ms; %d rapid clicks on one "
                        + "button: unanswered %d, ack p50 %.0f ms, max %.0f ms, all handled within %.1f s; heap "
                        + "after GC %.0f MB before, %.0f MB after; answers lost %d%n",
                LONG_TEXTS + EMPTY_TEXTS, LONG_TEXTS, EMPTY_TEXTS, latencies.count(), latencies.unanswered(),
                latencies.max(), RAPID_CLICKS, clicks.unanswered(), clicks.percentile(50), clicks.max(),
                clicksSeconds, baseline, after, wrote.lostAnswers() + clicked.lostAnswers());
        assertEquals(0, latencies.unanswered() + clicks.unanswered(), "every interaction acknowledged");
        assertTrue(latencies.max() < 3_000, "acknowledged within Discord's 3 s");
        assertTrue(clicks.max() < BURST_ACK_BOUND_MS, "the burst acknowledged: " + clicks.max());
        assertEquals(0, wrote.lostAnswers() + clicked.lostAnswers());
        assertTrue(reveal.content().contains("4 of 10"), "the 2000 clicks answered the question once");
        assertFalse(reveal.content().contains("\u202E") || reveal.content().contains("\u0000"),
                "no direction override or control character reaches the partner");
        assertTrue(after <= baseline + HEAP_SLACK_MB, "heap after GC " + after + " MB, before " + baseline);
    }

    private static long stale(Person person) {
        return person.mailbox().snapshot().stream().filter(m -> m.content().contains("That was for an earlier step")).count();
    }

    private static StandInMessage write(Load load, Interactions timed, Person person, StandInMessage question, String text)
            throws Exception {
        Map.Entry<String, String> form = load.openForm(timed, person, question);
        Load.send(timed, person, Kind.MODAL, () -> load.standIn.submitModal(person.user(), question, form.getKey(),
                Map.of(form.getValue(), text)));
        return await(person, m -> m.id() == question.id() && Mailboxes.differ(m, question), "the next question");
    }


    private static StandInMessage await(Person person, java.util.function.Predicate<StandInMessage> what, String description)
            throws Exception {
        return person.mailbox().await(what, System.nanoTime() + PHASE_NANOS, description);
    }
}

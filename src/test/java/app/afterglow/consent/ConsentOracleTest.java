package app.afterglow.consent;

import app.afterglow.core.CoreSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oracle itself, on hand-written transcripts in the console's format: it must bite, and only where the rule does. */
class ConsentOracleTest {
    private static final String T = "Checking in";
    private static final String FEEL = "How are you feeling today?";
    private static final String SINCE = "Has anything come up for you since?";

    private final ConsentOracle oracle = new ConsentOracle(ConsoleRun.START, CoreSettings.defaults().expiry());
    private int step;

    private void step(String typed, List<String> printed) {
        oracle.step(step++, typed, printed);
    }

    @SafeVarargs
    private static List<String> out(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return List.copyOf(all);
    }

    private static List<String> to(String who, String... lines) {
        return Stream.of(lines).map(l -> "[to " + who + "] " + l).toList();
    }

    private static List<String> question(String who, String partner, int n, String prompt) {
        return n == 1
                ? to(who, "** " + T + " with " + partner + " · 1 of 2 **", prompt, "   1. Good", "   2. Low",
                "   Reply with one or more numbers, like 1 3.", "   Or reply: skip · stop")
                : to(who, "** " + T + " with " + partner + " · 2 of 2 **", prompt, "   Up to 500 characters.",
                "   Reply with your answer.", "   Or reply: skip · back · stop");
    }

    /** A review of both questions; a null answer is skipped. */
    private static List<String> review(String who, String partner, String feel, boolean shareFeel, String since, boolean shareSince) {
        List<String> lines = new ArrayList<>(List.of("** " + T + " with " + partner + " · your answers before you send them **",
                "   Every answer is private unless you choose to share it."));
        item(lines, 1, FEEL, feel, shareFeel);
        item(lines, 2, SINCE, since, shareSince);
        lines.add("   Reply: share N · edit N · share all · private all · submit · stop");
        return to(who, lines.toArray(String[]::new));
    }

    private static void item(List<String> lines, int n, String prompt, String answer, boolean shared) {
        lines.add(n + ". " + prompt);
        if (answer == null) {
            lines.add("   (skipped)");
        } else {
            lines.add("   > " + answer);
            lines.add(shared ? "   🤝 Shared, if your partner shares this one too" : "   🔒 Private");
        }
    }

    private static List<String> reveal(String who, String partner, String... promptMineTheirs) {
        List<String> lines = new ArrayList<>(List.of("** " + T + " with " + partner + " · what you both shared **"));
        for (int i = 0; i < promptMineTheirs.length; i += 3) {
            lines.addAll(List.of(promptMineTheirs[i], "   > You: " + promptMineTheirs[i + 1], "   > " + partner + ": " + promptMineTheirs[i + 2]));
        }
        if (promptMineTheirs.length == 0) {
            lines.add(Transcript.NOTHING_SHARED + ", and that is completely okay.");
        }
        lines.add("   Only answers you both chose to share are shown here.");
        return to(who, lines.toArray(String[]::new));
    }

    private void partners(String a, String b) {
        step(a + ": /partner invite " + b, to(a, "I've invited " + b + "."));
        step(b + ": /partner accept " + a, out(to(b, "You and " + a + " are now check-in partners."),
                to(a, b + " said yes — you're now check-in partners.")));
    }

    /** alice and bob each answer both questions and open their review, all shared. */
    private void bothAnswered(String aliceWords, String bobWords) {
        partners("alice", "bob");
        step("alice: /checkin followup bob", out(question("alice", "bob", 1, FEEL), to("bob", "alice started a follow-up check-in with you."),
                question("bob", "alice", 1, FEEL)));
        step("alice: 1", question("alice", "bob", 2, SINCE));
        step("alice: " + aliceWords, review("alice", "bob", "Good", false, aliceWords, false));
        step("alice: share all", review("alice", "bob", "Good", true, aliceWords, true));
        step("bob: 2", question("bob", "alice", 2, SINCE));
        step("bob: " + bobWords, review("bob", "alice", "Low", false, bobWords, false));
    }

    @Test
    @DisplayName("A clean check-in, where the reveal holds exactly what both shared, raises nothing")
    void cleanTranscript() {
        bothAnswered("Zq1x", "Zq2x");
        step("bob: share 2", review("bob", "alice", "Low", false, "Zq2x", true));
        step("alice: submit", to("alice", "Thank you — that's sent. When bob has finished too, you'll both see what you both chose to share."));
        step("bob: submit", out(to("bob", "Thank you — that's sent."), reveal("bob", "alice", SINCE, "Zq2x", "Zq1x"),
                reveal("alice", "bob", SINCE, "Zq1x", "Zq2x")));
        assertEquals(List.of(), oracle.violations());
        assertEquals(2, oracle.completed().size(), "both reveals judged exact");
    }

    @Test
    @DisplayName("Words typed with one partner's question on screen that reach the other partner are a violation of rule 7")
    void leakToAnotherPartner() {
        partners("alice", "bob");
        partners("alice", "carol");
        step("alice: /checkin followup bob", out(question("alice", "bob", 1, FEEL), question("bob", "alice", 1, FEEL)));
        step("alice: 1", question("alice", "bob", 2, SINCE));
        step("alice: Zq9x for bob", review("alice", "carol", "Good", false, "Zq9x for bob", false));
        step("alice: share all", review("alice", "carol", "Good", true, "Zq9x for bob", true));
        step("alice: submit", to("alice", "Thank you — that's sent."));
        step("carol: submit", out(reveal("carol", "alice", SINCE, "hi", "Zq9x for bob"), reveal("alice", "carol", SINCE, "Zq9x for bob", "hi")));

        List<Violation> found = oracle.violations();
        assertTrue(found.stream().anyMatch(v -> v.rule().equals("rule 7") && v.step() == 6 && v.message().startsWith("[to alice] ** Checking in with carol")), found::toString);
        assertTrue(found.stream().anyMatch(v -> v.rule().equals("rule 7") && v.message().startsWith("[to carol]")), found::toString);
    }

    @Test
    @DisplayName("A reveal showing an answer its writer kept private breaks rules 3 and 4")
    void revealOfPrivateAnswer() {
        bothAnswered("Zq1x", "Zq2x");
        step("alice: submit", to("alice", "Thank you — that's sent. When bob has finished too, you'll both see what you both chose to share."));
        step("bob: submit", out(to("bob", "Thank you — that's sent."), reveal("bob", "alice", SINCE, "Zq2x", "Zq1x")));
        assertEquals(List.of("rules 3, 4"), oracle.violations().stream().map(Violation::rule).toList(), oracle.violations()::toString);
    }

    @Test
    @DisplayName("A reveal before one partner submitted breaks rules 3 and 5, and so does a submit typed with a question on screen")
    void revealWithoutSubmit() {
        bothAnswered("Zq1x", "Zq2x");
        step("alice: back", question("alice", "bob", 2, SINCE));
        step("alice: submit", to("alice", "Thank you — that's sent."));
        step("bob: submit", out(to("bob", "Thank you — that's sent."), reveal("bob", "alice")));
        List<String> rules = oracle.violations().stream().map(Violation::rule).toList();
        assertEquals(List.of("rule 7", "rules 3, 5"), rules, oracle.violations()::toString);
    }

    @Test
    @DisplayName("A reply word such as resume kept as an answer is reported once, however many reviews repeat it")
    void replyWordStored() {
        bothAnswered("resume", "Zq2x");
        step("alice: private all", review("alice", "bob", "Good", false, "resume", false));
        assertEquals(1, oracle.violations().size(), oracle.violations()::toString);
        assertTrue(oracle.violations().get(0).rule().contains("reply word"));
    }

    @Test
    @DisplayName("A close notice held back by quiet hours closes the expired check-in, not the new one with the same title")
    void lateCloseNotice() {
        partners("alice", "bob");
        step("alice: /checkin followup bob", out(question("alice", "bob", 1, FEEL), question("bob", "alice", 1, FEEL)));
        step("alice: /clock +49h", List.of("[clock] Sun 22 Nov 2026, 19:00 UTC"));
        step("alice: /clock +9h", List.of("[clock] Mon 23 Nov 2026, 04:00 UTC"));
        step("alice: /checkin followup bob", question("alice", "bob", 1, FEEL));
        step("alice: 1", question("alice", "bob", 2, SINCE));
        step("alice: /clock +5h", out(List.of("[clock] Mon 23 Nov 2026, 09:00 UTC"), to("alice", "** " + T + " with bob **",
                "This check-in has closed. Nothing was shared this time.")));
        step("alice: Zq5x", review("alice", "bob", "Good", false, "Zq5x", false));
        assertEquals(List.of(), oracle.violations());
    }

    @Test
    @DisplayName("Non-interference compares everyone but the changed person, line by line")
    void nonInterferenceDifferences() {
        List<String> before = out(to("alice", "a"), to("bob", "b"), to("carol", "c"));
        List<String> after = out(to("alice", "A"), to("bob", "b"), to("carol", "C"));
        List<String> found = NonInterference.differences(before, after, List.of("alice", "bob", "carol"), "alice");
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).startsWith("carol's transcript changed at line 1:"), found::toString);
    }
}

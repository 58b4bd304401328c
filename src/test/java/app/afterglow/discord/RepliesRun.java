package app.afterglow.discord;

import app.afterglow.testing.Await;
import app.afterglow.testing.DiscordTestBot;
import app.afterglow.testing.ScratchDir;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.SlashOption;
import app.afterglow.testing.discord.StandInMessage;
import app.afterglow.testing.discord.StandInUser;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real Discord bot (core, SQLite storage, adapter, JDA) against the stand-in, with a few
 * people: it performs {@link Act}s and, after each step, waits until the bot has said everything
 * it had to say and records what each person was shown since, in their {@link Inbox}. Used
 * from the test thread only; close it to stop the bot and delete its files.
 */
final class RepliesRun implements AutoCloseable {
    /** Bounds every wait; generous, since the machine may be busy with other work. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final Path dir = ScratchDir.create("afterglow-replies-model");
    private final DiscordTestBot bot;
    private final DiscordStandIn standIn;
    private final Map<String, StandInUser> users = new LinkedHashMap<>();
    private final Map<Long, String> dmOf = new HashMap<>();
    private final Map<String, Inbox> inboxes = new LinkedHashMap<>();
    private final Map<Integer, SentInteraction> sent = new HashMap<>();
    private final Map<Integer, Act.OpenForm> opened = new HashMap<>();
    private final Map<Integer, JsonNode> forms = new HashMap<>();
    private final Map<Long, String> serverOwner = new HashMap<>();
    private final Map<Long, Shown> last = new HashMap<>();
    private final Map<Long, StandInMessage> messages = new HashMap<>();
    private final StandInUser probe;
    private final StandInUser echo;
    private long echoSeen;

    /** What each person has been shown, message by message and state by state, in the order they got them. */
    static final class Inbox {
        private final List<Long> ids = new ArrayList<>();
        private final List<List<Shown>> versions = new ArrayList<>();
        private final List<String> transcript = new ArrayList<>();

        int size() {
            return ids.size();
        }

        int versions(int ordinal) {
            return versions.get(ordinal).size();
        }

        Shown state(int ordinal, int version) {
            return versions.get(ordinal).get(version);
        }

        Shown state(Act.Seen seen) {
            return state(seen.ordinal(), seen.version());
        }

        Shown latest(int ordinal) {
            List<Shown> states = versions.get(ordinal);
            return states.get(states.size() - 1);
        }

        /** Every state shown, one line each, ids blanked: what non-interference compares. */
        List<String> transcript() {
            return List.copyOf(transcript);
        }
    }

    /** A state a person was shown at the end of a step: a new message ({@code created}) or a changed one. */
    record Change(String person, int ordinal, int version, Shown shown, boolean created) {
        Act.Seen seen() {
            return new Act.Seen(person, ordinal, version);
        }
    }

    /** What a step showed: each person's changes in the order of their messages, and server messages nobody asked for. */
    record Observed(List<Change> changes, List<Shown> unowned) {
    }

    RepliesRun(List<String> people) {
        try {
            bot = DiscordTestBot.start(dir);
        } catch (RuntimeException | AssertionError e) {
            ScratchDir.delete(dir);
            throw e;
        }
        standIn = bot.standIn();
        for (String name : people) {
            StandInUser user = bot.person(name);
            users.put(name, user);
            dmOf.put(bot.dm(user).id(), name);
            inboxes.put(name, new Inbox());
        }
        // The barrier's pair: an invite kept pending, sent again at the end of every step.
        probe = bot.person("zz-probe");
        echo = bot.person("zz-echo");
        try {
            settle();
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    Inbox inbox(String person) {
        return inboxes.get(person);
    }

    Map<String, Inbox> inboxes() {
        return inboxes;
    }

    Shown shown(Act.Seen seen) {
        Inbox inbox = inboxes.get(seen.person());
        if (seen.ordinal() >= inbox.size() || seen.version() >= inbox.versions(seen.ordinal())) {
            throw new IllegalStateException("a replay diverged: " + seen + " was never shown in this run");
        }
        return inbox.state(seen);
    }

    Optional<Act.OpenForm> opened(int form) {
        return Optional.ofNullable(opened.get(form));
    }

    /** Performs {@code acts} back to back, as fast as Discord would deliver them, then waits and records what each person saw. */
    Observed perform(List<Act> acts) {
        boolean quiet = true;
        for (Act act : acts) {
            perform(act);
            quiet &= act instanceof Act.OpenForm;
        }
        if (!quiet) {
            settle();
        }
        return observe(acts);
    }

    /** The bot's replies to act {@code id}'s interaction among {@code messageIds}, in their current state. */
    List<Shown> replies(int id, Set<Long> messageIds) {
        SentInteraction interaction = sent.get(id);
        if (interaction == null) {
            return List.of();
        }
        return standIn.repliesTo(interaction).stream().filter(m -> messageIds.contains(m.id()))
                .map(m -> Shown.of(m, m.channelId() == bot.general().id())).toList();
    }

    private void perform(Act act) {
        StandInUser user = users.get(act.actor());
        if (act instanceof Act.Slash slash) {
            List<SlashOption> options = slash.options().stream().map(o -> o.person()
                    ? SlashOption.user(o.name(), users.get(o.value())) : SlashOption.string(o.name(), o.value())).toList();
            sent.put(act.id(), standIn.slashCommand(slash.inServer() ? bot.general() : bot.dm(user), user, slash.command(),
                    options.toArray(SlashOption[]::new)));
        } else if (act instanceof Act.Press press) {
            sent.put(act.id(), standIn.forgeButtonClick(user, message(press.actor(), press.carrier()), press.customId()));
        } else if (act instanceof Act.Pick pick) {
            sent.put(act.id(), standIn.forgeSelectMenu(user, message(pick.actor(), pick.carrier()), pick.customId(),
                    pick.values().toArray(String[]::new)));
        } else if (act instanceof Act.OpenForm open) {
            SentInteraction click = standIn.forgeButtonClick(user, message(open.actor(), open.source().ordinal()), open.customId());
            JsonNode modal = standIn.awaitCall(call -> call.is("POST", "interactions/" + click.id() + "/.+/callback"), WAIT)
                    .body().path("data");
            opened.put(act.id(), open);
            forms.put(act.id(), modal);
        } else if (act instanceof Act.SendForm send) {
            JsonNode modal = forms.get(send.form());
            String modalId = modal.path("custom_id").asText();
            Map<String, String> inputs = Map.of(modal.at("/components/0/component/custom_id").asText(), send.text());
            sent.put(act.id(), send.carrier().isPresent()
                    ? standIn.submitModal(user, message(send.actor(), send.carrier().getAsInt()), modalId, inputs)
                    : standIn.submitModal(bot.general(), user, modalId, inputs));
        } else if (act instanceof Act.Redeliver again) {
            standIn.deliverAgain(sent.get(again.of()));
        } else if (act instanceof Act.Wait wait) {
            bot.advance(Duration.ofHours(wait.hours()));
        }
    }

    private StandInMessage message(String person, int ordinal) {
        Inbox inbox = inboxes.get(person);
        if (ordinal >= inbox.size()) {
            throw new IllegalStateException("a replay diverged: " + person + " has no message #" + ordinal + " in this run");
        }
        return messages.get(inbox.ids.get(ordinal));
    }

    /**
     * Returns once the bot has answered every interaction so far and delivered everything they
     * queued. The probe's invite goes out again: the adapter delivers a queued message only after
     * the answers to every interaction taken up before it, so once that echo is seen every earlier
     * interaction was answered and what it queued is in the outbox. Different people's messages go
     * out side by side, and a lane takes the next as soon as it is free, so the echo may come before
     * messages queued earlier: then it waits until the outbox holds nothing due.
     */
    private void settle() {
        standIn.slashCommand(bot.dm(probe), probe, "partner invite", SlashOption.user("person", echo));
        long echoDm = bot.dm(echo).id();
        long after = echoSeen;
        echoSeen = standIn.awaitMessage(m -> m.channelId() == echoDm && Long.compareUnsigned(m.id(), after) > 0, WAIT).id();
        Await.until(WAIT, "everything queued delivered", bot::nothingDue);
    }

    private Observed observe(List<Act> acts) {
        long server = bot.general().id();
        for (Act act : acts) {
            SentInteraction interaction = sent.get(act.id());
            if (interaction != null && !act.actor().isEmpty()) {
                standIn.repliesTo(interaction).stream().filter(m -> m.channelId() == server)
                        .forEach(m -> serverOwner.putIfAbsent(m.id(), act.actor()));
            }
        }
        Map<String, List<StandInMessage>> changed = new LinkedHashMap<>();
        List<Shown> unowned = new ArrayList<>();
        for (StandInMessage m : standIn.messages()) {
            boolean inServer = m.channelId() == server;
            String owner = inServer ? serverOwner.get(m.id()) : dmOf.get(m.channelId());
            Shown now = Shown.of(m, inServer);
            if (inServer && owner == null) {
                if (!last.containsKey(m.id())) {
                    unowned.add(now);
                    last.put(m.id(), now);
                }
                continue;
            }
            if (owner == null || now.equals(last.get(m.id()))) {
                continue;
            }
            last.put(m.id(), now);
            messages.put(m.id(), m);
            changed.computeIfAbsent(owner, k -> new ArrayList<>()).add(m);
        }
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, List<StandInMessage>> mine : changed.entrySet()) {
            Inbox inbox = inboxes.get(mine.getKey());
            mine.getValue().sort(Comparator.comparing(StandInMessage::id, Long::compareUnsigned));
            for (StandInMessage m : mine.getValue()) {
                int ordinal = inbox.ids.indexOf(m.id());
                boolean created = ordinal < 0;
                if (created) {
                    ordinal = inbox.ids.size();
                    inbox.ids.add(m.id());
                    inbox.versions.add(new ArrayList<>());
                }
                Shown shown = last.get(m.id());
                inbox.versions.get(ordinal).add(shown);
                inbox.transcript.add("#" + ordinal + ": " + shown.line());
                changes.add(new Change(mine.getKey(), ordinal, inbox.versions(ordinal) - 1, shown, created));
            }
        }
        return new Observed(changes, unowned);
    }

    /** The ids of the messages behind {@code changes}, for {@link #replies}. */
    Set<Long> ids(List<Change> changes) {
        Set<Long> ids = new HashSet<>();
        changes.forEach(c -> ids.add(inboxes.get(c.person()).ids.get(c.ordinal())));
        return ids;
    }

    @Override
    public void close() {
        try {
            bot.close();
        } finally {
            ScratchDir.delete(dir);
        }
    }
}

package app.afterglow.core;

import app.afterglow.core.account.DataExport;
import app.afterglow.core.account.Erasure;
import app.afterglow.core.account.Help;
import app.afterglow.core.account.History;
import app.afterglow.core.account.Settings;
import app.afterglow.core.checkin.CheckinRef;
import app.afterglow.core.checkin.Checkins;
import app.afterglow.core.checkin.ScreenKeeper;
import app.afterglow.core.conversation.Mail;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Dispatcher;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.ScreenOrder;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Focus;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.partnership.Partnerships;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.schedule.Scheduler;
import app.afterglow.core.session.Sessions;
import app.afterglow.core.store.Stores;
import app.afterglow.core.util.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one door adapters use: hand it what a person did, get back what to answer them where they
 * acted; everything for anyone else is queued in the outbox and delivered by {@link #deliver}.
 * Thread-safe: inputs are handled one at a time, each in one transaction.
 */
public final class Afterglow {
    private static final Logger LOG = LoggerFactory.getLogger(Afterglow.class);

    private final Stores stores;
    private final QuestionCatalog catalog;
    private final CoreSettings settings;
    private final Clock clock;
    private final People people;
    private final Mail mail;
    private final Checkins checkins;
    private final Partnerships partnerships;
    private final Sessions sessions;
    private final History history;
    private final DataExport export;
    private final Erasure erasure;
    private final Settings personalSettings;
    private final Scheduler scheduler;
    private final Dispatcher dispatcher;
    private final ScreenKeeper screens;
    private final ScreenOrder order = new ScreenOrder();

    public Afterglow(Stores stores, QuestionCatalog catalog, CoreSettings settings, Clock clock) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.people = new People(stores.people());
        this.mail = new Mail(stores.outbox(), people);
        this.checkins = new Checkins(stores, people, mail, settings);
        this.partnerships = new Partnerships(stores, people, mail, checkins, this::person);
        this.sessions = new Sessions(stores, people, checkins, partnerships, catalog, settings);
        this.history = new History(stores, people);
        this.export = new DataExport(stores, people);
        this.erasure = new Erasure(stores, partnerships, checkins);
        this.personalSettings = new Settings(stores.people());
        this.scheduler = new Scheduler(stores, checkins, sessions, clock);
        this.screens = new ScreenKeeper(stores);
        this.dispatcher = new Dispatcher(stores.transactions(), stores.outbox(), screens, order, clock);
    }

    /**
     * Handles one input from {@code actor}. Returns the replies to show where they acted; in a
     * shared context anything private or interactive goes to their DM instead and the reply only
     * says so. Never throws: a failure is logged without content and answered with an apology,
     * having changed nothing.
     */
    public List<Message> handle(PlatformUser actor, Context context, Input input) {
        return run(actor, context, input, Optional.empty(), false).orElse(List.of());
    }

    /**
     * Like {@link #handle}, but at most once per platform event: a redelivered event (the same
     * {@code eventKey}) changes nothing and returns empty.
     */
    public Optional<List<Message>> handleOnce(PlatformUser actor, Context context, Input input, String eventKey) {
        return run(actor, context, input, Optional.of(eventKey), false);
    }

    /**
     * Handles a platform event at most once, queueing every reply in the outbox in the same
     * transaction, so a crash neither loses nor repeats an answer. Returns only what must be said
     * directly: an apology when handling failed, the farewell after a person erased their data,
     * or, in {@link Context#SHARED_PUBLIC}, the content-free pointer to the DM for the room.
     */
    public List<Message> handleQueued(PlatformUser actor, Context context, Input input, String eventKey) {
        return run(actor, context, input, Optional.of(eventKey), true).orElse(List.of());
    }

    private Optional<List<Message>> run(PlatformUser actor, Context context, Input input, Optional<String> eventKey,
                                        boolean queue) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(input, "input");
        if (actor.bot()) {
            return Optional.of(List.of());
        }
        if (input instanceof Input.Say) {
            // A typed reply answers what is on screen, so it waits for a step being delivered to land.
            return order.forPerson(actor, () -> handle(actor, context, input, eventKey, queue));
        }
        return handle(actor, context, input, eventKey, queue);
    }

    private Optional<List<Message>> handle(PlatformUser actor, Context context, Input input, Optional<String> eventKey,
                                           boolean queue) {
        try {
            return stores.transactions().inTransaction(() -> {
                Instant now = clock.instant();
                if (eventKey.isPresent() && !stores.seenEvents().firstSight(actor.platform() + ":" + eventKey.get(), now)) {
                    return Optional.empty();
                }
                Turn turn = new Turn(person(actor), now);
                if (dispatch(turn, input)) {
                    // Once erased, the person has no DM to route to; the reply says only that it is done.
                    return Optional.of(turn.replies());
                }
                List<Message> replies = route(turn, context);
                List<Message> direct = replies;
                // In a public room everything else went to the DM; the pointer belongs in the room.
                if (queue && context != Context.SHARED_PUBLIC) {
                    replies.forEach(m -> mail.now(m, now));
                    direct = List.of();
                } else {
                    // Said here and now: shown as soon as this returns. What went to the outbox counts once delivered.
                    replies.forEach(screens::shown);
                }
                // They are awake and talking to the bot: what waited for their quiet hours comes now, after the answer.
                stores.outbox().release(turn.actor().id(), now);
                return Optional.of(direct);
            });
        } catch (RuntimeException e) {
            LOG.error("handling {} from a {} user failed: {}", input.getClass().getSimpleName(), actor.platform(), SafeLog.describe(e));
            return Optional.of(List.of(Message.notice(new PersonId(0), Line.text("Something went wrong on my side, so "
                    + "nothing changed. Please try again in a moment."))));
        }
    }

    /** Runs scheduled work that is due (reminders, deadlines, follow-ups). */
    public int runDueJobs() {
        return scheduler.runDue();
    }

    /** Delivers queued messages for people on {@code platform}. */
    public int deliver(Platform platform, Messenger messenger) {
        return dispatcher.drain(platform, messenger);
    }

    /** The question sets people can start with {@code /checkin}. */
    public List<QuestionSet> startableSets() {
        return catalog.startable();
    }

    private Person person(PlatformUser user) {
        return stores.people().findOrCreate(user, settings.defaultZone(), settings.defaultQuietHours(), clock.instant());
    }

    /** Returns whether the actor's data was erased. */
    private boolean dispatch(Turn turn, Input input) {
        if (input instanceof Input.Run run) {
            return command(turn, run.command());
        }
        if (input instanceof Input.Say say) {
            checkins.say(turn, say.text(), say.replyingTo().flatMap(Focus::fromToken));
        } else if (input instanceof Input.Press press) {
            String ref = press.ref();
            if (ref.startsWith(CheckinRef.PREFIX)) {
                CheckinRef.parse(ref).ifPresentOrElse(r -> checkins.press(turn, r), () -> unknownButton(turn));
            } else if (ref.startsWith(Partnerships.REF_PREFIX)) {
                partnerships.press(turn, ref);
            } else if (ref.equals(Erasure.CONFIRM_REF)) {
                erasure.erase(turn);
                return true;
            } else {
                unknownButton(turn);
            }
        } else if (input instanceof Input.Answer answer) {
            CheckinRef.parse(answer.ref()).ifPresentOrElse(r -> checkins.answer(turn, r, answer.values()), () -> unknownButton(turn));
        }
        return false;
    }

    private boolean command(Turn turn, Command command) {
        if (command instanceof Command.Help) {
            Help.show(turn);
        } else if (command instanceof Command.PartnerList) {
            partnerships.list(turn);
        } else if (command instanceof Command.PartnerInvite c) {
            partnerships.invite(turn, c.target());
        } else if (command instanceof Command.PartnerAccept c) {
            partnerships.accept(turn, c.from());
        } else if (command instanceof Command.PartnerDecline c) {
            partnerships.decline(turn, c.from());
        } else if (command instanceof Command.PartnerEnd c) {
            partnerships.end(turn, c.partner());
        } else if (command instanceof Command.SessionStart c) {
            sessions.start(turn, c.partner());
        } else if (command instanceof Command.SessionEnd c) {
            sessions.end(turn, c.partner());
        } else if (command instanceof Command.StartCheckin c) {
            startCheckin(turn, c);
        } else if (command instanceof Command.Resume c) {
            if (c.partner().isPresent()) {
                partnerships.active(turn, c.partner(), "checkin resume")
                        .ifPresent(p -> checkins.resume(turn, Optional.of(p.id())));
            } else {
                checkins.resume(turn, Optional.empty());
            }
        } else if (command instanceof Command.Prefs) {
            sessions.preferences(turn);
        } else if (command instanceof Command.History) {
            history.show(turn);
        } else if (command instanceof Command.Settings c) {
            personalSettings.apply(turn, c.timezone(), c.quietHours());
        } else if (command instanceof Command.ExportData) {
            export.send(turn);
        } else if (command instanceof Command.DeleteData c) {
            if (c.confirmed()) {
                erasure.erase(turn);
                return true;
            }
            erasure.ask(turn);
        }
        return false;
    }

    private void startCheckin(Turn turn, Command.StartCheckin c) {
        Optional<QuestionSet> set = catalog.find(c.setId()).filter(s -> !s.kind().personal());
        if (set.isEmpty()) {
            List<Object> parts = new ArrayList<>(List.of("I don't know a check-in called \"", Segment.person(c.setId()), "\". Try "));
            parts.add(catalog.startable().stream().map(QuestionSet::id).collect(Collectors.joining(", ")));
            parts.add(".");
            turn.reply(Line.text(parts.toArray()));
            return;
        }
        partnerships.active(turn, c.partner(), "checkin " + set.get().id())
                .ifPresent(p -> checkins.start(p, set.get(), Optional.empty(), Optional.of(turn), turn.now(), person -> List.of()));
    }

    private static void unknownButton(Turn turn) {
        turn.refuse(Line.text("That button doesn't do anything any more, so nothing changed."));
    }

    /**
     * Keeps private things out of shared places: in a shared context, interactive or personal
     * messages go to the person's DM, and the reply there only points at it.
     */
    private List<Message> route(Turn turn, Context context) {
        if (context == Context.PRIVATE) {
            return turn.replies();
        }
        List<Message> here = new ArrayList<>();
        boolean moved = false;
        for (Message m : turn.replies()) {
            if (context == Context.SHARED_PUBLIC || m.interactive()) {
                mail.now(m, turn.now());
                moved = true;
            } else {
                here.add(m);
            }
        }
        if (moved) {
            here.add(Message.of(turn.actor().id(), Line.text("I've sent you a direct message.")));
        }
        return here;
    }
}

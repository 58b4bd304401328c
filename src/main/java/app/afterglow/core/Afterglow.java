package app.afterglow.core;

import app.afterglow.core.account.DataExport;
import app.afterglow.core.account.Erasure;
import app.afterglow.core.account.History;
import app.afterglow.core.account.Settings;
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
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.partnership.Partnerships;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.ref.CheckinControl;
import app.afterglow.core.ref.EraseConfirmation;
import app.afterglow.core.ref.InviteAnswer;
import app.afterglow.core.ref.NoLongerValid;
import app.afterglow.core.ref.Ref;
import app.afterglow.core.ref.Refs;
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
    private final Mail mail;
    private final Checkins checkins;
    private final Partnerships partnerships;
    private final Erasure erasure;
    private final Commands commands;
    private final Scheduler scheduler;
    private final Dispatcher dispatcher;
    private final ScreenKeeper screens;
    private final ScreenOrder order = new ScreenOrder();

    public Afterglow(Stores stores, QuestionCatalog catalog, CoreSettings settings, Clock clock) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        People people = new People(stores.people());
        this.mail = new Mail(stores.outbox(), people);
        this.checkins = new Checkins(stores, people, mail, settings);
        this.partnerships = new Partnerships(stores, people, mail, checkins, this::person);
        Sessions sessions = new Sessions(stores, people, checkins, partnerships, catalog, settings);
        this.erasure = new Erasure(stores, partnerships, checkins);
        this.commands = new Commands(catalog, checkins, partnerships, sessions, new History(stores, people),
                new DataExport(stores, people), erasure, new Settings(stores.people()));
        this.scheduler = new Scheduler(stores, checkins, sessions, clock, settings.keepCheckins());
        this.screens = new ScreenKeeper(stores);
        this.dispatcher = new Dispatcher(stores.transactions(), stores.outbox(), screens, order, clock);
    }

    /**
     * Handles one request. In a shared context anything private or interactive goes to the
     * person's DM and the answer there only says so. A request whose key was seen before changes
     * nothing. Never throws: a failure is logged without content and answered with an apology,
     * having changed nothing.
     */
    public Outcome handle(Request request) {
        Objects.requireNonNull(request, "request");
        if (request.actor().bot()) {
            return Outcome.done(List.of(), false, false);
        }
        if (request.input() instanceof Input.Say) {
            // A typed reply answers what is on screen, so it waits for a step being delivered to land.
            return order.forPerson(request.actor(), () -> attempt(request));
        }
        return attempt(request);
    }

    private Outcome attempt(Request request) {
        try {
            return stores.transactions().inTransactionAhead(() -> handleIn(request));
        } catch (RuntimeException e) {
            LOG.error("handling {} from a {} user failed: {}", request.input().getClass().getSimpleName(),
                    request.actor().platform(), SafeLog.describe(e));
            return new Outcome(List.of(Message.notice(knownAs(request.actor()), Line.text("Something went wrong on my "
                    + "side, so nothing changed. Please try again in a moment."))), false, false, false);
        }
    }

    private Outcome handleIn(Request request) {
        Instant now = clock.instant();
        if (request.key().isPresent()
                && !stores.seenEvents().firstSight(request.actor().platform() + ":" + request.key().get(), now)) {
            return Outcome.seenBefore();
        }
        Turn turn = new Turn(person(request.actor()), now);
        // What the turn sends others is queued after the actor's own answer: their "that's sent" comes first.
        try (Mail.Held forOthers = mail.hold()) {
            if (dispatch(turn, request.input())) {
                boolean mailed = forOthers.send();
                // Once erased, the person has no DM to route to; the reply says only that it is done.
                return Outcome.done(turn.replies(), true, mailed);
            }
            Context context = request.context();
            Routed routed = route(turn, context);
            List<Message> replies = routed.here();
            boolean mailed = routed.moved();
            List<Message> here = replies;
            // In a public room everything else went to the DM; the pointer belongs in the room.
            if (request.replies() == Request.Replies.QUEUED && context != Context.SHARED_PUBLIC) {
                replies.forEach(m -> mail.reply(m, now));
                mailed |= !replies.isEmpty();
                here = List.of();
            } else {
                // Said here and now: shown as soon as this returns. What went to the outbox counts once delivered.
                replies.forEach(screens::shown);
            }
            mailed |= forOthers.send();
            // They are awake and talking to the bot: what waited for their quiet hours comes now, after the answer.
            mailed |= stores.outbox().release(turn.actor().id(), now);
            return Outcome.done(here, false, mailed);
        }
    }

    /**
     * Whom an apology is for: the person, if the bot can still look them up. An answer goes back
     * where they acted, so adapters never use it as an address; one for someone never stored is
     * marked {@link PersonId#UNKNOWN}.
     */
    private PersonId knownAs(PlatformUser actor) {
        try {
            return stores.transactions().inTransaction(() -> stores.people().find(actor)).map(Person::id)
                    .orElse(PersonId.UNKNOWN);
        } catch (RuntimeException e) {
            return PersonId.UNKNOWN;
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

    /**
     * Tells a delivery under way for {@code platform} that more was queued since it read the
     * outbox, so it takes that as soon as it has room rather than leaving it for the next delivery.
     */
    public void moreQueued(Platform platform) {
        dispatcher.moreQueued(platform);
    }

    /**
     * The platform shows that outbox entry {@code entryId} reached its recipient, whatever its try
     * was told: see {@link Dispatcher#arrived}.
     */
    public void arrived(long entryId) {
        dispatcher.arrived(entryId);
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
        return input.accept(new Input.Visitor<Boolean>() {
            @Override
            public Boolean run(Input.Run run) {
                return commands.run(turn, run.command());
            }

            @Override
            public Boolean say(Input.Say say) {
                checkins.say(turn, say.text(), say.replyingTo(), say.source());
                return false;
            }

            @Override
            public Boolean retract(Input.Retract retract) {
                checkins.retract(turn, retract.source());
                return false;
            }

            @Override
            public Boolean revise(Input.Revise revise) {
                checkins.revise(turn, revise.source(), revise.text());
                return false;
            }

            @Override
            public Boolean press(Input.Press press) {
                return Refs.decode(press.ref()).accept(new Ref.Visitor<Boolean>() {
                    @Override
                    public Boolean checkin(CheckinControl control) {
                        checkins.press(turn, control);
                        return false;
                    }

                    @Override
                    public Boolean invite(InviteAnswer answer) {
                        partnerships.answer(turn, answer);
                        return false;
                    }

                    @Override
                    public Boolean erase(EraseConfirmation confirmation) {
                        erasure.erase(turn);
                        return true;
                    }

                    @Override
                    public Boolean noLongerValid(NoLongerValid stale) {
                        unknownButton(turn);
                        return false;
                    }
                });
            }

            @Override
            public Boolean answer(Input.Answer answer) {
                if (Refs.decode(answer.ref()) instanceof CheckinControl control) {
                    checkins.answer(turn, control, answer.values());
                } else {
                    unknownButton(turn);
                }
                return false;
            }
        });
    }

    private static void unknownButton(Turn turn) {
        turn.refuse(Line.text("That button doesn't do anything any more, so nothing changed."));
    }

    /** What is said where the person acted, and whether anything went to their DM instead. */
    private record Routed(List<Message> here, boolean moved) {
    }

    /**
     * Keeps private things out of shared places: in a shared context, interactive or personal
     * messages go to the person's DM, and the reply there only points at it.
     */
    private Routed route(Turn turn, Context context) {
        if (context == Context.PRIVATE) {
            return new Routed(turn.replies(), false);
        }
        List<Message> here = new ArrayList<>();
        boolean moved = false;
        for (Message m : turn.replies()) {
            if (context == Context.SHARED_PUBLIC || m.interactive()) {
                mail.reply(m, turn.now());
                moved = true;
            } else {
                here.add(m);
            }
        }
        if (moved) {
            here.add(Message.of(turn.actor().id(), Line.text("I've sent you a direct message.")));
        }
        return new Routed(here, moved);
    }
}

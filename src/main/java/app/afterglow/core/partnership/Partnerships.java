package app.afterglow.core.partnership;

import app.afterglow.core.checkin.Checkins;
import app.afterglow.core.conversation.Mail;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Action.Kind;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.PartnershipStatus;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.ref.InviteAnswer;
import app.afterglow.core.ref.Refs;
import app.afterglow.core.store.Stores;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Partnerships: invite, accept, decline, end, and finding the partnership a command is about.
 * Runs inside the caller's transaction; only the people in a partnership can act on it.
 */
public final class Partnerships {
    private final Stores stores;
    private final People people;
    private final Mail mail;
    private final Checkins checkins;
    private final Function<PlatformUser, Person> personOf;

    /** @param personOf finds or creates the person behind a platform user */
    public Partnerships(Stores stores, People people, Mail mail, Checkins checkins, Function<PlatformUser, Person> personOf) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.people = Objects.requireNonNull(people, "people");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.checkins = Objects.requireNonNull(checkins, "checkins");
        this.personOf = Objects.requireNonNull(personOf, "personOf");
    }

    public void invite(Turn turn, PlatformUser target) {
        Person me = turn.actor();
        if (target.bot()) {
            turn.reply(Line.text("Bots can't be partners. Invite a person instead."));
            return;
        }
        if (target.platform() == me.user().platform() && target.id().equals(me.user().id())) {
            turn.reply(Line.text("You can't be your own partner here. Invite the person you'd like to check in with."));
            return;
        }
        if (target.platform() != me.user().platform()) {
            turn.reply(Line.text("Partners need to be on the same platform as you."));
            return;
        }
        Person them = personOf.apply(target);
        Optional<Partnership> existing = stores.partnerships().forPerson(me.id()).stream()
                .filter(p -> p.isOpen() && p.includes(them.id())).findFirst();
        if (existing.isPresent()) {
            Partnership p = existing.get();
            if (p.status() == PartnershipStatus.ACTIVE) {
                turn.reply(Line.text("You and ", Segment.person(them.name()), " are already partners."));
            } else if (p.invitee().filter(me.id()::equals).isPresent()) {
                turn.reply(Line.text(Segment.person(them.name()), " has already invited you. Say ",
                        Segment.command("partner accept " + them.user().id()), " to say yes."));
            } else {
                mail.now(invitation(p, me, them), me.id(), turn);
                turn.reply(Line.text("I've sent your invite to ", Segment.person(them.name()), " again. It's waiting for their answer."));
            }
            return;
        }
        Partnership created = stores.partnerships().create(me.id(), them.id(), turn.now());
        mail.now(invitation(created, me, them), me.id(), turn);
        turn.reply(Line.text("I've invited ", Segment.person(them.name()), ". I'll let you know when they answer."));
    }

    /**
     * The invite as the invitee reads it. If it cannot reach them (closed DMs), the inviter is
     * told what to do instead; the invite stays pending and inviting again sends it again.
     */
    private Message invitation(Partnership p, Person me, Person them) {
        Message invite = Message.of(them.id(),
                Line.title(Segment.person(me.name()), " would like to be check-in partners with you"),
                Line.text("Afterglow sends each of you short, private check-ins before, right after and the day after "
                        + "your time together. Every answer stays private unless you both choose to share it."),
                Line.note("You can end a partnership at any time with ", Segment.command("partner end"), "."));
        Message unreachable = Message.of(me.id(),
                Line.text("I couldn't reach ", Segment.person(them.name()), " by direct message, so they haven't seen your "
                        + "invite yet. Their direct messages may be closed to me."),
                Line.note("Once they can receive direct messages from me, say ",
                        Segment.command("partner invite " + them.user().id()), " again. Nothing was lost."));
        return invite.withActions(List.of(
                        Action.command("Accept", "partner accept " + me.user().id(), Refs.encode(new InviteAnswer(p.id(), true)), Kind.SUCCESS),
                        Action.command("Decline", "partner decline " + me.user().id(), Refs.encode(new InviteAnswer(p.id(), false)), Kind.SECONDARY)))
                .withFallback(unreachable);
    }

    public void accept(Turn turn, Optional<PlatformUser> from) {
        pendingFor(turn, from, "accept").ifPresent(p -> accept(turn, p));
    }

    public void decline(Turn turn, Optional<PlatformUser> from) {
        pendingFor(turn, from, "decline").ifPresent(p -> decline(turn, p));
    }

    /** A press on an invite's buttons: only the invited person may answer it. */
    public void answer(Turn turn, InviteAnswer answer) {
        Optional<Partnership> partnership = stores.partnerships().find(answer.partnershipId());
        if (partnership.isEmpty() || partnership.get().invitee().filter(turn.actor().id()::equals).isEmpty()) {
            turn.refuse(Line.text("That invite isn't yours to answer, so nothing changed."));
            return;
        }
        if (partnership.get().status() != PartnershipStatus.PENDING) {
            turn.refuse(Line.text("That invite was already answered or withdrawn, so nothing changed."));
            return;
        }
        if (answer.accept()) {
            accept(turn, partnership.get());
        } else {
            decline(turn, partnership.get());
        }
    }

    private void accept(Turn turn, Partnership p) {
        stores.partnerships().updateStatus(p.id(), PartnershipStatus.ACTIVE, turn.now());
        String inviter = people.name(p.inviter());
        turn.reply(Line.text("You and ", Segment.person(inviter), " are now check-in partners."),
                Line.note("When the time comes: ", Segment.command("session start"), " before, ", Segment.command("session end"),
                        " after. ", Segment.command("prefs"), " lets you note what helps you come down."));
        p.inviter().ifPresent(id -> mail.now(Message.of(id,
                Line.text(Segment.person(turn.actor().name()), " said yes — you're now check-in partners."),
                Line.note("When the time comes: ", Segment.command("session start"), " before, ", Segment.command("session end"),
                        " after.")), turn.actor().id(), turn));
    }

    private void decline(Turn turn, Partnership p) {
        stores.partnerships().updateStatus(p.id(), PartnershipStatus.DECLINED, turn.now());
        turn.reply(Line.text("Okay, declined. ", Segment.person(people.name(p.inviter())),
                " will only hear that the invite wasn't taken up."));
        p.inviter().ifPresent(id -> mail.now(Message.of(id,
                Line.text("Your invite to ", Segment.person(turn.actor().name()), " wasn't taken up.")), turn.actor().id(),
                turn));
    }

    /**
     * Ends a partnership (or withdraws an invite); every open check-in between them closes unrevealed,
     * and nothing still queued from one to the other goes out.
     */
    public void end(Turn turn, Optional<PlatformUser> partner) {
        List<Partnership> open = stores.partnerships().forPerson(turn.actor().id()).stream().filter(Partnership::isOpen).toList();
        Optional<Partnership> chosen = choose(turn, open, partner, "partner end");
        chosen.ifPresent(p -> {
            end(p, turn.actor(), turn.now());
            turn.reply(Line.text("Done. The partnership with ", Segment.person(people.name(p.other(turn.actor().id()))),
                    " has ended; any open check-ins between you closed without sharing anything."));
        });
    }

    /**
     * Ends {@code p} on behalf of {@code by}, telling the other side. That notice names {@code by}
     * but is not erased with them: when an erase ends the partnership, it is how the partner learns.
     */
    public void end(Partnership p, Person by, java.time.Instant now) {
        boolean wasActive = p.status() == PartnershipStatus.ACTIVE;
        stores.partnerships().updateStatus(p.id(), PartnershipStatus.ENDED, now);
        checkins.cancelOpen(p.id());
        stores.jobs().deleteForPartnership(p.id());
        // Ending stops every flow between them at once, including what was queued before and has not gone yet.
        p.other(by.id()).ifPresent(other -> stores.outbox().deleteBetween(by.id(), other));
        p.other(by.id()).ifPresent(other -> mail.now(Message.of(other, wasActive
                ? Line.text(Segment.person(by.name()), " ended your check-in partnership. Any open check-ins between you "
                + "have closed, and nothing more from them will be shared.")
                : Line.text("The invite from ", Segment.person(by.name()), " was withdrawn.")), now));
    }

    /** Lists partners and invites. */
    public void list(Turn turn) {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title("Your partners"));
        for (Partnership p : stores.partnerships().forPerson(turn.actor().id())) {
            String name = people.name(p.other(turn.actor().id()));
            if (p.status() == PartnershipStatus.ACTIVE) {
                lines.add(Line.text("• ", Segment.person(name)));
            } else if (p.status() == PartnershipStatus.PENDING) {
                boolean toMe = p.invitee().filter(turn.actor().id()::equals).isPresent();
                lines.add(Line.text("• ", Segment.person(name), toMe ? " — invited you (accept or decline)" : " — invite waiting"));
            }
        }
        if (lines.size() == 1) {
            lines.add(Line.text("No partners yet. Invite someone with ", Segment.command("partner invite"), "."));
        }
        turn.reply(Message.of(turn.actor().id(), lines));
    }

    /**
     * The active partnership a command is about: the one with {@code partner}, or the only one.
     * Tells the person what to do when there is none or it is ambiguous.
     */
    public Optional<Partnership> active(Turn turn, Optional<PlatformUser> partner, String commandForHelp) {
        List<Partnership> active = stores.partnerships().forPerson(turn.actor().id()).stream()
                .filter(p -> p.status() == PartnershipStatus.ACTIVE).toList();
        if (active.isEmpty()) {
            turn.reply(Line.text("You don't have a partner here yet. Invite someone with ",
                    Segment.command("partner invite"), " and I'll take it from there."));
            return Optional.empty();
        }
        return choose(turn, active, partner, commandForHelp);
    }

    private Optional<Partnership> choose(Turn turn, List<Partnership> candidates, Optional<PlatformUser> partner, String command) {
        PersonId me = turn.actor().id();
        if (partner.isPresent()) {
            Optional<Partnership> match = candidates.stream()
                    .filter(p -> people.find(p.other(me)).filter(o -> sameUser(o.user(), partner.get())).isPresent()).findFirst();
            if (match.isEmpty()) {
                turn.reply(Line.text("You don't have a partnership with ", Segment.person(partner.get().displayName()), "."));
            }
            return match;
        }
        if (candidates.isEmpty()) {
            turn.reply(Line.text("There's no partnership to end."));
            return Optional.empty();
        }
        if (candidates.size() > 1) {
            List<Object> parts = new ArrayList<>(List.of("You have more than one partner here. Say which one, like "));
            String handle = people.find(candidates.get(0).other(me)).map(o -> o.user().id()).orElse("name");
            parts.add(Segment.command(command + " " + handle));
            parts.add(".");
            turn.reply(Line.text(parts.toArray()));
            return Optional.empty();
        }
        return Optional.of(candidates.get(0));
    }

    private Optional<Partnership> pendingFor(Turn turn, Optional<PlatformUser> from, String verb) {
        List<Partnership> pending = stores.partnerships().forPerson(turn.actor().id()).stream()
                .filter(p -> p.status() == PartnershipStatus.PENDING && p.invitee().filter(turn.actor().id()::equals).isPresent())
                .toList();
        if (pending.isEmpty()) {
            turn.reply(Line.text("There's no invite waiting for you."));
            return Optional.empty();
        }
        return choose(turn, pending, from, "partner " + verb);
    }

    private static boolean sameUser(PlatformUser a, PlatformUser b) {
        return a.platform() == b.platform() && a.id().equalsIgnoreCase(b.id());
    }
}

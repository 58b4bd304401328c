package app.afterglow.bench;

import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.StandInDmChannel;
import app.afterglow.testing.discord.StandInMessage;
import app.afterglow.testing.discord.StandInTextChannel;
import app.afterglow.testing.discord.StandInUser;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The people of one run and the stand-in they act on: two per couple, each with a DM watched by
 * {@link Mailboxes}, and a server channel where invites are made.
 */
final class Load {
    /** The kinds of interaction a person makes in a check-in, as Discord tells them apart. */
    enum Kind { SLASH_IN_SERVER, SLASH_IN_DM, BUTTON, SELECT, MODAL }

    /** Someone in the run: {@code index} 2 × couple + 0 for the inviter, + 1 for the invitee. */
    record Person(int index, int couple, char side, StandInUser user, StandInDmChannel dm, Mailboxes.Mailbox mailbox) {
    }

    final DiscordStandIn standIn;
    final StandInTextChannel general;
    final Mailboxes mailboxes = new Mailboxes();
    final List<Person> people = new ArrayList<>();

    Load(DiscordStandIn standIn, int couples) {
        this.standIn = Objects.requireNonNull(standIn, "standIn");
        this.general = standIn.addGuild("Home", "general").textChannel("general");
        standIn.observe(mailboxes);
        mailboxes.watchShared(general.id());
        for (int couple = 0; couple < couples; couple++) {
            for (char side : new char[]{'a', 'b'}) {
                StandInUser user = standIn.addUser(String.format("c%05d%c", couple, side));
                StandInDmChannel dm = standIn.dmChannel(user);
                people.add(new Person(people.size(), couple, side, user, dm, mailboxes.watch(dm.id(), couple)));
            }
        }
    }

    Person inviter(int couple) {
        return people.get(2 * couple);
    }

    Person invitee(int couple) {
        return people.get(2 * couple + 1);
    }

    /**
     * Opens {@code question}'s answer form as the person would, counted in {@code timed}; returns
     * the form's id and its text input's, to submit it with.
     */
    Map.Entry<String, String> openForm(Interactions timed, Person person, StandInMessage question)
            throws TimeoutException, InterruptedException {
        String button = question.componentIds().stream().filter(id -> id.startsWith("t|")).findFirst().orElseThrow();
        long opened = send(timed, person, Kind.BUTTON, () -> standIn.clickButton(person.user(), question, button)).id();
        JsonNode modal = timed.await(opened, 10_000).body().path("data");
        return Map.entry(modal.path("custom_id").asText(), modal.at("/components/0/component/custom_id").asText());
    }

    /** Sends an interaction of the load, counted in {@code timed}. */
    static SentInteraction send(Interactions timed, Person who, Kind kind, Supplier<SentInteraction> interaction) {
        SentInteraction sent = interaction.get();
        timed.track(sent, who.index(), kind);
        return sent;
    }
}

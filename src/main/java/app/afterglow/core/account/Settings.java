package app.afterglow.core.account;

import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.QuietHours;
import app.afterglow.core.store.PersonStore;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** {@code /settings}: a person's time zone and quiet hours. */
public final class Settings {
    private final PersonStore people;

    public Settings(PersonStore people) {
        this.people = Objects.requireNonNull(people, "people");
    }

    /**
     * The zone a person named, in any case ("europe/berlin"), stored under its canonical id; ids
     * of fixed offsets ("UTC+02:00") as Java reads them.
     */
    static Optional<ZoneId> zone(String text) {
        String wanted = text.trim();
        Optional<String> region = ZoneId.getAvailableZoneIds().stream().filter(id -> id.equalsIgnoreCase(wanted)).findFirst();
        try {
            return Optional.of(ZoneId.of(region.orElse(wanted.toUpperCase(Locale.ROOT))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    public void apply(Turn turn, Optional<String> timezone, Optional<String> quiet) {
        Person me = turn.actor();
        ZoneId zone = me.zone();
        Optional<QuietHours> hours = me.quietHours();
        if (timezone.isPresent()) {
            Optional<ZoneId> named = zone(timezone.get());
            if (named.isEmpty()) {
                turn.reply(Line.text("I don't know the time zone \"", Segment.person(timezone.get()),
                        "\". Use a name like Europe/Berlin or America/New_York. Nothing changed."));
                return;
            }
            zone = named.get();
        }
        if (quiet.isPresent()) {
            String text = quiet.get().trim().toLowerCase(Locale.ROOT);
            if (text.equals("off") || text.equals("none")) {
                hours = Optional.empty();
            } else {
                hours = QuietHours.parse(text);
                if (hours.isEmpty()) {
                    turn.reply(Line.text("Quiet hours look like 22:00-08:00, or off. Nothing changed."));
                    return;
                }
            }
        }
        if (timezone.isPresent() || quiet.isPresent()) {
            people.updateSettings(me.id(), zone, hours);
        }
        turn.reply(Line.title(timezone.isPresent() || quiet.isPresent() ? "Saved. Your settings" : "Your settings"),
                Line.text("Time zone: " + zone.getId()),
                Line.text("Quiet hours: " + hours.map(h -> h.start() + "–" + h.end()
                        + " (reminders and follow-ups wait until they end)").orElse("off")),
                Line.note("Change them with ", Segment.command("settings timezone Europe/Berlin"), " or ",
                        Segment.command("settings quiet 23:00-07:00"), " (or off)."));
    }
}

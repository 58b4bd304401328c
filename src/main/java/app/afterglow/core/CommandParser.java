package app.afterglow.core;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.PlatformUser;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a typed command (without its platform prefix) into a {@link Command}, for platforms where
 * commands are text: the console and Matrix. Whoever a command names is looked up by the
 * platform's own resolver.
 */
public final class CommandParser {
    /** Words {@code checkin <word>} reads as something other than a question set's id. */
    public static final Set<String> CHECKIN_WORDS = Set.of("resume", "continue");

    private CommandParser() {
    }

    /** Either a command or a line that says what was wrong with the text. */
    public record Result(Optional<Command> command, Optional<Line> problem) {
        static Result of(Command command) {
            return new Result(Optional.of(command), Optional.empty());
        }

        static Result problem(Object... parts) {
            return new Result(Optional.empty(), Optional.of(Line.text(parts)));
        }
    }

    /** Who a handle names, as the platform knows it. */
    public sealed interface Lookup {
        record Found(PlatformUser user) implements Lookup {
        }

        /** Nobody by that handle, as far as the bot can tell. */
        record Unknown() implements Lookup {
        }

        /** Someone the host has not allowed to use the bot; whether they exist is not said. */
        record NotAllowed() implements Lookup {
        }
    }

    /** @param resolve finds the platform user a handle ("bob") names, where everyone may use the bot */
    public static Result parse(String text, Function<String, Optional<PlatformUser>> resolve) {
        return parseLooking(text, handle -> resolve.apply(handle).<Lookup>map(Lookup.Found::new).orElse(new Lookup.Unknown()));
    }

    /** @param resolve looks up whom a handle ("bob", "@bob:example.org") names */
    public static Result parseLooking(String text, Function<String, Lookup> resolve) {
        List<String> words = Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            return unknown();
        }
        String head = words.get(0).toLowerCase(Locale.ROOT);
        String sub = words.size() > 1 ? words.get(1).toLowerCase(Locale.ROOT) : "";
        List<String> rest = words.size() > 2 ? words.subList(2, words.size()) : List.of();
        return switch (head) {
            case "help", "start" -> Result.of(new Command.Help());
            case "partner", "partners" -> partner(sub, rest, resolve);
            case "session" -> session(sub, rest, resolve);
            case "checkin", "check-in" -> checkin(words, resolve);
            case "resume", "continue" -> resume(words.subList(1, words.size()), resolve);
            case "prefs", "preferences" -> Result.of(new Command.Prefs());
            case "history" -> Result.of(new Command.History());
            case "settings" -> settings(sub, words);
            case "mydata" -> switch (sub) {
                case "export" -> Result.of(new Command.ExportData());
                case "delete" -> Result.of(new Command.DeleteData(!rest.isEmpty() && rest.get(0).equalsIgnoreCase("confirm")));
                default -> Result.problem("Say ", Segment.command("mydata export"), " or ", Segment.command("mydata delete"), ".");
            };
            default -> unknown();
        };
    }

    private static Result partner(String sub, List<String> rest, Function<String, Lookup> resolve) {
        if (sub.isEmpty() || sub.equals("list")) {
            return Result.of(new Command.PartnerList());
        }
        Optional<String> who = rest.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", rest));
        Optional<PlatformUser> user = Optional.empty();
        if (who.isPresent()) {
            Lookup found = resolve.apply(who.get());
            if (!(found instanceof Lookup.Found f)) {
                return notFound(who.get(), found);
            }
            user = Optional.of(f.user());
        }
        return switch (sub) {
            case "invite" -> user.<Result>map(u -> Result.of(new Command.PartnerInvite(u)))
                    .orElseGet(() -> Result.problem("Who would you like to invite? Say ", Segment.command("partner invite <name>"), "."));
            case "accept" -> Result.of(new Command.PartnerAccept(user));
            case "decline" -> Result.of(new Command.PartnerDecline(user));
            case "end" -> Result.of(new Command.PartnerEnd(user));
            default -> Result.problem("Partner commands are ", Segment.command("partner invite"), ", ",
                    Segment.command("partner accept"), ", ", Segment.command("partner decline"), " and ",
                    Segment.command("partner end"), ".");
        };
    }

    private static Result session(String sub, List<String> rest, Function<String, Lookup> resolve) {
        Optional<PlatformUser> user = Optional.empty();
        if (!rest.isEmpty()) {
            Lookup found = resolve.apply(String.join(" ", rest));
            if (!(found instanceof Lookup.Found f)) {
                return notFound(String.join(" ", rest), found);
            }
            user = Optional.of(f.user());
        }
        return switch (sub) {
            case "start", "begin" -> Result.of(new Command.SessionStart(user));
            case "end", "stop", "done" -> Result.of(new Command.SessionEnd(user));
            default -> Result.problem("Say ", Segment.command("session start"), " before, and ",
                    Segment.command("session end"), " after.");
        };
    }

    private static Result checkin(List<String> words, Function<String, Lookup> resolve) {
        if (words.size() < 2) {
            return Result.problem("Which check-in? ", Segment.command("checkin before"), ", ",
                    Segment.command("checkin after"), " or ", Segment.command("checkin followup"), ".");
        }
        String set = words.get(1).toLowerCase(Locale.ROOT);
        if (CHECKIN_WORDS.contains(set)) {
            return resume(words.subList(2, words.size()), resolve);
        }
        Optional<PlatformUser> user = Optional.empty();
        if (words.size() > 2) {
            String who = String.join(" ", words.subList(2, words.size()));
            Lookup found = resolve.apply(who);
            if (!(found instanceof Lookup.Found f)) {
                return notFound(who, found);
            }
            user = Optional.of(f.user());
        }
        return Result.of(new Command.StartCheckin(set, user));
    }

    private static Result resume(List<String> who, Function<String, Lookup> resolve) {
        if (who.isEmpty()) {
            return Result.of(new Command.Resume(Optional.empty()));
        }
        String name = String.join(" ", who);
        Lookup found = resolve.apply(name);
        return found instanceof Lookup.Found f ? Result.of(new Command.Resume(Optional.of(f.user()))) : notFound(name, found);
    }

    private static Result notFound(String who, Lookup lookup) {
        if (lookup instanceof Lookup.NotAllowed) {
            return Result.problem("\"", Segment.person(who), "\" can't use this bot here, so they can't take part. "
                    + "Whoever runs it decides who may.");
        }
        return Result.problem("I can't find \"", Segment.person(who), "\" here.");
    }

    private static Result settings(String sub, List<String> words) {
        String value = words.size() > 2 ? String.join(" ", words.subList(2, words.size())) : "";
        return switch (sub) {
            case "" -> Result.of(new Command.Settings(Optional.empty(), Optional.empty()));
            case "timezone", "tz", "zone" -> value.isEmpty()
                    ? Result.problem("Which time zone? For example ", Segment.command("settings timezone Europe/Berlin"), ".")
                    : Result.of(new Command.Settings(Optional.of(value), Optional.empty()));
            case "quiet" -> value.isEmpty()
                    ? Result.problem("Which quiet hours? For example ", Segment.command("settings quiet 22:00-08:00"), ", or off.")
                    : Result.of(new Command.Settings(Optional.empty(), Optional.of(value)));
            default -> Result.problem("Say ", Segment.command("settings timezone <zone>"), " or ",
                    Segment.command("settings quiet <from-to|off>"), ".");
        };
    }

    private static Result unknown() {
        return Result.problem("I don't know that command. ", Segment.command("help"), " lists what I can do.");
    }
}

package app.afterglow.discord;

import app.afterglow.core.Command;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.questions.QuestionSet;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.interactions.IntegrationType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The bot's slash commands: what Discord shows (names, descriptions, typed options) and how a
 * used command becomes a core {@link Command}. Option names follow the words the core uses when
 * it tells people what to type ({@code /settings timezone …}, {@code /mydata delete confirm}).
 * Immutable; thread-safe.
 */
final class SlashCommands {
    static final String RESUME = "resume";
    /** Discord's limit for one option's choices; one is kept for {@link #RESUME}. */
    private static final int MAX_CHOICES = 25;
    private static final int MAX_CHOICE_NAME = 100;

    private final List<QuestionSet> startable;

    /** @param startable the sets {@code /checkin} offers, in the order to show them */
    SlashCommands(List<QuestionSet> startable) {
        this.startable = List.copyOf(Objects.requireNonNull(startable, "startable"));
    }

    /**
     * For every guild the bot is in, registered per guild so they appear at once, also in a guild
     * joined later. Discord ignores contexts on guild commands; they are stated for the reader.
     */
    List<CommandData> forGuilds() {
        return definitions(InteractionContextType.GUILD);
    }

    /**
     * Registered globally for the bot's DMs only: a command registered both globally for guilds
     * and per guild would show twice in a guild's command list.
     */
    List<CommandData> forDirectMessages() {
        return definitions(InteractionContextType.BOT_DM);
    }

    private List<CommandData> definitions(InteractionContextType context) {
        List<SlashCommandData> commands = List.of(
                Commands.slash("partner", "Check-in partnerships: invite someone, answer an invite, or end one")
                        .addSubcommands(
                                new SubcommandData("invite", "Ask someone to be your check-in partner")
                                        .addOptions(new OptionData(OptionType.USER, "person", "Who to invite", true)),
                                new SubcommandData("accept", "Say yes to an invite")
                                        .addOptions(new OptionData(OptionType.USER, "from", "Whose invite, if you have more than one")),
                                new SubcommandData("decline", "Say no to an invite")
                                        .addOptions(new OptionData(OptionType.USER, "from", "Whose invite, if you have more than one")),
                                new SubcommandData("end", "End a partnership or withdraw an invite; open check-ins close unshared")
                                        .addOptions(partner()),
                                new SubcommandData("list", "Your partners and the invites waiting")),
                Commands.slash("session", "Before and after your time together")
                        .addSubcommands(
                                new SubcommandData("start", "Start a session: the check-in before, and your partner's aftercare wishes")
                                        .addOptions(partner()),
                                new SubcommandData("end", "End the session: aftercare now, a gentle follow-up tomorrow")
                                        .addOptions(partner())),
                Commands.slash("checkin", "Start one check-in with your partner, or pick up where you left off")
                        .addOptions(kind(), partner()),
                Commands.slash("prefs", "What helps you come down afterwards, to share with your partner if you like"),
                Commands.slash("history", "Your past check-ins: what you both shared, and your own answers"),
                Commands.slash("settings", "Your time zone and quiet hours, so nothing arrives at 3 a.m.")
                        .addOptions(
                                new OptionData(OptionType.STRING, "timezone", "A time zone like Europe/Berlin or America/New_York")
                                        .setMaxLength(64),
                                new OptionData(OptionType.STRING, "quiet", "Quiet hours like 22:00-08:00, or off")
                                        .setMaxLength(32)),
                Commands.slash("mydata", "Everything Afterglow keeps about you")
                        .addSubcommands(
                                new SubcommandData("export", "Get everything kept about you as a file"),
                                new SubcommandData("delete", "Erase everything kept about you, for good")
                                        .addOptions(new OptionData(OptionType.BOOLEAN, "confirm",
                                                "True to erase at once, without asking again"))),
                Commands.slash("help", "How Afterglow works and what it can do"));
        return commands.stream()
                .map(c -> (CommandData) c.setContexts(context)
                        .setIntegrationTypes(IntegrationType.GUILD_INSTALL)
                        .setDefaultPermissions(DefaultMemberPermissions.ENABLED))
                .toList();
    }

    /** The set to start; with more sets than a menu holds, free text the core checks. */
    private OptionData kind() {
        OptionData kind = new OptionData(OptionType.STRING, "kind", "Which check-in, or resume to pick up where you left off",
                true);
        if (startable.size() >= MAX_CHOICES) {
            return kind.setMaxLength(32);
        }
        for (QuestionSet set : startable) {
            String suffix = " (" + set.id() + ")";
            kind.addChoice(DiscordText.cut(set.title(), MAX_CHOICE_NAME - suffix.length()) + suffix, set.id());
        }
        return kind.addChoice("Pick up where I left off (" + RESUME + ")", RESUME);
    }

    private static OptionData partner() {
        return new OptionData(OptionType.USER, "partner", "Which partner, if you have more than one");
    }

    /** The core command a used slash command stands for; empty for a name this bot does not register. */
    static Optional<Command> toCommand(SlashCommandInteraction command) {
        return toCommand(new Used(command.getName(), Objects.requireNonNullElse(command.getSubcommandName(), ""),
                option -> Optional.ofNullable(command.getOption(option)).map(OptionMapping::getAsString),
                option -> Optional.ofNullable(command.getOption(option)).map(OptionMapping::getAsUser).map(SlashCommands::person),
                option -> Optional.ofNullable(command.getOption(option)).map(OptionMapping::getAsBoolean)));
    }

    /** A used slash command as the mapping reads it: its name, subcommand, and options by type. */
    record Used(String name, String sub, Function<String, Optional<String>> text,
                Function<String, Optional<PlatformUser>> user, Function<String, Optional<Boolean>> flag) {
    }

    /** See {@link #toCommand(SlashCommandInteraction)}. */
    static Optional<Command> toCommand(Used command) {
        Function<String, Optional<PlatformUser>> user = command.user();
        return switch (command.name()) {
            case "partner" -> switch (command.sub()) {
                case "invite" -> user.apply("person").map(Command.PartnerInvite::new);
                case "accept" -> Optional.of(new Command.PartnerAccept(user.apply("from")));
                case "decline" -> Optional.of(new Command.PartnerDecline(user.apply("from")));
                case "end" -> Optional.of(new Command.PartnerEnd(user.apply("partner")));
                case "list" -> Optional.of(new Command.PartnerList());
                default -> Optional.empty();
            };
            case "session" -> switch (command.sub()) {
                case "start" -> Optional.of(new Command.SessionStart(user.apply("partner")));
                case "end" -> Optional.of(new Command.SessionEnd(user.apply("partner")));
                default -> Optional.empty();
            };
            case "checkin" -> string(command, "kind").map(kind -> kind.equals(RESUME)
                    ? new Command.Resume(user.apply("partner")) : new Command.StartCheckin(kind, user.apply("partner")));
            case "prefs" -> Optional.of(new Command.Prefs());
            case "history" -> Optional.of(new Command.History());
            case "settings" -> Optional.of(new Command.Settings(string(command, "timezone"), string(command, "quiet")));
            case "mydata" -> switch (command.sub()) {
                case "export" -> Optional.of(new Command.ExportData());
                case "delete" -> Optional.of(new Command.DeleteData(command.flag().apply("confirm").orElse(false)));
                default -> Optional.empty();
            };
            case "help" -> Optional.of(new Command.Help());
            default -> Optional.empty();
        };
    }

    /** A Discord user as the core knows people: by id, with the name Discord shows for them. */
    static PlatformUser person(User user) {
        return new PlatformUser(Platform.DISCORD, user.getId(), user.getEffectiveName(), user.isBot() || user.isSystem());
    }

    private static Optional<String> string(Used command, String option) {
        return command.text().apply(option).map(String::trim).filter(s -> !s.isEmpty());
    }
}

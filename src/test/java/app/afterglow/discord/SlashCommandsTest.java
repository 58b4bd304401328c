package app.afterglow.discord;

import app.afterglow.core.Command;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.testing.TestBot;
import net.dv8tion.jda.api.interactions.commands.Command.Choice;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slash commands Discord shows, read back into the core's commands. */
class SlashCommandsTest {
    private static final PlatformUser BOB = new PlatformUser(Platform.DISCORD, "2", "bob", false);

    @Test
    @DisplayName("GIVEN every slash command the bot registers, with every choice WHEN used THEN each becomes a core "
            + "command, and every kind of core command is reached: a new command Discord does not offer fails here")
    void everyKindOfCommandIsOffered() {
        List<String> unmapped = new ArrayList<>();
        Set<Class<?>> reached = new HashSet<>();
        for (CommandData data : new SlashCommands(TestBot.catalog().startable()).forGuilds()) {
            SlashCommandData slash = (SlashCommandData) data;
            List<SubcommandData> subs = slash.getSubcommands();
            if (subs.isEmpty()) {
                use(slash.getName(), "", slash.getOptions(), reached, unmapped);
            }
            for (SubcommandData sub : subs) {
                use(slash.getName(), sub.getName(), sub.getOptions(), reached, unmapped);
            }
        }
        assertEquals(List.of(), unmapped, "registered but read as nothing");
        assertEquals(Set.of(Command.class.getPermittedSubclasses()), reached);
    }

    /** Uses one command once per choice its options offer, every option given. */
    private static void use(String name, String sub, List<OptionData> options, Set<Class<?>> reached, List<String> unmapped) {
        List<String> choices = options.stream().flatMap(o -> o.getChoices().stream()).map(Choice::getAsString).toList();
        for (String choice : choices.isEmpty() ? List.of("Europe/Berlin") : choices) {
            Optional<Command> command = SlashCommands.toCommand(new SlashCommands.Used(name, sub, option -> Optional.of(choice),
                    option -> Optional.of(BOB), option -> Optional.of(true)));
            command.ifPresentOrElse(c -> reached.add(c.getClass()), () -> unmapped.add(name + " " + sub + " " + choice));
        }
        assertTrue(options.stream().allMatch(o -> o.getChoices().size() <= 25), name);
    }
}

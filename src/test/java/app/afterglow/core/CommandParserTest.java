package app.afterglow.core;

import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandParserTest {
    private static CommandParser.Result parse(String text) {
        return CommandParser.parse(text, h -> h.equals("nobody") ? Optional.empty()
                : Optional.of(PlatformUser.human(Platform.CONSOLE, h, h)));
    }

    @Test
    @DisplayName("Every command of the product parses into its command")
    void commandsParse() {
        assertEquals(new Command.PartnerInvite(PlatformUser.human(Platform.CONSOLE, "bob", "bob")),
                parse("partner invite bob").command().orElseThrow());
        assertEquals(new Command.PartnerAccept(Optional.empty()), parse("partner accept").command().orElseThrow());
        assertEquals(new Command.SessionEnd(Optional.empty()), parse("Session END").command().orElseThrow());
        assertEquals(new Command.StartCheckin("after", Optional.empty()), parse("checkin after").command().orElseThrow());
        assertEquals(new Command.Resume(Optional.empty()), parse("checkin resume").command().orElseThrow());
        assertEquals(new Command.Settings(Optional.of("Europe/Berlin"), Optional.empty()),
                parse("settings timezone Europe/Berlin").command().orElseThrow());
        assertEquals(new Command.DeleteData(false), parse("mydata delete").command().orElseThrow());
        assertEquals(new Command.DeleteData(true), parse("mydata delete confirm").command().orElseThrow());
        assertEquals(new Command.ExportData(), parse("mydata export").command().orElseThrow());
        assertEquals(new Command.History(), parse("history").command().orElseThrow());
        assertEquals(new Command.Prefs(), parse("prefs").command().orElseThrow());
        assertEquals(new Command.Help(), parse("help").command().orElseThrow());
    }

    @Test
    @DisplayName("GIVEN every kind of command WHEN the text platforms' forms of them are parsed THEN each kind is "
            + "reached: a new command that cannot be typed fails here")
    void everyKindOfCommandCanBeTyped() {
        Set<Class<?>> reached = Stream.of("help", "partner", "partner invite bob", "partner accept", "partner decline",
                        "partner end", "session start", "session end", "checkin after", "checkin resume", "prefs", "history",
                        "settings", "mydata export", "mydata delete")
                .map(text -> parse(text).command().orElseThrow(() -> new AssertionError(text)).getClass())
                .collect(Collectors.toSet());
        assertEquals(Set.of(Command.class.getPermittedSubclasses()), reached);
    }

    @Test
    @DisplayName("Unknown, incomplete or unresolvable commands get a clear problem and no command")
    void problems() {
        for (String bad : new String[]{"", "dance", "partner invite", "partner invite nobody", "mydata", "checkin",
                "settings quiet", "session later"}) {
            CommandParser.Result r = parse(bad);
            assertTrue(r.command().isEmpty() && r.problem().isPresent(), bad);
        }
    }

    @Test
    @DisplayName("GIVEN a partner the host has not allowed WHEN named in a command THEN the problem says they can't use the "
            + "bot, and nothing about whether they exist")
    void someoneNotAllowedIsSaidSo() {
        CommandParser.Result result = CommandParser.parseLooking("partner invite @eve:elsewhere",
                handle -> new CommandParser.Lookup.NotAllowed());
        String said = result.problem().orElseThrow().plain();
        assertTrue(said.contains("can't use this bot here"), said);
        assertFalse(said.contains("can't find"), said);
        assertTrue(CommandParser.parseLooking("checkin resume nobody", handle -> new CommandParser.Lookup.Unknown())
                .problem().orElseThrow().plain().contains("I can't find \"nobody\" here"));
    }
}

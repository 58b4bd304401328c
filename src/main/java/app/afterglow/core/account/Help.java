package app.afterglow.core.account;

import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Segment;

/** {@code /help}: the consent rule in two sentences, then the commands. */
public final class Help {
    private Help() {
    }

    public static void show(Turn turn) {
        turn.reply(
                Line.title("Afterglow"),
                Line.text("I send you and your partner short, private check-ins before, right after and the day after "
                        + "your time together. Every answer stays private unless you both choose to share it — then you "
                        + "both see both answers side by side, and nothing else is ever shown."),
                Line.text(Segment.command("partner invite"), " · ", Segment.command("partner accept"), " · ",
                        Segment.command("partner decline"), " · ", Segment.command("partner end"), " — partnerships"),
                Line.text(Segment.command("session start"), " · ", Segment.command("session end"),
                        " — before and after your time together (a follow-up comes the next day)"),
                Line.text(Segment.command("checkin before"), " · ", Segment.command("checkin after"), " · ",
                        Segment.command("checkin followup"), " · ", Segment.command("checkin resume"), " — a single check-in"),
                Line.text(Segment.command("prefs"), " — what helps you come down, to share if you like"),
                Line.text(Segment.command("history"), " · ", Segment.command("settings"), " · ",
                        Segment.command("mydata export"), " · ", Segment.command("mydata delete")),
                Line.note("While answering: skip, back and stop always work."));
    }
}

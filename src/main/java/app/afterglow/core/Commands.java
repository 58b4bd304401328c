package app.afterglow.core;

import app.afterglow.core.account.DataExport;
import app.afterglow.core.account.Erasure;
import app.afterglow.core.account.Help;
import app.afterglow.core.account.History;
import app.afterglow.core.account.Settings;
import app.afterglow.core.checkin.Checkins;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.partnership.Partnerships;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.session.Sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs a command for the person acting, each kind by the service it belongs to. Runs inside the
 * caller's transaction.
 */
final class Commands {
    private final QuestionCatalog catalog;
    private final Checkins checkins;
    private final Partnerships partnerships;
    private final Sessions sessions;
    private final History history;
    private final DataExport export;
    private final Erasure erasure;
    private final Settings settings;

    Commands(QuestionCatalog catalog, Checkins checkins, Partnerships partnerships, Sessions sessions, History history,
             DataExport export, Erasure erasure, Settings settings) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.checkins = Objects.requireNonNull(checkins, "checkins");
        this.partnerships = Objects.requireNonNull(partnerships, "partnerships");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.history = Objects.requireNonNull(history, "history");
        this.export = Objects.requireNonNull(export, "export");
        this.erasure = Objects.requireNonNull(erasure, "erasure");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Runs {@code command}; returns whether it erased the person. */
    boolean run(Turn turn, Command command) {
        return command.accept(new Command.Visitor<Boolean>() {
            @Override
            public Boolean help(Command.Help c) {
                Help.show(turn);
                return false;
            }

            @Override
            public Boolean partnerList(Command.PartnerList c) {
                partnerships.list(turn);
                return false;
            }

            @Override
            public Boolean partnerInvite(Command.PartnerInvite c) {
                partnerships.invite(turn, c.target());
                return false;
            }

            @Override
            public Boolean partnerAccept(Command.PartnerAccept c) {
                partnerships.accept(turn, c.from());
                return false;
            }

            @Override
            public Boolean partnerDecline(Command.PartnerDecline c) {
                partnerships.decline(turn, c.from());
                return false;
            }

            @Override
            public Boolean partnerEnd(Command.PartnerEnd c) {
                partnerships.end(turn, c.partner());
                return false;
            }

            @Override
            public Boolean sessionStart(Command.SessionStart c) {
                sessions.start(turn, c.partner());
                return false;
            }

            @Override
            public Boolean sessionEnd(Command.SessionEnd c) {
                sessions.end(turn, c.partner());
                return false;
            }

            @Override
            public Boolean startCheckin(Command.StartCheckin c) {
                Commands.this.startCheckin(turn, c);
                return false;
            }

            @Override
            public Boolean resume(Command.Resume c) {
                if (c.partner().isPresent()) {
                    partnerships.active(turn, c.partner(), "checkin resume")
                            .ifPresent(p -> checkins.resume(turn, Optional.of(p.id())));
                } else {
                    checkins.resume(turn, Optional.empty());
                }
                return false;
            }

            @Override
            public Boolean prefs(Command.Prefs c) {
                sessions.preferences(turn);
                return false;
            }

            @Override
            public Boolean history(Command.History c) {
                history.show(turn);
                return false;
            }

            @Override
            public Boolean settings(Command.Settings c) {
                settings.apply(turn, c.timezone(), c.quietHours());
                return false;
            }

            @Override
            public Boolean exportData(Command.ExportData c) {
                export.send(turn);
                return false;
            }

            @Override
            public Boolean deleteData(Command.DeleteData c) {
                if (c.confirmed()) {
                    erasure.erase(turn);
                    return true;
                }
                erasure.ask(turn);
                return false;
            }
        });
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
}

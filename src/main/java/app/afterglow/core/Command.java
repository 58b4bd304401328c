package app.afterglow.core;

import app.afterglow.core.model.PlatformUser;

import java.util.Objects;
import java.util.Optional;

/**
 * The commands every platform offers, with their arguments resolved to platform users. Text
 * platforms get them from {@link CommandParser}; Discord builds them from slash-command options.
 */
public sealed interface Command {
    <R> R accept(Visitor<R> visitor);

    /**
     * Does something for each command: a new command fails to compile until every place that runs
     * commands handles it.
     */
    interface Visitor<R> {
        R help(Help command);

        R partnerList(PartnerList command);

        R partnerInvite(PartnerInvite command);

        R partnerAccept(PartnerAccept command);

        R partnerDecline(PartnerDecline command);

        R partnerEnd(PartnerEnd command);

        R sessionStart(SessionStart command);

        R sessionEnd(SessionEnd command);

        R startCheckin(StartCheckin command);

        R resume(Resume command);

        R prefs(Prefs command);

        R history(History command);

        R settings(Settings command);

        R exportData(ExportData command);

        R deleteData(DeleteData command);
    }

    record Help() implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.help(this);
        }
    }

    /** Who I am partnered with, and invites waiting. */
    record PartnerList() implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.partnerList(this);
        }
    }

    record PartnerInvite(PlatformUser target) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.partnerInvite(this);
        }
        public PartnerInvite {
            Objects.requireNonNull(target, "target");
        }
    }

    record PartnerAccept(Optional<PlatformUser> from) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.partnerAccept(this);
        }
    }

    record PartnerDecline(Optional<PlatformUser> from) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.partnerDecline(this);
        }
    }

    record PartnerEnd(Optional<PlatformUser> partner) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.partnerEnd(this);
        }
    }

    record SessionStart(Optional<PlatformUser> partner) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sessionStart(this);
        }
    }

    record SessionEnd(Optional<PlatformUser> partner) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sessionEnd(this);
        }
    }

    /** Starts (or resumes) a check-in of the question set {@code setId} with a partner. */
    record StartCheckin(String setId, Optional<PlatformUser> partner) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.startCheckin(this);
        }
        public StartCheckin {
            Objects.requireNonNull(setId, "setId");
        }
    }

    /** Picks up the check-in I paused or left; with a partner, the one with them. */
    record Resume(Optional<PlatformUser> partner) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.resume(this);
        }
        public Resume {
            Objects.requireNonNull(partner, "partner");
        }
    }

    /** Set my aftercare preferences. */
    record Prefs() implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.prefs(this);
        }
    }

    record History() implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.history(this);
        }
    }

    /** Shows my settings, or changes the ones given (raw text, checked by the core). */
    record Settings(Optional<String> timezone, Optional<String> quietHours) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.settings(this);
        }
    }

    record ExportData() implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.exportData(this);
        }
    }

    record DeleteData(boolean confirmed) implements Command {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.deleteData(this);
        }
    }
}

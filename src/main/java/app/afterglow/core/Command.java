package app.afterglow.core;

import app.afterglow.core.model.PlatformUser;

import java.util.Objects;
import java.util.Optional;

/**
 * The commands every platform offers, with their arguments resolved to platform users. Text
 * platforms get them from {@link CommandParser}; Discord builds them from slash-command options.
 */
public sealed interface Command {
    record Help() implements Command {
    }

    /** Who I am partnered with, and invites waiting. */
    record PartnerList() implements Command {
    }

    record PartnerInvite(PlatformUser target) implements Command {
        public PartnerInvite {
            Objects.requireNonNull(target, "target");
        }
    }

    record PartnerAccept(Optional<PlatformUser> from) implements Command {
    }

    record PartnerDecline(Optional<PlatformUser> from) implements Command {
    }

    record PartnerEnd(Optional<PlatformUser> partner) implements Command {
    }

    record SessionStart(Optional<PlatformUser> partner) implements Command {
    }

    record SessionEnd(Optional<PlatformUser> partner) implements Command {
    }

    /** Starts (or resumes) a check-in of the question set {@code setId} with a partner. */
    record StartCheckin(String setId, Optional<PlatformUser> partner) implements Command {
        public StartCheckin {
            Objects.requireNonNull(setId, "setId");
        }
    }

    /** Picks up the check-in I paused or left; with a partner, the one with them. */
    record Resume(Optional<PlatformUser> partner) implements Command {
        public Resume {
            Objects.requireNonNull(partner, "partner");
        }
    }

    /** Set my aftercare preferences. */
    record Prefs() implements Command {
    }

    record History() implements Command {
    }

    /** Shows my settings, or changes the ones given (raw text, checked by the core). */
    record Settings(Optional<String> timezone, Optional<String> quietHours) implements Command {
    }

    record ExportData() implements Command {
    }

    record DeleteData(boolean confirmed) implements Command {
    }
}

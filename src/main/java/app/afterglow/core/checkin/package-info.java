/**
 * Check-ins from first question to reveal, behind {@link app.afterglow.core.checkin.Checkins}:
 * opening them, input from controls and from typing decoded onto one step machine, sending and
 * the reveal, reminders and deadlines, and keeping each person's focus to the step they were last
 * shown ({@link app.afterglow.core.checkin.ScreenKeeper}). The consent rule lives in
 * {@link app.afterglow.core.checkin.ConsentRule} and nowhere else. Nothing here touches a
 * platform or SQL.
 */
package app.afterglow.core.checkin;

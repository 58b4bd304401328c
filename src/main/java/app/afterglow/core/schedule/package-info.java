/**
 * Runs stored, due work — reminders, deadlines, follow-ups — so that it survives restarts and fires late rather than never.
 */
package app.afterglow.core.schedule;

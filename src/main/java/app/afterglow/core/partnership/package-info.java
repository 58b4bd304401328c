/**
 * Partnerships: invites, answers to them, ending, and choosing which partnership a command is about.
 */
package app.afterglow.core.partnership;

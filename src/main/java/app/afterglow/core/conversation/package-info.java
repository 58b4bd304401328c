/**
 * The plumbing of one handling: the turn (who acts, when, what they are answered), mail to others through the stored outbox, quiet hours, and naming people.
 */
package app.afterglow.core.conversation;

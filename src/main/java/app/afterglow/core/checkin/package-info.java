/**
 * Check-ins from first question to reveal: progress and answers, parsing replies, the consent rule and the messages a check-in sends. The consent rule lives in {@link app.afterglow.core.checkin.ConsentRule} and nowhere else.
 */
package app.afterglow.core.checkin;

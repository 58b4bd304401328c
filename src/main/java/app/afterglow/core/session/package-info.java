/**
 * Sessions (before and after your time together, and the next-day follow-up) and each person's aftercare preferences.
 */
package app.afterglow.core.session;

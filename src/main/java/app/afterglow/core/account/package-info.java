/**
 * What a person manages about themselves: help, settings, history, their data export and its erasure.
 */
package app.afterglow.core.account;

/**
 * Who the bot knows: people as platforms name them, the bot's own person ids, settings such as quiet hours, and partnerships. Plain records; no behaviour beyond their own invariants.
 */
package app.afterglow.core.model;

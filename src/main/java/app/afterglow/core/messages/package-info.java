/**
 * Platform-neutral messages (lines, prompts, actions, attachments), the plain-text rendering text platforms share, and the dispatcher that delivers the outbox through a platform's messenger.
 */
package app.afterglow.core.messages;

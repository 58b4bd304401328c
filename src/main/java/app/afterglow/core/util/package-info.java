/**
 * Small helpers the core needs and no library offers in this shape, such as describing a failure for the log without its content.
 */
package app.afterglow.core.util;

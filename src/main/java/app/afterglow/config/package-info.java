/**
 * Start-up configuration: reads the config file, laid under {@code AFTERGLOW_*} environment
 * variables, and the question sets (the built-in defaults plus a deployment's own file), and checks
 * every value once so the rest of the bot receives only valid, typed settings. Anything wrong stops
 * the start with a {@link app.afterglow.config.ConfigException} that names the file or variable
 * and the field. This package reads files and the environment it is given and builds core question
 * types; it may not touch the adapters ({@code discord}, {@code matrix}, {@code console}) or
 * {@code storage}, and it never connects to anything.
 */
package app.afterglow.config;

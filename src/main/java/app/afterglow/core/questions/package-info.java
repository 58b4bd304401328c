/**
 * Question sets as data: questions, their types and options, and the catalog a deployment offers. Loading them from files is the config package's job.
 */
package app.afterglow.core.questions;

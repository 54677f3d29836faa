package dev.nectar.ft.cli;

/**
 * The node's API does not answer at all, or broke off an answer: the node stopped (or was restarted). A command that
 * follows downloads for a while can wait for it to be back, since the node resumes them when it starts.
 */
final class NodeGoneException extends CliException {
    NodeGoneException(String message) {
        super(message);
    }
}

package dev.sluice.observation;

/**
 * One vertex of a job graph: a chain of operators that runs as {@code parallelism} subtasks.
 *
 * @param source whether it reads from outside the job (no input inside the job graph)
 * @param sink whether it is an end of the graph (no vertex reads from it)
 */
public record JobVertex(String id, String name, int parallelism, boolean source, boolean sink) {
}

/**
 * Adapters to Flink: the plan check with Flink's planner, and the client of a job manager's REST
 * API that the operator observes and steers jobs with.
 *
 * <h2>Decision: hand-written REST messages, pinned to Flink's</h2>
 *
 * The client reads and writes Flink's REST API through small records of its own ({@code
 * RestMessages}) rather than Flink's message classes ({@code org.apache.flink.runtime.rest.messages}),
 * although flink-runtime is on the classpath:
 * <ul>
 *   <li>Flink's classes are bound to Flink's shaded Jackson and its own serializers and
 *   deserializers; using them would tie the operator's JSON handling to flink-runtime's internals
 *   and to the whole of flink-runtime at run time, for about twenty fields.</li>
 *   <li>The records name only the fields Sluice uses and ignore the rest, so a Flink release that
 *   adds fields changes nothing.</li>
 * </ul>
 * The risk of that choice, a field that Flink renames, is covered by {@code RestMessagesPinTest},
 * which checks every field of every record against the {@code FIELD_NAME_*} constants of the
 * Flink class it stands for, the job states against Flink's {@code JobStatus}, and the checkpoint
 * and queue statuses read against Flink's enums, for the Flink version in use. The one part not
 * pinned is a failure cause's {@code class} and {@code stack-trace}, which Flink writes with a
 * custom serializer ({@code SerializedThrowableSerializer}); the recorded answers of
 * {@code RestMappingTest} and the MiniCluster tests cover it.
 */
package dev.sluice.flink;

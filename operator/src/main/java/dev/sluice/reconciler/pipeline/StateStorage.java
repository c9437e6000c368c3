package dev.sluice.reconciler.pipeline;

/**
 * Where a Pipeline's checkpoints and savepoints live.
 *
 * @param uri the storage's URI, such as {@code s3://bucket/sluice} or {@code file:///var/lib/sluice/state}
 * @param volumeClaim the PersistentVolumeClaim every pod mounts at a {@code file://} URI's path, or null
 */
public record StateStorage(String uri, String volumeClaim) {

  /** Whether the URI names a file system local to each pod, which only a shared volume makes common. */
  public boolean local() {
    return uri.startsWith("file:");
  }
}

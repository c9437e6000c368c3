package dev.sluice.kafka;

import io.fabric8.kubernetes.api.model.Secret;

import java.util.Collection;
import java.util.Optional;

/** The Secrets of one namespace that a reconcile may read, as its informer holds them. */
@FunctionalInterface
public interface SecretLookup {

  /** For connectors that name no Secret. */
  SecretLookup NONE = name -> Optional.empty();

  Optional<Secret> secret(String name);

  static SecretLookup of(Collection<Secret> secrets) {
    return name -> secrets.stream().filter(secret -> name.equals(secret.getMetadata().getName())).findFirst();
  }
}

/*
 * The pod sandbox's process: holds the pod's namespaces and does nothing else. Built
 * locally (gcc -static) because no registry serves registry.k8s.io/pause here. It reaps
 * adopted zombies (it is PID 1 when a pod shares its process namespace) and exits on
 * SIGTERM or SIGINT, as Kubernetes' own pause does.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) { _exit(0); }

static void on_child(int sig) {
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && argv[1][0] == '-' && argv[1][1] == 'v') {
    write(STDOUT_FILENO, "pause (sluice) 3.10\n", 20);
    return 0;
  }
  struct sigaction stop = {.sa_handler = on_stop};
  struct sigaction child = {.sa_handler = on_child, .sa_flags = SA_NOCLDSTOP};
  if (sigaction(SIGINT, &stop, NULL) < 0 || sigaction(SIGTERM, &stop, NULL) < 0 ||
      sigaction(SIGCHLD, &child, NULL) < 0)
    return 1;
  for (;;) pause();
}

/*
 * A process with many regions, so that reading its /proc/PID/maps takes hundreds of read()
 * calls (fs/seq_file.c fills at most a page per call): the window in which it can exit while its
 * map is being read. Maps argv[1] pages with alternating protections (neighbours with the same
 * protection would merge into one region, mm/vma.c), prints "ready" and waits for a signal.
 * SIGUSR1 makes it start another program (sleep): execve replaces the whole memory map.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static void run_sleep(int sig) {
  (void)sig;
  /* execve is async-signal-safe (signal-safety(7)); execvp is not, so the path is given. */
  char *args[] = {"sleep", "600", NULL};
  char *env[] = {NULL};
  execve("/bin/sleep", args, env);
  _exit(3);
}

int main(int argc, char **argv) {
  signal(SIGUSR1, run_sleep);
  long pages = argc > 1 ? atol(argv[1]) : 10000;
  long page = sysconf(_SC_PAGESIZE);
  char *base = mmap(NULL, (size_t)(pages * page), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return 1;
  for (long i = 0; i < pages; i += 2) {
    if (mprotect(base + i * page, (size_t)page, PROT_NONE) != 0) return 2;
  }
  printf("ready\n");
  fflush(stdout);
  for (;;) pause();
}

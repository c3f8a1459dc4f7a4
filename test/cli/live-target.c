/*
 * A process whose memory map changes when told: each SIGUSR1 maps one more page of the file
 * argv[1] (created with 64 KiB), read-only, at a place the kernel chooses. The live-view tests
 * watch it through `mapscope serve` and wait for the new region. With argv[2] = N it first maps
 * N anonymous pages of alternating protections (N regions: neighbours with the same protection
 * would merge, mm/vma.c), for the live benchmark's 65,530-region process. Prints "ready" once set up.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile sig_atomic_t asked = 0;

static void on_usr1(int sig) {
  (void)sig;
  asked++;
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) return 2;
  long pages = argc == 3 ? atol(argv[2]) : 0;
  if (pages > 0) {
    long page = sysconf(_SC_PAGESIZE);
    char *base = mmap(NULL, (size_t)(pages * page), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return 5;
    for (long i = 0; i < pages; i += 2)
      if (mprotect(base + i * page, (size_t)page, PROT_NONE) != 0) return 6;
  }
  int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ftruncate(fd, 65536) != 0) return 3;
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  /* SIGUSR1 is blocked except inside sigsuspend, so a signal between the check and the wait is not lost. */
  sigset_t block, waiting;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &waiting);
  sigdelset(&waiting, SIGUSR1);
  printf("ready\n");
  fflush(stdout);
  int mapped = 0;
  for (;;) {
    while (mapped < asked) {
      /* A page at offset mapped*4096: each mapping is its own region (different offsets, PROT_READ). */
      if (mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)mapped * 4096) == MAP_FAILED) return 4;
      mapped++;
      printf("mapped %d\n", mapped);
      fflush(stdout);
    }
    sigsuspend(&waiting);
  }
}

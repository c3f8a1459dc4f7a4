/*
 * A process for the diff and record tests (built with gcc by test/cli/diff-target.ts).
 *   diff-target idle        prints "ready" and waits
 *   diff-target grow FILE   maps 128 MiB of anonymous memory (untouched), prints "ready"; on SIGUSR1
 *                           maps FILE (read-only, shared), touches the first 64 MiB of the anonymous
 *                           mapping, prints "grown" and waits
 *   diff-target leak        prints "ready", then leaks: 64 KiB malloc'ed and written every 2 ms
 *                           (below glibc's mmap threshold, M_MMAP_THRESHOLD 128 KiB: [heap] grows
 *                           by brk), while a 1 MiB anonymous buffer is rewritten, not grown
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile sig_atomic_t go = 0;
static void on_usr1(int sig) { (void)sig; go = 1; }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "idle";
  signal(SIGUSR1, on_usr1);
  if (strcmp(mode, "grow") == 0 && argc > 2) {
    size_t big = 128u << 20;
    char *anon = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (anon == MAP_FAILED) return 1;
    printf("ready\n");
    fflush(stdout);
    while (!go) pause();
    int fd = open(argv[2], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) return 2;
    void *file = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (file == MAP_FAILED) return 3;
    memset(anon, 1, 64u << 20);
    printf("grown\n");
    fflush(stdout);
    for (;;) pause();
  }
  if (strcmp(mode, "leak") == 0) {
    char *buffer = mmap(NULL, 1u << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buffer == MAP_FAILED) return 1;
    printf("ready\n");
    fflush(stdout);
    for (unsigned n = 0;; n++) {
      char *leak = malloc(64u << 10);
      if (leak == NULL) return 4;
      memset(leak, (int)n, 64u << 10);
      memset(buffer, (int)n, 1u << 20);
      usleep(2000);
    }
  }
  printf("ready\n");
  fflush(stdout);
  for (;;) pause();
}

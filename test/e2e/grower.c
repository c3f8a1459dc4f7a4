/*
 * A process whose memory the compare and timeline tests change on command (one byte on stdin,
 * "done" on stdout when done): 't' touches 64 MiB of an anonymous mapping made at start and left
 * untouched (its Rss grows), 'm' maps a page of the file named by argv[1] (a file region is
 * added), 'g' grows the brk heap by 4 MiB and touches it (a leak: [heap] grows).
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const size_t big = (size_t)64 << 20;
  char *anon = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (anon == MAP_FAILED || argc < 2) return 1;
  printf("ready\n");
  fflush(stdout);
  int c;
  while ((c = getchar()) != EOF) {
    if (c == 't') {
      memset(anon, 1, big);
    } else if (c == 'm') {
      int fd = open(argv[1], O_RDONLY);
      if (fd < 0 || mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED) return 2;
    } else if (c == 'g') {
      const size_t step = (size_t)4 << 20;
      char *p = sbrk(step);
      if (p == (void *)-1) return 3;
      memset(p, 1, step);
    } else {
      continue;
    }
    printf("done\n");
    fflush(stdout);
  }
  return 0;
}

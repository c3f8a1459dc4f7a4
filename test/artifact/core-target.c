/*
 * A process for the ELF core tests (elf-core.test.ts): it maps a file (two pages, the second at
 * file offset 4096), an anonymous read-write page and a read-only page, then
 *   core-target FILE wait        prints its pid and "ready", and waits to be dumped by gcore;
 *   core-target FILE crash MAPS  prints "ro ADDRESS" on stderr, copies /proc/self/maps to MAPS
 *                                (raw syscalls: nothing is mapped after the copy) and writes
 *                                into the read-only page: SIGSEGV with si_addr = that page +
 *                                0x18, under gdb, which then gcores it.
 * Build: gcc -O1 -Wall -o core-target core-target.c (and -m32 for the 32-bit core).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) return 3;
  char *file = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
  char *tail = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 4096);
  char *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (file == MAP_FAILED || tail == MAP_FAILED || anon == MAP_FAILED || ro == MAP_FAILED) return 4;
  anon[0] = file[0] ^ tail[0];
  if (strcmp(argv[2], "crash") == 0 && argc == 4) {
    static char buf[1 << 20];
    dprintf(2, "ro %p\n", (void *)ro);
    int in = open("/proc/self/maps", O_RDONLY), out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ssize_t n, total = 0;
    while ((n = read(in, buf + total, sizeof buf - total)) > 0) total += n;
    if (write(out, buf, total) != total) return 5;
    close(out);
    *(volatile char *)(ro + 0x18) = 1;
    return 6;
  }
  printf("%d\nready\n", (int)getpid());
  fflush(stdout);
  pause();
  return 0;
}

/* A small C program whose memory map has the usual parts: the binary, libc and libm, the brk
 * heap, a large malloc (its own mmap), a mapped file, a thread stack with its guard page, a
 * shared anonymous mapping, a memfd, and an anonymous mapping it tries to name with prctl
 * (Linux 5.17+ with CONFIG_ANON_VMA_NAME; the kernel of the samples lacks it, so it stays unnamed).
 *
 *   gcc -O1 -o hello hello.c -lm -lpthread
 *   ./hello dump          # writes hello.maps, hello.smaps, hello.smaps_rollup
 *   ./hello & pmap -x $! > hello.pmap-x.txt; pmap -X $! > hello.pmap-X.txt
 *   gdb -batch -nx -p $! -ex 'info proc mappings'     # then kill $!
 */
#define _GNU_SOURCE
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <fcntl.h>
#include <unistd.h>

#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#define PR_SET_VMA_ANON_NAME 0
#endif

static pthread_barrier_t barrier;
static void *worker(void *arg) { (void)arg; pthread_barrier_wait(&barrier); pthread_barrier_wait(&barrier); return NULL; }

static void dump(const char *src, const char *dst) {
  FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
  char buf[65536]; size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
  fclose(in); fclose(out);
}

int main(int argc, char **argv) {
  char *small = malloc(1000); strcpy(small, "heap");
  char *big = malloc(8 << 20); memset(big, 1, 1 << 20);
  int fd = open("/etc/services", O_RDONLY);
  void *file = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
  void *shared = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int mfd = memfd_create("demo-buffer", 0); ftruncate(mfd, 1 << 16);
  void *memfd = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
  void *named = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)named, 1 << 20, (unsigned long)"demo arena");
  pthread_t t; pthread_barrier_init(&barrier, NULL, 2);
  pthread_create(&t, NULL, worker, NULL);
  pthread_barrier_wait(&barrier);
  volatile double x = sqrt((double)argc);
  (void)x; (void)file; (void)shared; (void)memfd;
  if (argc > 1) {
    dump("/proc/self/maps", "hello.maps");
    dump("/proc/self/smaps", "hello.smaps");
    dump("/proc/self/smaps_rollup", "hello.smaps_rollup");
  } else {
    printf("%d\n", getpid()); fflush(stdout); pause();
  }
  pthread_barrier_wait(&barrier);
  pthread_join(t, NULL);
  return 0;
}

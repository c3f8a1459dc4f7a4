/* A 32-bit (i386) process without libc: copies /proc/self/maps to stdout with raw int 0x80 syscalls.
 *   gcc -m32 -static -nostdlib -fno-pie -no-pie -O1 -o m32 m32.c && ./m32 > i386-static.maps */
static int sys3(int nr, int a, int b, int c) {
  int ret;
  __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
  return ret;
}
static char buf[65536];
void _start(void) {
  int fd = sys3(5 /* open */, (int)"/proc/self/maps", 0, 0);
  int n;
  while ((n = sys3(3 /* read */, fd, (int)buf, sizeof buf)) > 0) sys3(4 /* write */, 1, (int)buf, n);
  sys3(1 /* exit */, 0, 0, 0);
}

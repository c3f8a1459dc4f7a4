/**
 * Linux signal names by number, as the kernel's include/uapi/asm-generic/signal.h and x86's
 * arch/x86/include/uapi/asm/signal.h number them (x86, ARM, arm64, RISC-V and most others; MIPS,
 * SPARC and Alpha number some differently, and a core of theirs shows the number).
 */
const NAMES = [
  '', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1',
  'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP',
  'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];

/** `SIGSEGV` for 11; `SIGRTMIN+3` for a real-time signal; `signal 99` for a number no Linux signal has. */
export function signalName(signo: number): string {
  if (signo > 0 && signo < NAMES.length) return NAMES[signo];
  if (signo >= 32 && signo <= 64) return signo === 32 ? 'SIGRTMIN' : `SIGRTMIN+${signo - 32}`;
  return `signal ${signo}`;
}

/**
 * Signals whose siginfo carries the faulting address in si_addr (sigaction(2): SIGILL, SIGFPE,
 * SIGSEGV, SIGBUS and SIGTRAP fill in si_addr), when the kernel raised them (si_code > 0; a
 * signal sent by kill or tgkill has si_code <= 0 and the sender's pid where si_addr would be).
 */
export function hasFaultAddress(signo: number, siCode: number): boolean {
  return siCode > 0 && isFaultSignal(signo);
}

/** SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV: the signals whose si_addr can be a faulting address. */
export function isFaultSignal(signo: number): boolean {
  return signo === 4 || signo === 5 || signo === 7 || signo === 8 || signo === 11;
}

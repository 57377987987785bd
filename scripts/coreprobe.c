/*
 * coreprobe: how fast one core runs, sampled over time, for reading a benchmark run against the machine's speed.
 *
 * Every PERIOD_MS it times a fixed chain of integer multiply-adds (registers only: no memory, no system call)
 * by the CPU time of its own thread, and prints one line: the local time of day, that CPU time in µs, and how
 * many times the kernel switched it out for another task meanwhile. A core that the host shares with other work
 * (a busy hyperthread sibling, or a vCPU the host takes away, which this VM's guest kernel counts as the running
 * task's time) takes longer for the same chain, and so does everything else measured on it in the same seconds.
 * A sample that was switched out is not a measure of the core: this VM's kernel charges part of such a sample's
 * time to the other task (with nginx busy on the core such samples read 19 % fast on average), so
 * scripts/bench-speed.sh leaves them out. What the probe does not see is a slower memory system: a chase through
 * 64 MB, tried beside it, read mostly the measured row's own traffic (docs/benchmarks.md).
 *
 * scripts/bench.sh (with BENCH_PROBE=1) runs one per core, pinned and at SCHED_IDLE, so it only runs when the core would
 * otherwise idle or in the scheduler's smallest share (about 0.2 ms of CPU per sample).
 *
 * Build: cc -O2 -o target/coreprobe scripts/coreprobe.c     Run: coreprobe [PERIOD_MS [ITERATIONS]]
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static uint64_t nanos(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

int main(int argc, char **argv) {
    long period_ms = argc > 1 ? atol(argv[1]) : 250;
    long iterations = argc > 2 ? atol(argv[2]) : 150000;
    if (period_ms <= 0 || iterations <= 0) {
        fprintf(stderr, "usage: coreprobe [PERIOD_MS [ITERATIONS]]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    uint64_t x = 1;
    for (;;) {
        struct rusage before, after;
        getrusage(RUSAGE_THREAD, &before);
        uint64_t start = nanos(CLOCK_THREAD_CPUTIME_ID);
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            __asm__ volatile("" : "+r"(x)); /* each step depends on the last and none is folded away */
        }
        uint64_t cpu = nanos(CLOCK_THREAD_CPUTIME_ID) - start;
        getrusage(RUSAGE_THREAD, &after);
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        struct tm tm;
        localtime_r(&now.tv_sec, &tm);
        printf("%02d:%02d:%02d.%03ld %.1f %ld\n", tm.tm_hour, tm.tm_min, tm.tm_sec, now.tv_nsec / 1000000,
               (double) cpu / 1000.0, after.ru_nivcsw - before.ru_nivcsw);
        usleep((useconds_t) period_ms * 1000);
    }
}

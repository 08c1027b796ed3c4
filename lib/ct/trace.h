#ifndef VZHOST_CT_TRACE_H
#define VZHOST_CT_TRACE_H

/*
 * Where a container's start and stop spend their time: with VZ_TRACE=FILE
 * (an absolute path) in the environment of vzctl, vzctl, vzmon and the
 * container's setup (which inherit it) append one line per step to FILE,
 * "vz_trace MICROSECONDS PID STEP", the microseconds on CLOCK_MONOTONIC so
 * that the three processes' lines sort into one timeline (tests/bench/ct_trace.sh).
 * Without VZ_TRACE a step costs one getenv.
 */
void ct_trace(const char *step);

#endif

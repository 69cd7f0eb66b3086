/* Which cost floor probe/bpf/floor.bpf.c measures (its .rodata pg_floor_kind), shared with the
 * benchmark that loads it (bench/probe/probe_measure.cc). */
#ifndef PEREGRINE_PROBE_BPF_FLOOR_KIND_H_
#define PEREGRINE_PROBE_BPF_FLOOR_KIND_H_

#define PG_FLOOR_OPENAT_PATH	 0 /* openat: path read, timestamp, ring record */
#define PG_FLOOR_OPENAT_PATH_CTX 1 /* the same plus the minimal process context */
#define PG_FLOOR_CLOSE_CTX	 2 /* close: timestamp, minimal process context, ring record */

#endif /* PEREGRINE_PROBE_BPF_FLOOR_KIND_H_ */

/* Every map of the probe. Each source includes this header; the definitions are __weak so that
 * the static linker (bpftool gen object) merges the identical copies into one map each. */
#ifndef PEREGRINE_PROBE_BPF_MAPS_H_
#define PEREGRINE_PROBE_BPF_MAPS_H_

#include "helpers/base.h"
#include "probe/abi/comm_approver.h"
#include "probe/abi/path_approver.h"

/* Scratch area where one record is assembled before it is copied into the ring: prefix, process
 * context, scap header, parameter lengths, values. Offsets are masked to PG_MAX_RECORD_SIZE - 1
 * and single writes are at most PG_MAX_RECORD_SIZE / 2, so twice the record size keeps every
 * access inside the buffer for the verifier. */
#define PG_AUX_DATA_SIZE (2 * PG_MAX_RECORD_SIZE)
struct pg_aux {
	__u8 data[PG_AUX_DATA_SIZE];
	__u32 payload_pos; /* offset of the next parameter value */
	__u32 lens_pos;	   /* offset of the next parameter length */
	__u32 event_start; /* offset of the scap event header */
	__u32 nparams;	   /* parameters announced in the header */
	__u16 type;	   /* PPM event code */
	__u16 pad;
	__u32 truncated; /* parameters emptied because they did not fit */
};

/* Inner map template for ringbuf_maps; the loader sizes it and creates one per CPU. */
struct pg_ringbuf_map {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
};

/* One ring buffer per possible CPU, indexed by CPU id; installed by the loader before attach. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1); /* set to the number of possible CPUs by the loader */
	__type(key, __u32);
	__array(values, struct pg_ringbuf_map);
} ringbuf_maps SEC(".maps") __weak;

/* Interest by x86_64 syscall id: PG_INTEREST_* bits (0 = not wanted). Written at run time. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, PG_SYSCALL_MAX);
	__type(key, __u32);
	__type(value, __u8);
} interest_map SEC(".maps") __weak;

/* Filler program per syscall id, tail-called by the dispatcher. Filled by the loader. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, PG_SYSCALL_MAX);
	__type(key, __u32);
	__type(value, __u32);
} filler_table SEC(".maps") __weak;

/* Scratch buffer per CPU (a plain array indexed by CPU id: per-CPU arrays cap values at 32 KiB). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* set to the number of possible CPUs by the loader */
	__type(key, __u32);
	__type(value, struct pg_aux);
} aux_map SEC(".maps") __weak;

/* Path approvers of the open family: one set (an array, key PG_PATH_APPROVER_KEY(slot, failed),
 * see probe/abi/path_approver.h) installed in slot 0 of path_approver_map. The loader builds a
 * new set and swaps it in with one update, so a filler sees the old or the new set, never a mix
 * (the old one is freed after an RCU grace period); both lookups are array lookups. */
struct pg_path_approver_set {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * PG_PATH_SLOT_COUNT);
	__type(key, __u32);
	__type(value, struct pg_path_approver);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct pg_path_approver_set);
} path_approver_map SEC(".maps") __weak;

/* Comm approvers: one hash set keyed by syscall number (value struct pg_comm_approver, see
 * probe/abi/comm_approver.h) installed in slot 0 of comm_approver_map, swapped whole like the
 * path approver set: the dispatcher sees the old set or the new one, never a mix. */
struct pg_comm_approver_set {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PG_COMM_SYSCALLS_MAX);
	/* Sizes, not types: reached only through pointers, the value struct is a forward
	 * declaration in the object's BTF, which libbpf cannot size (and a map has BTF for both
	 * or neither). */
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct pg_comm_approver));
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct pg_comm_approver_set);
} comm_approver_map SEC(".maps") __weak;

/* Emitted records and drops by category, per CPU (one entry, per-CPU values). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pg_probe_counters);
} counters_map SEC(".maps") __weak;

#endif /* PEREGRINE_PROBE_BPF_MAPS_H_ */

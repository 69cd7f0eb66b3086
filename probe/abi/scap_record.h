/* The event record layout shared by the kernel probe, capture files and user space.
 *
 * Peregrine's events use libscap's event record layout and PPM event codes (see
 * ../shared/spec/scap-format.md §11.2 and Appendix A), so that one decoder serves live events from
 * our probe and events replayed from Falco's .scap captures. Plain C: the BPF programs include it.
 */
#ifndef PEREGRINE_PROBE_ABI_SCAP_RECORD_H_
#define PEREGRINE_PROBE_ABI_SCAP_RECORD_H_

#ifdef __BPF__
/* vmlinux.h provides __u64 and friends. */
#else
#include <linux/types.h>
#endif

/* The 26-byte header of every event record, followed by `nparams` parameter lengths (u16, or u32
 * for the "large" event codes 322, 324 and 402) and then the parameter values, concatenated. */
struct __attribute__((packed)) pg_scap_event_header {
  __u64 ts;      /* ns since the epoch */
  __u64 tid;     /* host thread id; (u64)-1 for events not tied to a thread */
  __u32 len;     /* whole record length, header included */
  __u16 type;    /* PPM event code */
  __u32 nparams; /* parameters present */
};

#define PG_SCAP_EVENT_HEADER_SIZE 26

#ifndef __BPF__
#ifdef __cplusplus
static_assert(sizeof(struct pg_scap_event_header) == PG_SCAP_EVENT_HEADER_SIZE,
              "record header is 26 packed bytes");
#else
_Static_assert(sizeof(struct pg_scap_event_header) == PG_SCAP_EVENT_HEADER_SIZE,
               "record header is 26 packed bytes");
#endif
#endif

#endif /* PEREGRINE_PROBE_ABI_SCAP_RECORD_H_ */

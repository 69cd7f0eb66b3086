#!/usr/bin/env python3
"""Writes the small hand-made seed captures of scap_reader_fuzzer (run once; output committed).

Each seed starts with the fuzzer's mode byte (see scap_reader_fuzzer.cc)."""
import gzip, os, struct, sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), '..', 'corpus', 'scap_reader_fuzzer')

def block(t, body):
    total = (12 + len(body) + 3) & ~3
    b = struct.pack('<II', t, total) + body
    b += b'\0' * (total - 4 - len(b))
    return b + struct.pack('<I', total)

def s16(s): return struct.pack('<H', len(s)) + s

SHB = block(0x0A0D0D0A, struct.pack('<IHHQ', 0x1A2B3C4D, 1, 2, 2**64 - 1))
MI = block(0x201, struct.pack('<IQQ', 2, 1 << 30, 0) + b'host'.ljust(128, b'\0') +
           struct.pack('<QQQQ', 1795767046000000000, 0, 0, 0))
IL = block(0x219, struct.pack('<IHH', 26, 1, 2) + bytes([127, 0, 0, 1, 255, 0, 0, 0, 127, 0, 0, 1]) +
           struct.pack('<Q', 0) + b'lo')
user = b'\0' + struct.pack('<II', 0, 0) + s16(b'root') + s16(b'/root') + s16(b'/bin/bash')
group = b'\1' + struct.pack('<I', 0) + s16(b'root')
UL = block(0x220, struct.pack('<I', 4 + len(user)) + user + struct.pack('<I', 4 + len(group)) + group)
thread = (struct.pack('<QQQQQ', 10, 10, 1, 10, 10) + s16(b'cat') + s16(b'cat') + s16(b'/usr/bin/cat') +
          s16(b'/etc/shadow\0') + s16(b'/tmp/') + struct.pack('<QIIIIIIQQ', 1024, 0, 0, 0, 1, 2, 3, 4, 5) +
          s16(b'PATH=/bin\0') + struct.pack('<qq', 10, 10) + s16(b'cpu=/\0') + s16(b'/') +
          struct.pack('<QIIBQQQBQQQBBq', 0, 0, 0xFFFFFFFF, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 10))
PL = block(0x215, struct.pack('<I', 4 + len(thread)) + thread)
fd = struct.pack('<QQB', 3, 99, 16) + struct.pack('<I', 1) + s16(b'/etc/hosts') + struct.pack('<I', 65024)
FDL = block(0x218, struct.pack('<Q', 10) + struct.pack('<I', 4 + len(fd)) + fd)

def record(code, ts, tid, params, large=False):
    w = 'I' if large else 'H'
    lens = b''.join(struct.pack('<' + w, len(p)) for p in params)
    vals = b''.join(params)
    return struct.pack('<QQIHI', ts, tid, 26 + len(lens) + len(vals), code, len(params)) + lens + vals

def ev(rec, t=0x216, cpu=0, flags=None):
    body = struct.pack('<H', cpu) + (struct.pack('<I', flags) if flags is not None else b'') + rec
    return block(t, body)

q = lambda v: struct.pack('<q', v)
u32 = lambda v: struct.pack('<I', v)
lo = bytes([127, 0, 0, 1])
events = [
    ev(record(354, 1, 2**64 - 1, [u32(0), u32(0), b'root\0', b'/root\0', b'/bin/bash\0', b'\0'])),
    ev(record(307, 2, 10, [q(3), q(-100), b'/etc/shadow\0', u32(1), u32(0), u32(65024), q(941)])),
    ev(record(23, 3, 10, [q(-115), b'\2' + lo + struct.pack('<H', 45184) + lo + struct.pack('<H', 18081),
                          q(3), b'\2' + lo + struct.pack('<H', 18081)])),
    ev(record(181, 4, 10, [q(0), b'/etc/shadow\0', q(-100), b'/tmp/x\0'])),
    ev(record(293, 5, 10, [q(0), b'/dev/shm/true\0', b'', q(10), q(10), q(1), b'', q(1024), q(0), q(0),
                           u32(0), u32(0), u32(0), b'true\0', b'cpu=/\0', b'PWD=/\0', u32(0), q(10),
                           u32(0xFFFFFFFF), u32(1), q(0), q(0), q(0), q(3), q(0), q(0), u32(0),
                           b'/dev/shm/true\0', q(10), u32(0), b'/dev/shm/true\0'])),
    ev(record(47, 6, 10, [q(0), q(3), b'\1', b'\4', b'\1' + q(0), u32(4)])),
    ev(record(5, 7, 10, [q(0), q(3)]), t=0x217, flags=1),
    ev(record(324, 8, 2**64 - 1, [b'{}\0'], large=True), t=0x221),
    ev(record(186, 9, 10, [q(0), q(0), b'\0', b'\0', q(0)])),
]
capture = SHB + MI + IL + UL + PL + FDL + b''.join(events)
v1 = struct.pack('<QQIH', 10, 10, 22 + 4 + 16, 5) + struct.pack('<HH', 8, 8) + q(0) + q(3)

os.makedirs(out, exist_ok=True)
seeds = {
    'plain_full': b'\0' + capture,
    'gzip_full': b'\0' + gzip.compress(capture, 6),
    'after_shb_events': b'\1' + b''.join(events),
    'gzip_events': b'\2' + MI + b''.join(events[:4]),
    'v1_event': b'\1' + block(0x204, struct.pack('<H', 0) + v1),
    'raw_deflate': b'\3' + gzip.compress(capture, 1)[10:],
}
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
print('wrote', len(seeds), 'seeds to', out)

#!/usr/bin/env python3
"""Generates the event table data from scap-format.md (Appendix A and Appendix D).

Writes runtime/catalog/event_table_data.inc (C++ constexpr tables included by event_table.cc) and
runtime/catalog/event_codes.h (a plain-C enum of the event codes, usable from BPF programs).

Usage: gen_event_table.py [path/to/scap-format.md] [--out-dir runtime/catalog]
The outputs are committed; the build never runs this script.
"""

import argparse
import os
import re
import sys

# PT_* type name in the spec -> (C++ enumerator, numeric PT id from scap-format.md §12).
PARAM_TYPES = {
    "NONE": ("kNone", 0),
    "INT8": ("kInt8", 1),
    "INT16": ("kInt16", 2),
    "INT32": ("kInt32", 3),
    "INT64": ("kInt64", 4),
    "UINT8": ("kUint8", 5),
    "UINT16": ("kUint16", 6),
    "UINT32": ("kUint32", 7),
    "UINT64": ("kUint64", 8),
    "CHARBUF": ("kCharBuf", 9),
    "BYTEBUF": ("kByteBuf", 10),
    "ERRNO": ("kErrno", 11),
    "SOCKADDR": ("kSockAddr", 12),
    "SOCKTUPLE": ("kSockTuple", 13),
    "FD": ("kFd", 14),
    "PID": ("kPid", 15),
    "FDLIST": ("kFdList", 16),
    "FSPATH": ("kFsPath", 17),
    "SYSCALLID": ("kSyscallId", 18),
    "SIGTYPE": ("kSigType", 19),
    "RELTIME": ("kRelTime", 20),
    "ABSTIME": ("kAbsTime", 21),
    "PORT": ("kPort", 22),
    "L4PROTO": ("kL4Proto", 23),
    "SOCKFAMILY": ("kSockFamily", 24),
    "BOOL": ("kBool", 25),
    "IPV4ADDR": ("kIpv4Addr", 26),
    "DYN": ("kDyn", 27),
    "FLAGS8": ("kFlags8", 28),
    "FLAGS16": ("kFlags16", 29),
    "FLAGS32": ("kFlags32", 30),
    "UID": ("kUid", 31),
    "GID": ("kGid", 32),
    "DOUBLE": ("kDouble", 33),
    "SIGSET": ("kSigSet", 34),
    "CHARBUFARRAY": ("kCharBufArray", 35),
    "CHARBUF_PAIR_ARRAY": ("kCharBufPairArray", 36),
    "IPV4NET": ("kIpv4Net", 37),
    "IPV6ADDR": ("kIpv6Addr", 38),
    "IPV6NET": ("kIpv6Net", 39),
    "IPADDR": ("kIpAddr", 40),
    "IPNET": ("kIpNet", 41),
    "MODE": ("kMode", 42),
    "FSRELPATH": ("kFsRelPath", 43),
    "ENUMFLAGS8": ("kEnumFlags8", 44),
    "ENUMFLAGS16": ("kEnumFlags16", 45),
    "ENUMFLAGS32": ("kEnumFlags32", 46),
    "FD32": ("kFd32", 47),
    "PID32": ("kPid32", 48),
}

TAGS = {
    "old": "kTagOld",
    "unused": "kTagUnused",
    "large": "kTagLarge",
    "fd+": "kTagFdCreate",
    "fd-": "kTagFdDestroy",
    "fd": "kTagFdUse",
    "state": "kTagState",
    "skip": "kTagSkip",
}

NUM_EVENT_CODES = 454

PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z0-9_]+):(?P<type>[A-Z0-9_]+)"
    r"(?:/(?P<table>[a-z0-9_]+))?(?:@(?P<dirfd>\d+))?(?:\{(?P<dyn>[^}]*)\})?$")


def fail(msg):
    sys.stderr.write("gen_event_table: " + msg + "\n")
    sys.exit(1)


def section(text, title_prefix):
    """Returns the lines of the markdown section whose heading starts with title_prefix."""
    lines = text.splitlines()
    start = None
    for i, line in enumerate(lines):
        if line.startswith("## " + title_prefix):
            start = i + 1
            break
    if start is None:
        fail("section '%s' not found" % title_prefix)
    end = len(lines)
    for j in range(start, len(lines)):
        if lines[j].startswith("## "):
            end = j
            break
    return lines[start:end]


def split_params(text):
    """Splits 'a:T, b:DYN{0:X,1:Y}' on top-level commas."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def parse_param(code, text):
    m = PARAM_RE.match(text)
    if not m:
        fail("code %d: cannot parse parameter '%s'" % (code, text))
    ptype = m.group("type")
    if ptype not in PARAM_TYPES:
        fail("code %d: unknown parameter type '%s'" % (code, ptype))
    dyn = []
    if m.group("dyn") is not None:
        if ptype != "DYN":
            fail("code %d: {...} on a non-DYN parameter" % code)
        for k, item in enumerate(m.group("dyn").split(",")):
            idx, _, t = item.strip().partition(":")
            if int(idx) != k or t not in PARAM_TYPES:
                fail("code %d: bad DYN list '%s'" % (code, m.group("dyn")))
            dyn.append(t)
    elif ptype == "DYN":
        fail("code %d: DYN parameter without a type list" % code)
    dirfd = int(m.group("dirfd")) if m.group("dirfd") is not None else -1
    return {
        "name": m.group("name"),
        "type": ptype,
        "table": m.group("table") or "",
        "dirfd": dirfd,
        "dyn": dyn,
    }


def parse_events(lines):
    events = []
    for line in lines:
        if not re.match(r"^\|\s*\d+\s*\|", line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6:
            fail("bad row: " + line)
        code = int(cells[0])
        direction, name, symbol, tags, params = cells[1:]
        if direction not in ("E", "X"):
            fail("code %d: bad dir '%s'" % (code, direction))
        if (code % 2 == 1) != (direction == "X"):
            fail("code %d: dir %s disagrees with parity" % (code, direction))
        tag_list = tags.split()
        for t in tag_list:
            if t not in TAGS:
                fail("code %d: unknown tag '%s'" % (code, t))
        plist = []
        if params not in ("—", "-", ""):
            plist = [parse_param(code, p) for p in split_params(params)]
        for p in plist:
            if p["dirfd"] >= 0 and (p["dirfd"] >= len(plist) or plist[p["dirfd"]]["type"] != "FD"):
                fail("code %d: @%d does not name an FD parameter" % (code, p["dirfd"]))
        events.append({
            "code": code,
            "exit": direction == "X",
            "name": name,
            "symbol": symbol,
            "tags": tag_list,
            "params": plist,
        })
    if len(events) != NUM_EVENT_CODES:
        fail("expected %d event rows, found %d" % (NUM_EVENT_CODES, len(events)))
    for i, e in enumerate(events):
        if e["code"] != i:
            fail("event rows out of order at %d (code %d)" % (i, e["code"]))
    return events


def parse_syscalls(lines):
    text = " ".join(lines)
    pairs = re.findall(r"(\d+):([a-z0-9_]+)", text)
    names = {}
    for value, name in pairs:
        names[int(value)] = name
    count = max(names) + 1
    for i in range(count):
        if i not in names:
            fail("syscall code %d missing from Appendix D" % i)
    return [names[i] for i in range(count)]


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit_inc(events, syscalls, source_name):
    out = []
    out.append("// Generated by tools/gen/gen_event_table.py from %s (Appendix A, D)." % source_name)
    out.append("// Do not edit: re-run the generator. Included by runtime/catalog/event_table.cc")
    out.append("// inside namespace peregrine::catalog::internal.")
    out.append("// clang-format off")
    out.append("")

    # DYN type lists, flattened.
    dyn_flat = []
    dyn_offsets = {}
    for e in events:
        for i, p in enumerate(e["params"]):
            if p["dyn"]:
                dyn_offsets[(e["code"], i)] = len(dyn_flat)
                dyn_flat.extend(p["dyn"])
    out.append("inline constexpr ParamType kDynTypes[] = {")
    for t in dyn_flat:
        out.append("    ParamType::%s," % PARAM_TYPES[t][0])
    out.append("};")
    out.append("")

    # All parameters, flattened.
    out.append("inline constexpr ParamInfo kAllParams[] = {")
    param_offsets = {}
    n = 0
    for e in events:
        param_offsets[e["code"]] = n
        for i, p in enumerate(e["params"]):
            if p["dyn"]:
                dyn = "absl::Span<const ParamType>(kDynTypes + %d, %d)" % (
                    dyn_offsets[(e["code"], i)], len(p["dyn"]))
            else:
                dyn = "{}"
            out.append("    {%s, ParamType::%s, %s, %d, %s},  // %d.%d" % (
                cstr(p["name"]), PARAM_TYPES[p["type"]][0], cstr(p["table"]), p["dirfd"], dyn,
                e["code"], i))
            n += 1
    out.append("};")
    out.append("")

    out.append("inline constexpr EventInfo kEvents[kNumEventCodes] = {")
    for e in events:
        tags = " | ".join(TAGS[t] for t in e["tags"]) or "0"
        if e["params"]:
            params = "absl::Span<const ParamInfo>(kAllParams + %d, %d)" % (
                param_offsets[e["code"]], len(e["params"]))
        else:
            params = "{}"
        out.append("    {%d, %s, %s, %s, %s, %s}," % (
            e["code"], "true" if e["exit"] else "false", cstr(e["name"]), cstr(e["symbol"]), tags,
            params))
    out.append("};")
    out.append("")

    # Name index: every name except the unused "NA" rows, sorted, with its codes.
    by_name = {}
    for e in events:
        if "unused" in e["tags"]:
            continue
        by_name.setdefault(e["name"], []).append(e["code"])
    names = sorted(by_name)
    codes_flat = []
    out.append("inline constexpr uint16_t kCodesByName[] = {")
    name_rows = []
    for nm in names:
        name_rows.append((nm, len(codes_flat), len(by_name[nm])))
        codes_flat.extend(by_name[nm])
        out.append("    %s,  // %s" % (", ".join(str(c) for c in by_name[nm]), nm))
    out.append("};")
    out.append("")
    out.append("inline constexpr NameCodes kNameIndex[] = {")
    for nm, off, cnt in name_rows:
        out.append("    {%s, absl::Span<const uint16_t>(kCodesByName + %d, %d)}," % (cstr(nm), off,
                                                                                    cnt))
    out.append("};")
    out.append("")

    pnames = sorted({p["name"] for e in events for p in e["params"]})
    out.append("// Every parameter name of any event, sorted (for evt.arg.NAME validation).")
    out.append("inline constexpr std::string_view kParamNames[] = {")
    for pn in pnames:
        out.append("    %s," % cstr(pn))
    out.append("};")
    out.append("")

    out.append("inline constexpr int kNumSyscallCodes = %d;" % len(syscalls))
    out.append("inline constexpr std::string_view kSyscallNames[kNumSyscallCodes] = {")
    for i, s in enumerate(syscalls):
        out.append("    %s,  // %d" % (cstr(s), i))
    out.append("};")
    out.append("")
    out.append("// (name, syscall id), sorted by name.")
    out.append("inline constexpr SyscallEntry kSyscallsByName[] = {")
    for s, i in sorted((s, i) for i, s in enumerate(syscalls)):
        out.append("    {%s, %d}," % (cstr(s), i))
    out.append("};")
    out.append("// clang-format on")
    return "\n".join(out) + "\n"


def emit_codes_header(events, source_name):
    out = []
    out.append("/* PPM event codes (plain C, usable from BPF programs and C++).")
    out.append(" *")
    out.append(" * Generated by tools/gen/gen_event_table.py from %s Appendix A." % source_name)
    out.append(" * Do not edit: re-run the generator. Symbols are the libs names with PG_EVT_")
    out.append(" * in place of PPME_. */")
    out.append("#ifndef PEREGRINE_RUNTIME_CATALOG_EVENT_CODES_H_")
    out.append("#define PEREGRINE_RUNTIME_CATALOG_EVENT_CODES_H_")
    out.append("")
    out.append("enum pg_event_code {")
    for e in events:
        out.append("  PG_EVT_%s = %d," % (e["symbol"], e["code"]))
    out.append("  PG_EVT_COUNT = %d" % len(events))
    out.append("};")
    out.append("")
    out.append("#endif /* PEREGRINE_RUNTIME_CATALOG_EVENT_CODES_H_ */")
    return "\n".join(out) + "\n"


def write_if_changed(path, content, check=False):
    old = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if old != content and check:
        print("out of date: " + path)
        return False
    if old != content:
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        print("wrote " + path)
    else:
        print("unchanged " + path)
    return True


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("spec", nargs="?",
                    default=os.path.join(repo, "..", "shared", "spec", "scap-format.md"))
    ap.add_argument("--out-dir", default=os.path.join(repo, "runtime", "catalog"))
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if a committed output differs")
    args = ap.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        text = f.read()
    events = parse_events(section(text, "Appendix A"))
    syscalls = parse_syscalls(section(text, "Appendix D"))
    source_name = "scap-format.md"
    ok = write_if_changed(os.path.join(args.out_dir, "event_table_data.inc"),
                          emit_inc(events, syscalls, source_name), args.check)
    ok = write_if_changed(os.path.join(args.out_dir, "event_codes.h"),
                          emit_codes_header(events, source_name), args.check) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

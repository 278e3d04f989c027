#!/usr/bin/python3
# botocore_parse.py -- time Debian's python3-botocore parsing a recording
#
#   bench/botocore_parse.py [--reps N] RECORDING_DIR
#
# Reads every response file of an `irready audit --record` directory
# (<account>/<region>/<service>.<Action>[...].http, see fixtures/README.md)
# into memory, then times botocore.parsers.create_parser(protocol).parse()
# over all of them with each operation's output shape -- parsing only, the
# engine the Python auditors are built on. Prints JSON: files, bytes, the
# median and every repetition's seconds (wall, and CPU of this process),
# and a per-protocol breakdown.
import argparse
import json
import os
import statistics
import sys
import time

import botocore.loaders
import botocore.model
import botocore.parsers


def split_http(data):
    """A recorded response -> (status, {header: value}, body)."""
    a, b = data.find(b"\r\n\r\n"), data.find(b"\n\n")
    if a != -1 and (b == -1 or a < b):
        head, body = data[:a], data[a + 4:]
    elif b != -1:
        head, body = data[:b], data[b + 2:]
    else:
        head, body = data, b""
    lines = head.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        if k:
            hdrs[k.strip().lower()] = v.strip()
    return status, hdrs, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("dir")
    o = ap.parse_args()
    loader = botocore.loaders.Loader()
    models, parsers = {}, {}
    work, skipped, nbytes = [], [], 0
    for dp, _, fns in os.walk(o.dir):
        for fn in sorted(fns):
            if not fn.endswith(".http"):
                continue
            svc, _, rest = fn.partition(".")
            action = rest.split(".", 1)[0]
            if svc not in models:
                try:
                    models[svc] = botocore.model.ServiceModel(
                        loader.load_service_model(svc, "service-2"), svc)
                except Exception:
                    models[svc] = None
            m = models[svc]
            try:
                op = m.operation_model(action) if m else None
            except Exception:
                op = None
            if op is None:
                skipped.append(fn)
                continue
            proto = m.metadata["protocol"]
            if proto not in parsers:
                parsers[proto] = botocore.parsers.create_parser(proto)
            with open(os.path.join(dp, fn), "rb") as f:
                data = f.read()
            nbytes += len(data)
            status, hdrs, body = split_http(data)
            work.append((proto, parsers[proto], op.output_shape,
                         {"status_code": status, "headers": hdrs,
                          "body": body}))
    times, cpus, per = [], [], {}
    for _ in range(o.reps):
        t0, c0 = time.perf_counter(), time.process_time()
        for proto, parser, shape, resp in work:
            t = time.perf_counter()
            parser.parse(resp, shape)
            per[proto] = per.get(proto, 0.0) + time.perf_counter() - t
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    json.dump({"files": len(work), "bytes": nbytes, "skipped": skipped,
               "parse_s": statistics.median(times), "reps": times,
               "cpu_s": statistics.median(cpus),
               "per_protocol_s": {k: v / o.reps for k, v in per.items()}},
              sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

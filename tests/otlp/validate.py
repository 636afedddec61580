"""Validates `maestro export --otlp` output against OpenTelemetry's own protobuf schema.

Each argument is an OTLP JSON Lines file: every line must parse, strictly (no unknown field,
every value of its declared type), as `opentelemetry.proto.trace.v1.TracesData` with the
`opentelemetry-proto` package; ids must be lowercase hex of 16 (trace) and 8 (span) bytes, as
the OTLP/JSON encoding writes them (protobuf's own JSON mapping would want base64, so they are
converted before parsing and checked on the parsed message), and every span must end no earlier
than it starts. Prints one line per file; exits 1 on the first problem, naming file and line.

Installed by `./x test` into .tools/python (`pip install --target`), run with that on the path.
"""

import base64
import json
import re
import sys

from google.protobuf import json_format
from opentelemetry.proto.trace.v1.trace_pb2 import TracesData

HEX = {"traceId": 16, "spanId": 8, "parentSpanId": 8}


def to_proto_json(value, where):
    """The line with its hex ids as base64 (protobuf's JSON mapping of `bytes`)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in HEX:
                if not re.fullmatch(r"[0-9a-f]{%d}" % (2 * HEX[key]), item) or set(item) == {"0"}:
                    raise ValueError(f"{where}: {key} {item!r} is not {HEX[key]} bytes of lowercase hex")
                item = base64.b64encode(bytes.fromhex(item)).decode()
            else:
                item = to_proto_json(item, where)
            out[key] = item
        return out
    if isinstance(value, list):
        return [to_proto_json(item, where) for item in value]
    return value


def check(path):
    traces = spans = 0
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            where = f"{path}:{number}"
            data = TracesData()
            json_format.Parse(json.dumps(to_proto_json(json.loads(line), where)), data)
            for resource in data.resource_spans:
                for scope in resource.scope_spans:
                    for span in scope.spans:
                        if len(span.trace_id) != 16 or len(span.span_id) != 8:
                            raise ValueError(f"{where}: span {span.name!r} has ids of the wrong size")
                        if span.end_time_unix_nano < span.start_time_unix_nano:
                            raise ValueError(f"{where}: span {span.name!r} ends before it starts")
                        if not span.name:
                            raise ValueError(f"{where}: a span without a name")
                        spans += 1
            traces += 1
    if traces == 0:
        raise ValueError(f"{path}: no trace")
    print(f"{path}: {traces} traces, {spans} spans, valid TracesData")


def main(paths):
    if not paths:
        print("usage: validate.py FILE.otlp.jsonl...", file=sys.stderr)
        return 2
    try:
        for path in paths:
            check(path)
    except (ValueError, json_format.ParseError, json.JSONDecodeError) as e:
        print(f"not valid OTLP: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
